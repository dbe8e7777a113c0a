import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir, plimsoll, ROOT, webDeployment } from '../helpers/cli';
import { loadPolicy, PRESET_NAMES, presetSeverities } from '../../src/validate/policy';
import type { Finding } from '../../src/check/types';

/** A pinned-by-tag Deployment (image-digest) and an unlabelled ConfigMap (required-labels). */
const upstream = `${webDeployment('registry.example.com/web:1.4.2')}---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shipshape}
data: {level: info}
`;
/** A NetworkPolicy egress to a documentation range: placeholder-cidr, a warning in the lab tier under recommended. */
const placeholder = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-egress, namespace: shipshape, labels: {app.kubernetes.io/name: web}}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: web}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 192.0.2.10/32}}]
      ports: [{port: 443, protocol: TCP}]
`;

async function run(args: string[]): Promise<{ status: number | null; findings: Finding[]; summary: Record<string, number> }> {
  const r = await plimsoll(['validate', '--format', 'json', '--no-waivers', ...args]);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout);
  return { status: r.status, findings: report.findings, summary: report.summary };
}
const severityOf = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.severity);

describe('policy presets by name', () => {
  const dir = fixtureDir({ 'app.yaml': upstream, 'netpol.yaml': placeholder });

  it('recommended (the default) makes a tag-pinned image and a missing label errors', async () => {
    for (const args of [[], ['--policy', 'recommended']]) {
      const r = await run([...args, join(dir, 'app.yaml')]);
      expect(r.status).toBe(1);
      expect(severityOf(r.findings, 'image-digest')).toEqual(['error']);
      expect(severityOf(r.findings, 'required-labels')).toEqual(['error']);
    }
  });

  it('minimal lowers the image-digest opinion to a warning and turns the house labels off', async () => {
    const r = await run(['--policy', 'minimal', join(dir, 'app.yaml')]);
    expect(r.status).toBe(0);
    expect(severityOf(r.findings, 'image-digest')).toEqual(['warning']);
    expect(severityOf(r.findings, 'required-labels')).toEqual([]);
    expect(r.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('minimal keeps correctness rules errors', async () => {
    const r = await run(['--policy', 'minimal', join(dir, 'netpol.yaml')]);
    expect(r.status).toBe(1);
    expect(severityOf(r.findings, 'placeholder-cidr')).toEqual(['error']);
  });

  it('strict makes what recommended lowers for the lab tier an error', async () => {
    const lab = ['--env', 'lab1', '--tier', 'lab', join(dir, 'netpol.yaml')];
    const recommended = await run(lab);
    expect(recommended.status).toBe(0);
    expect(severityOf(recommended.findings, 'placeholder-cidr')).toEqual(['warning']);
    const strict = await run(['--policy', 'strict', ...lab]);
    expect(strict.status).toBe(1);
    expect(severityOf(strict.findings, 'placeholder-cidr')).toEqual(['error']);
  });

  it('strict resolves every rule to error, at the base and for each tier', () => {
    const strict = loadPolicy('strict');
    for (const environment of [undefined, { name: 'lab1', tier: 'lab' as const }, { name: 'prod1', tier: 'production' as const }]) {
      const active = strict.activeRules(environment);
      expect(
        active.filter((a) => a.severity !== 'error').map((a) => a.rule.meta.id),
        environment?.tier,
      ).toEqual([]);
      expect(active.length).toBe(loadPolicy('recommended').activeRules(environment).length);
    }
  });

  it('a user policy may extend a preset by name', async () => {
    const policy = fixtureDir({ 'policy.yaml': 'extends: minimal\nrules:\n  image-digest: off\n' });
    const r = await run(['--policy', join(policy, 'policy.yaml'), join(dir, 'app.yaml')]);
    expect(r.status).toBe(0);
    expect(r.findings).toEqual([]);
  });

  it('fails if the name is neither a preset nor a file: exit 2 with the presets listed', async () => {
    const r = await plimsoll(['validate', '--policy', 'minmal', join(dir, 'app.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('policy "minmal" is neither a policy file nor a preset; did you mean "minimal"?');
    expect(r.stderr).toContain('presets: minimal, recommended, strict');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails if a policy extends an unknown preset, naming the policy', async () => {
    const policy = fixtureDir({ 'policy.yaml': 'extends: strikt\n' });
    const r = await plimsoll(['validate', '--policy', join(policy, 'policy.yaml'), join(dir, 'app.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(policy, 'policy.yaml')}: extends "strikt" is neither a policy file nor a preset; did you mean "strict"?`);
  });

  it('a missing policy file is still reported as a missing file', async () => {
    const r = await plimsoll(['validate', '--policy', 'nope.yaml', join(dir, 'app.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('policy nope.yaml does not exist');
  });

  it('rules list shows each rule under each preset', async () => {
    const r = await plimsoll(['rules', 'list']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^rule\s+minimal\s+recommended\s+strict\s+description$/);
    expect(r.stdout).toMatch(/\nimage-digest\s+warning\s+error\s+error\s+A container/);
    expect(r.stdout).toMatch(/\nrequired-labels\s+off\s+error\s+error\s+An object/);
  });

  it("README's preset table says what each preset resolves to, rule by rule", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = new Map<string, Record<string, string>>();
    for (const m of readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning|off) \| (error|warning|off) \| (error|warning|off) \|/gm)) {
      rows.set(m[1], { minimal: m[2], recommended: m[3], strict: m[4] });
    }
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(presetSeverities()));
    expect(PRESET_NAMES).toEqual(['minimal', 'recommended', 'strict']);
  });
});
