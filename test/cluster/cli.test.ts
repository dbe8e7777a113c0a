/**
 * The live-cluster commands as a user runs them, against the fake API server: the CLI in-process (runCli), so the
 * server answers from this same process (test/cluster/client.test.ts runs the real bin against it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, plimsoll, tempDir } from '../helpers/cli';
import { prodFsnCluster, type FakeCluster } from '../helpers/fake-cluster';

const run = plimsoll;

let fake: FakeCluster;
/** Objects rendered for prod-fsn (dist/prod-fsn/manifest.json): every count below follows it. */
const N: number = JSON.parse(readFileSync(join(ROOT, 'dist', 'prod-fsn', 'manifest.json'), 'utf8')).objects.length;
beforeAll(async () => {
  // The CLI uses the real clock: shift the fixture's timestamps to now.
  fake = await prodFsnCluster({ now: new Date() });
});
afterAll(() => fake.close());

const on = (context = 'fake') => ['--env', 'prod-fsn', '--context', context, '--kubeconfig', fake.kubeconfig, '--request-timeout', '5s'];

describe('live-cluster CLI', () => {
  it('verify exits 0 on a healthy cluster and prints the validate report', async () => {
    const r = await run(['verify', ...on()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`0 errors, 0 warnings, 0 waived · ${N} objects in ${N} files\n`);
  });

  it('verify exits 1 with findings, as text and as the validate JSON report', async () => {
    const saved = fake.store.get('v1|ConfigMap|shipshape|helloworld-config-test')!;
    fake.store.delete('v1|ConfigMap|shipshape|helloworld-config-test');
    try {
      const text = await run(['verify', ...on()]);
      expect(text.status).toBe(1);
      expect(text.stdout).toContain('dist/prod-fsn/03-overlays-test/configmap_shipshape_helloworld-config-test.yaml\n');
      expect(text.stdout).toMatch(
        /error +ConfigMap shipshape\/helloworld-config-test does not exist .* — runbook: docs\/runbooks\/post-deploy\.md#rendered-objects-exist {2}cluster-object-exists · ConfigMap shipshape\/helloworld-config-test/,
      );
      const json = await run(['verify', ...on(), '--format', 'json']);
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.summary).toEqual({ files: N, objects: N, errors: 1, warnings: 0, waived: 0 });
      expect(report.findings[0]).toMatchObject({
        rule: 'cluster-object-exists',
        severity: 'error',
        line: null,
        object: { kind: 'ConfigMap', namespace: 'shipshape', name: 'helloworld-config-test' },
      });
    } finally {
      fake.store.set('v1|ConfigMap|shipshape|helloworld-config-test', saved);
    }
  });

  it('diff exits 0 without differences and 1 with them', async () => {
    const same = await run(['diff', ...on()]);
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(
      new RegExp(`^diff prod-fsn · context fake · https://127\\.0\\.0\\.1:\\d+\\n\\n0 changed, 0 created, ${N} unchanged, 0 errors · ${N} objects\\n$`),
    );
    const cm = fake.object('ConfigMap', 'shipshape', 'helloworld-config-test');
    const data = cm.data;
    cm.data = { MESSAGE: 'drifted' };
    try {
      const changed = await run(['diff', ...on(), '--format', 'json']);
      expect(changed.status).toBe(1);
      const json = JSON.parse(changed.stdout);
      expect(json.summary).toEqual({ unchanged: N - 1, changed: 1, created: 0, errors: 0 });
      expect(json.objects.find((o: { action: string }) => o.action === 'changed')).toMatchObject({
        stage: '03-overlays-test',
        object: { name: 'helloworld-config-test' },
      });
    } finally {
      cm.data = data;
    }
  });

  it('status exits 0 when every stage is Ready', async () => {
    const r = await run(['status', ...on()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/all 9 stages Ready\n$/);
  });

  it('resolve egress prints the CIDRs and, with --write, edits the overlay in place', async () => {
    const prod = await run(['resolve', 'egress', ...on()]);
    expect(prod.status).toBe(0);
    expect(prod.stdout).toContain('apiServerCidrs:\n  - 10.96.0.1/32\n  - 10.48.0.10/32\n  - 10.48.0.11/32\n  - 10.48.0.12/32\n');
    expect(prod.stdout).toContain('environments/prod-fsn.ts:11: apiServerCidrs already lists exactly these; nothing to change.');

    const dir = tempDir();
    cpSync(join(ROOT, 'environments'), join(dir, 'environments'), { recursive: true });
    const before = readFileSync(join(dir, 'environments', 'lab.ts'), 'utf8');
    const args = ['resolve', 'egress', '--env', 'lab', '--context', 'fake', '--kubeconfig', fake.kubeconfig, '--environments', join(dir, 'environments')];
    const dry = await run(args);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(
      "-  apiServerCidrs: []\n+  apiServerCidrs: ['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32']\n\nrun again with --write",
    );
    expect(readFileSync(join(dir, 'environments', 'lab.ts'), 'utf8')).toBe(before);
    const write = await run([...args, '--write']);
    expect(write.status).toBe(0);
    expect(write.stdout).toContain('wrote ');
    expect(readFileSync(join(dir, 'environments', 'lab.ts'), 'utf8')).toBe(
      before.replace('apiServerCidrs: [],', "apiServerCidrs: ['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32'],"),
    );
    const again = await run([...args, '--write']);
    expect(again.stdout).toContain('apiServerCidrs already lists exactly these');
  });

  it('exits 2 with a clear message, never a stack trace, for expired credentials, missing RBAC and an unreachable cluster', async () => {
    const expired = await run(['verify', ...on('fake-expired')]);
    expect(expired.status).toBe(2);
    expect(expired.stderr).toMatch(
      /^plimsoll verify: the API server at https:\/\/127\.0\.0\.1:\d+ \(context "fake-expired"\) rejected the credentials of user "expired" \(401 Unauthorized: Unauthorized\); they may have expired/,
    );
    fake.addFault({ path: '/api/v1/namespaces/shipshape/pods', status: 403, body: '403-list-pods.json' });
    const denied = await run(['verify', ...on()]);
    expect(denied.status).toBe(2);
    expect(denied.stderr).toMatch(/^plimsoll verify: forbidden: user "reader" \(context "fake"\) may not list pods in namespace "shipshape" \(403; /);
    const unreachable = await run(['status', ...on('fake-unreachable')]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(/^plimsoll status: cannot reach the API server at https:\/\/127\.0\.0\.1:1 \(context "fake-unreachable"\)/);
    for (const r of [expired, denied, unreachable]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 on usage errors: no --context, unknown context, unknown format, unknown environment', async () => {
    const noContext = await run(['diff', '--env', 'prod-fsn']);
    expect(noContext.status).toBe(2);
    expect(noContext.stderr).toContain('diff needs --context NAME');
    const unknown = await run(['status', ...on('prod')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown context "prod" in kubeconfig/);
    const format = await run(['status', ...on(), '--format', 'sarif']);
    expect(format.status).toBe(2);
    const env = await run(['verify', '--env', 'nowhere', '--context', 'fake', '--kubeconfig', fake.kubeconfig]);
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/dist\/nowhere\/manifest\.json does not exist; render the environment first/);
  });
});
