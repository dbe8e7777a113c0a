import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir, plimsoll, webDeployment } from '../helpers/cli';

const D = 'sha256:' + 'b'.repeat(64);

const good = webDeployment(`registry.example.com/web@${D}`);

/** The Secrets and the claim the runbooks create before the first reconcile (policies/platform.yaml `externalObjects`). */
const PRE_CREATED = / (Secret stellaops\/zastava-(authority-dpop|authority-mtls|webhook-tls)|PersistentVolumeClaim plimsoll-system\/runtime-evidence),/;

describe('plimsoll validate', () => {
  it('validates the committed dist/ as a user would: each environment with its own tier, exit 0', async () => {
    // dist/<env>/manifest.json names the tier; lab's API-server CIDRs are not resolved yet, so the deny placeholder
    // is rendered and placeholder-cidr warns there (it is an error in production). Nothing else may be reported.
    for (const policy of [[], ['--policy', 'policies/platform.yaml']]) {
      const r = await plimsoll(['validate', 'dist/', '--format', 'json', ...policy]);
      expect(r.stderr).toBe('');
      expect(r.status, r.stdout).toBe(0);
      const report = JSON.parse(r.stdout) as {
        findings: Array<{ rule: string; severity: string; file: string }>;
        summary: { errors: number; skipped: number };
        skipped: Array<{ file: string }>;
        inputWarnings: string[];
      };
      expect(report.summary.errors).toBe(0);
      // Each environment's alertmanager.yaml and the production GSLB payloads (JSON) are artifacts synth recorded:
      // skipped, and listed, with no warning. manifest.json itself describes the folder and is not listed.
      expect(report.skipped.map((s) => s.file)).toEqual([
        'dist/lab/alertmanager/alertmanager.yaml',
        'dist/prod-fsn/alertmanager/alertmanager.yaml',
        'dist/prod-fsn/gslb/shipshape.example.com.rrsets.json',
        'dist/prod-hel/alertmanager/alertmanager.yaml',
        'dist/prod-hel/gslb/shipshape.example.com.rrsets.json',
      ]);
      expect(report.summary.skipped).toBe(5);
      expect(report.inputWarnings).toEqual([]);
      for (const f of report.findings.filter((x) => !(x as { waived?: string }).waived)) {
        // What the runbooks say to create before the first reconcile (the Zastava Secrets, the evidence claim) is not
        // in dist/: the recommended policy says so, as warnings; the platform policy lists them as external objects.
        if (!policy.length && f.rule === 'dangling-reference') {
          expect(f.severity).toBe('warning');
          expect((f as unknown as { message: string }).message).toMatch(PRE_CREATED);
          continue;
        }
        expect(f.file.startsWith('dist/lab/'), JSON.stringify(f)).toBe(true);
        expect([f.rule, f.severity]).toEqual(['placeholder-cidr', 'warning']);
      }
    }
  });

  it('validates each environment as its own cluster: objects of one never satisfy references of another', async () => {
    const r = await plimsoll(['validate', 'dist/prod-fsn', '--env', 'prod-fsn', '--tier', 'production', '--format', 'json']);
    expect(r.status).toBe(0);
    // Only what the runbooks have created out of band (see above), nothing another environment would have made.
    const open = JSON.parse(r.stdout).findings.filter((f: { waived?: string }) => !f.waived) as Array<{ rule: string; severity: string; message: string }>;
    expect(open.length).toBeGreaterThan(0);
    for (const f of open) {
      expect([f.rule, f.severity]).toEqual(['dangling-reference', 'warning']);
      expect(f.message).toMatch(PRE_CREATED);
    }
  });

  it('exits 0 on clean input and 1 on error findings, with file and line', async () => {
    const dir = fixtureDir({ 'ok.yaml': good, 'bad/app.yaml': good.replace(`web@${D}`, 'web:latest') });
    expect((await plimsoll(['validate', join(dir, 'ok.yaml')])).status).toBe(0);
    const r = await plimsoll(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('app.yaml');
    expect(r.stdout).toMatch(/\s15\s+error\s+container "web" image "registry.example.com\/web:latest" has the mutable tag :latest/);
    expect(r.stdout).toContain('1 error');
  });

  it('prints the JSON report shape from ARCHITECTURE.md', async () => {
    const dir = fixtureDir({ 'a.yaml': good.replace(`web@${D}`, 'web:1.0'), 'b.yaml': 'apiVersion: v1\nkind: [broken\n' });
    const r = await plimsoll(['validate', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ files: 2, objects: 1, errors: 2, warnings: 0, waived: 0, skipped: 0 });
    expect(report.skipped).toEqual([]);
    const digest = report.findings.find((f: { rule: string }) => f.rule === 'image-digest');
    expect(digest).toEqual({
      rule: 'image-digest',
      severity: 'error',
      file: join(dir, 'a.yaml'),
      line: 15,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shipshape', name: 'web' },
      path: '/spec/template/spec/containers/0/image',
      message: expect.stringContaining('only the mutable tag :1.0'),
    });
    const parse = report.findings.find((f: { rule: string }) => f.rule === 'parse-error');
    expect(parse).toMatchObject({ file: join(dir, 'b.yaml'), line: 3, object: null });
  });

  it('counts a waived finding and does not fail on it; a waiver without a reason does not count', async () => {
    const waived = good.replace(
      '  labels: {app.kubernetes.io/name: web}\n',
      '  labels: {app.kubernetes.io/name: web}\n  annotations: {plimsoll.dev/waive.image-digest: "runbook 000: vendor ships tags only"}\n',
    );
    const r = await plimsoll(['validate', fixtureDir({ 'a.yaml': waived.replace(`web@${D}`, 'web:1.0') }), '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ errors: 0, waived: 1 });
    expect(report.findings[0].waived).toBe('runbook 000: vendor ships tags only');
    const empty = await plimsoll([
      'validate',
      fixtureDir({ 'a.yaml': waived.replace('runbook 000: vendor ships tags only', '').replace(`web@${D}`, 'web:1.0') }),
    ]);
    expect(empty.status).toBe(1);
    expect(empty.stdout).toContain('has no reason');
  });

  it('applies tier overrides with --env and --tier', async () => {
    const netpol =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n, namespace: shipshape, labels: {app.kubernetes.io/name: n}}\nspec:\n  podSelector: {}\n  egress:\n    - to: [{ipBlock: {cidr: 127.255.255.255/32}}]\n';
    const dir = fixtureDir({ 'np.yaml': netpol });
    expect((await plimsoll(['validate', dir])).status).toBe(1);
    const lab = await plimsoll(['validate', dir, '--env', 'lab', '--tier', 'lab']);
    expect(lab.status).toBe(0);
    expect(lab.stdout).toMatch(/warning\s+ipBlock CIDR 127.255.255.255\/32 is the placeholder/);
  });

  it('exits 2 on usage and input errors', async () => {
    expect((await plimsoll(['validate'])).status).toBe(2);
    expect((await plimsoll(['validate', 'no/such/path'])).stderr).toContain('no/such/path: no such file or directory');
    expect((await plimsoll(['validate', 'no/such/path'])).status).toBe(2);
    expect((await plimsoll(['validate', 'dist', '--format', 'xml'])).status).toBe(2);
    expect((await plimsoll(['validate', 'dist', '--policy', 'nope.yaml'])).status).toBe(2);
    expect((await plimsoll(['frobnicate'])).status).toBe(2);
  });

  it('still validates other files when one is binary or malformed', async () => {
    const dir = fixtureDir({ 'a.yaml': good.replace(`web@${D}`, 'web'), 'b.yaml': 'x: [' });
    writeFileSync(join(dir, 'c.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const report = JSON.parse((await plimsoll(['validate', dir, '--format', 'json'])).stdout);
    expect(report.findings.map((f: { rule: string; file: string }) => `${f.rule}:${f.file.split('/').pop()}`).sort()).toEqual([
      'image-digest:a.yaml',
      'parse-error:b.yaml',
      'parse-error:c.yaml',
    ]);
  });
});

describe('plimsoll order and rules', () => {
  it('prints the stage order of an environment', async () => {
    const r = await plimsoll(['order', '--env', 'prod-fsn']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('00-namespaces');
  });
  it('needs --env', async () => {
    expect((await plimsoll(['order'])).status).toBe(2);
  });
  it('lists rules', async () => {
    const r = await plimsoll(['rules', 'list']);
    expect(r.status).toBe(0);
    for (const id of ['placeholder-cidr', 'image-digest', 'rbac-wildcard', 'required-labels', 'deployment-order']) expect(r.stdout).toContain(id);
  });
});
