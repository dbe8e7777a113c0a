import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '../../src/environments/load-environment';
import { loadPeers } from '../../src/environments/peers';
import { renderEnvironment, type RenderedEnvironment } from '../../src/render/render-environment';
import { digestOf, peerParityFindings } from '../../src/render/peer-parity';
import { plimsoll, ROOT, snapshotTree, tempDir } from '../helpers/cli';
import { editedEnvironments, inSre, objectsIn, PEERS } from '../systems/sre/helpers';
import { withOverride } from '../helpers/environments';

/** `Kind ns/name container "c"` → image, for every container of dist/<env>. */
function shippedImages(env: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const { object: o } of objectsIn(join(ROOT, 'dist', env))) {
    const pod = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])])
      out.set(`${o.kind} ${o.metadata.namespace}/${o.metadata.name} "${c.name}"`, c.image);
  }
  return out;
}

const rendered = (name: string, dir?: string): RenderedEnvironment => {
  const { env } = loadEnvironment(name, dir);
  return renderEnvironment(env, loadPeers(env, dir));
};

/** A copy of a rendered environment whose object at `index` is replaced by `edit(object)`. */
function withObject(r: RenderedEnvironment, match: (o: any) => boolean, edit: (o: any) => void): RenderedEnvironment {
  const objects = r.objects.map((o) => {
    if (!match(o.object)) return o;
    const object = structuredClone(o.object);
    edit(object);
    return { ...o, object };
  });
  return { ...r, objects };
}

describe('peer production clusters', () => {
  it('every image digest is identical across the shipped peers (dist/prod-fsn and dist/prod-hel)', () => {
    const [fsn, hel] = PEERS.map(shippedImages);
    expect(fsn.size).toBeGreaterThanOrEqual(8);
    expect([...hel.keys()].sort()).toEqual([...fsn.keys()].sort());
    for (const [container, image] of fsn) {
      expect(image, container).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(digestOf(hel.get(container)!), container).toBe(digestOf(image));
    }
  });

  it('render identical alert rules and Runbooks up to cluster identity, and agree on everything that must match', () => {
    const [fsn, hel] = PEERS.map((p) => rendered(p));
    expect(peerParityFindings(fsn, hel)).toEqual([]);
    expect(fsn.identity).toEqual(['hz-fsn-rtz-prod', 'prod-fsn']);
  });

  it('fails if a peer runs another image digest, naming both environments, the container and both images', () => {
    const [fsn, hel] = PEERS.map((p) => rendered(p));
    const other = `registry.acme.example/platform/shipshape-helloworld@sha256:${'e'.repeat(64)}`;
    const drifted = withObject(
      hel,
      (o) => o.kind === 'Deployment' && o.metadata.name === 'helloworld-prod',
      (o) => (o.spec.template.spec.containers[0].image = other),
    );
    const problems = peerParityFindings(fsn, drifted);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'peer-parity', severity: 'error', file: '', line: null, object: null, path: '' });
    expect(problems[0].message).toMatch(
      /^peers prod-fsn and prod-hel: Deployment shipshape\/helloworld-prod container "helloworld" image digest differs: prod-fsn registry\.acme\.example\/platform\/shipshape-helloworld@sha256:1444.*, prod-hel .*@sha256:e{64} \(image digests must match\)$/,
    );
    // The same digest from another registry (an air-gapped peer's Harbor) is the same image.
    const mirrored = withObject(
      hel,
      (o) => o.kind === 'Deployment' && o.metadata.name === 'helloworld-prod',
      (o) =>
        (o.spec.template.spec.containers[0].image = o.spec.template.spec.containers[0].image.replace(
          'registry.acme.example/platform',
          'harbor.internal/mirror/platform',
        )),
    );
    expect(peerParityFindings(fsn, mirrored)).toEqual([]);
  });

  it('fails if a peer alerts differently, naming the rule, the alert and both values', () => {
    const [fsn, hel] = PEERS.map((p) => rendered(p));
    const drifted = withObject(
      hel,
      (o) => o.kind === 'PrometheusRule' && o.metadata.name === 'helloworld',
      (o) => {
        const rule = o.spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === 'HelloworldHighErrorRate');
        rule.for = '15m';
      },
    );
    const problems = peerParityFindings(fsn, drifted);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(
      /^peers prod-fsn and prod-hel: PrometheusRule shipshape\/helloworld differs at \/spec\/groups\/[^ ]+\/rules\/HelloworldHighErrorRate\/for \(prod-fsn vs prod-hel\): "5m" vs "15m" \(alert rules must match\)$/,
    );
  });

  it('fails synth (exit 1) and writes nothing when a peer does not run a workload the other runs', async () => {
    const envs = editedEnvironments('prod-hel', (t) => withOverride(t, 'zenWatcher: { ...production.zenWatcher, enabled: false }'));
    const out = tempDir();
    const r = await plimsoll(['synth', '--out', out, '--environments', envs]);
    expect(r.status).toBe(1);
    // Reported like every check's findings: the validator's text format, the check id after the message.
    expect(r.stderr).toMatch(/^peer parity:$/m);
    expect(r.stderr).toMatch(
      / error +peers prod-fsn and prod-hel: Deployment zen-system\/zen-watcher container "zen-watcher" runs in prod-fsn only .* {2}peer-parity$/m,
    );
    expect(r.stderr).toMatch(
      / error +peers prod-fsn and prod-hel: PrometheusRule zen-system\/zen-watcher is rendered in prod-fsn only \(alert rules must match\) {2}peer-parity$/m,
    );
    expect(r.stderr).toMatch(/plimsoll synth: \d+ peer disagreements above; nothing was written/);
    expect(snapshotTree(out).size).toBe(0);
  });

  it('fails synth of one peer (exit 1) when its unrequested peer disagrees on alert rules, and writes only what was asked otherwise', async () => {
    const envs = editedEnvironments('prod-hel', inSre("components: ['catalyst-control-plane', 'communication'],"));
    const r = await plimsoll(['synth', '--env', 'prod-fsn', '--out', tempDir(), '--environments', envs]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      / error +peers prod-fsn and prod-hel: PrometheusRule catalyst-system\/slo-communication is rendered in prod-hel only \(alert rules must match\) {2}peer-parity$/m,
    );
    const out = tempDir();
    expect((await plimsoll(['synth', '--env', 'prod-fsn', '--out', out])).status).toBe(0);
    expect(readdirSync(out).filter((e) => !e.startsWith('.'))).toEqual(['prod-fsn']);
  });

  it('fails (exit 2) when peers do not list each other, naming both environments and the fix', async () => {
    const envs = editedEnvironments('prod-hel', (t) => t.replace("peers: ['prod-fsn'],", 'peers: [],'));
    const r = await plimsoll(['synth', '--out', tempDir(), '--environments', envs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /prod-hel\.ts: \/sre\/peers: prod-fsn lists prod-hel as a peer but prod-hel does not list prod-fsn; expected peers to list each other \(add "prod-fsn"\)/,
    );
  });

  it('fails (exit 2) when peers configure the GSLB records or the public hosts differently', async () => {
    const envs = editedEnvironments('prod-hel', (t) =>
      withOverride(
        inSre('gslb: { ...production.sre.gslb, ttlSeconds: 45 },')(t),
        "hostnames: { ...production.hostnames, test: 'staging.helloworld.shipshape.example.com' }",
      ),
    );
    const r = await plimsoll(['synth', '--out', tempDir(), '--environments', envs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/sre/gslb/ttlSeconds: prod-fsn and prod-hel differ (prod-fsn 30, prod-hel 45); expected identical GSLB settings');
    expect(r.stderr).toContain(
      '/hostnames/test: prod-fsn and prod-hel differ (prod-fsn "test.helloworld.shipshape.example.com", prod-hel "staging.helloworld.shipshape.example.com")',
    );
  });

  it('fails (exit 2) when a listed peer does not exist', async () => {
    const envs = editedEnvironments('lab', inSre("peers: ['prod-nbg'], failover: { witness: { endpoint: 'https://witness.example/kv' } },"));
    const r = await plimsoll(['synth', '--env', 'lab', '--out', tempDir(), '--environments', envs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('environment lab lists peer "prod-nbg" (sre.peers), which cannot be loaded: unknown environment "prod-nbg"');
  });

  it('validate skips the rendered files that are not Kubernetes objects (manifest.json artifacts)', async () => {
    const dir = join(ROOT, 'dist/prod-fsn');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.length).toBe(3);
    for (const a of manifest.artifacts) expect(existsSync(join(dir, a.path)), a.path).toBe(true);
    const r = await plimsoll(['validate', dir, '--format', 'json']);
    expect(r.status, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.files).toBe(
      manifest.objects.filter((o: { stage: string | null }) => o.stage).length + manifest.objects.filter((o: { stage: string | null }) => !o.stage).length,
    );
    expect(report.findings.filter((f: any) => f.file.includes('alertmanager.yaml'))).toEqual([]);
  });
});
