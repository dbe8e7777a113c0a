import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaSet, schemaSet } from '../../src/validate/schemas/registry';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS } from '../../src/validate/schemas/versions';
import { kubernetesSchemas } from '../../scripts/schemas/kubernetes';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';
import { fixtureDir, plimsoll, ROOT } from '../helpers/cli';

const GENERATED = join(ROOT, 'src/validate/schemas/generated');
const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app, labels: {app.kubernetes.io/name: web}}\nspec:\n  selector: {app: web}\n  trafficDistribution: PreferClose\n  ports: [{name: http, port: 80}]\n';
const FLOW_SCHEMA =
  'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: f, labels: {app.kubernetes.io/name: f}}\nspec: {priorityLevelConfiguration: {name: p}}\n';

describe('Kubernetes releases', () => {
  it('default to the newest bundled, and the policy schema offers exactly the bundled ones', () => {
    expect(DEFAULT_KUBERNETES_VERSION).toBe(KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]);
    expect(loadPolicy().kubernetesVersion).toBe(DEFAULT_KUBERNETES_VERSION);
    const policySchema = JSON.parse(readFileSync(join(ROOT, 'schemas/policy.schema.json'), 'utf8'));
    expect(policySchema.properties.kubernetesVersion.enum).toEqual([...KUBERNETES_VERSIONS]);
  });

  it('load one schema set per release, each serving only its own kinds', () => {
    expect(schemaSet('1.28')).toBe(schemaSet('1.28'));
    expect(schemaSet('1.28')).not.toBe(schemaSet('1.33'));
    expect(schemaSet('1.28').bundled('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema')?.source).toBe('Kubernetes 1.28');
    expect(schemaSet('1.29').bundled('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema')).toBeUndefined();
    expect(schemaSet('1.29').bundled('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBeUndefined();
    expect(schemaSet('1.30').bundled('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')?.source).toBe('Kubernetes 1.30');
    expect(schemaSet('1.29').newerKind('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBe('1.30');
    expect(schemaSet('1.33').newerKind('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy')).toBeUndefined();
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { trafficDistribution: 'PreferClose' } };
    expect(schemaSet('1.29').bundled('v1', 'Service')!.validate(service)).toBe(false);
    expect(schemaSet('1.30').bundled('v1', 'Service')!.validate(service)).toBe(true);
    expect(schemaSet('1.29').newerField('v1', 'Service', '/spec', 'trafficDistribution')).toBe('1.30');
    expect(schemaSet('1.29').newerField('v1', 'Service', '/metadata', 'trafficDistribution')).toBeUndefined();
  });

  it('store an older release as its difference from the newest, and that rebuilds the release exactly', () => {
    for (const version of KUBERNETES_VERSIONS.slice(0, -1)) {
      const whole = kubernetesSchemas(version).document as { kinds: Record<string, string>; definitions: Record<string, unknown> };
      const stored = JSON.parse(readFileSync(join(GENERATED, `kubernetes-${version}.json`), 'utf8'));
      const base = JSON.parse(readFileSync(join(GENERATED, `kubernetes-${stored.base}.json`), 'utf8'));
      expect(stored.base).toBe(DEFAULT_KUBERNETES_VERSION);
      expect(stored.kinds).toEqual(whole.kinds);
      const merged = { ...base.definitions, ...stored.definitions };
      for (const [id, definition] of Object.entries(whole.definitions)) expect(merged[id], `${version} ${id}`).toEqual(definition);
    }
  });

  it("are chosen by --kubernetes-version over the policy's kubernetesVersion; a bad value is exit 2 naming the bundled ones", async () => {
    const dir = fixtureDir({ 'svc.yaml': SERVICE, 'policy.yaml': 'extends: recommended\nkubernetesVersion: "1.29"\n' });
    const run = async (...args: string[]) => await plimsoll(['validate', '--format', 'json', ...args, join(dir, 'svc.yaml')]);
    const messages = (r: { stdout: string }) =>
      (JSON.parse(r.stdout).findings as Array<{ rule: string; message: string }>).filter((f) => f.rule === 'schema').map((f) => f.message);
    expect(messages(await run())).toEqual([]);
    const byPolicy = await run('--policy', join(dir, 'policy.yaml'));
    expect(byPolicy.status).toBe(1);
    expect(messages(byPolicy)).toEqual([expect.stringContaining('"trafficDistribution" needs Kubernetes ≥ 1.30; the target is Kubernetes 1.29')]);
    expect(messages(await run('--policy', join(dir, 'policy.yaml'), '--kubernetes-version', '1.30'))).toEqual([]);
    const bad = await run('--kubernetes-version', '1.27');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown --kubernetes-version "1.27"; expected one of the bundled releases 1.28, 1.29, 1.30, 1.31, 1.32, 1.33');
    writeFileSync(join(dir, 'policy.yaml'), 'extends: recommended\nkubernetesVersion: "1.40"\n');
    const badPolicy = await run('--policy', join(dir, 'policy.yaml'));
    expect(badPolicy.status).toBe(2);
    expect(badPolicy.stderr).toMatch(/policy\.yaml:2: \/kubernetesVersion: got "1\.40", expected one of "1\.28", .*"1\.33"/);
    writeFileSync(join(dir, 'policy.yaml'), 'extends: recommended\nkubernetesVersion: 1.30\n');
    const unquoted = await run('--policy', join(dir, 'policy.yaml'));
    expect(unquoted.status).toBe(2);
    expect(unquoted.stderr).toContain('policy.yaml:2: /kubernetesVersion: got the number 1.3, expected a quoted release such as "1.30"');
  });

  it('reach the rules on the parallel path as on the single-threaded one', async () => {
    const dir = fixtureDir({ 'svc.yaml': SERVICE, 'flow.yaml': FLOW_SCHEMA });
    const options = { policy: loadPolicy(), kubernetesVersion: '1.28' as const, now: new Date('2026-06-01T00:00:00Z') };
    const serial = validatePaths([dir], options);
    const { files, problems } = collectFiles([dir]);
    const parallel = await validateFilesParallel(files, problems, options, 2);
    const ours = (r: typeof serial) =>
      r.findings.filter((f) => f.rule === 'schema' || f.rule === 'deprecated-api').map((f) => `${f.rule} ${f.severity} ${f.message}`);
    expect(ours(serial)).toEqual([
      expect.stringContaining(
        'deprecated-api warning flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is deprecated since Kubernetes 1.26 and goes away in 1.29',
      ),
      expect.stringContaining('schema error "trafficDistribution" needs Kubernetes ≥ 1.30; the target is Kubernetes 1.28'),
    ]);
    expect(ours(parallel)).toEqual(ours(serial));
  });

  it("give a removed API one finding: deprecated-api's where it runs (v1 List items too: they are objects), schema's when deprecated-api is off", () => {
    const ingress = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i, namespace: app, labels: {app.kubernetes.io/name: i}}\nspec: {}\n';
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${ingress.trim().split('\n').join('\n    ')}\n`;
    const dir = fixtureDir({ 'ingress.yaml': ingress, 'list.yaml': list, 'policy.yaml': 'extends: recommended\nrules:\n  deprecated-api: off\n' });
    const removed = (policy = loadPolicy(), files = [join(dir, 'ingress.yaml')]) =>
      validatePaths(files, { policy })
        .findings.filter((f) => f.message.includes('was removed'))
        .map((f) => `${f.rule} ${f.path} ${f.message}`);
    const message = 'extensions/v1beta1 Ingress was removed in Kubernetes 1.22; use networking.k8s.io/v1';
    expect(removed()).toEqual([`deprecated-api /apiVersion ${message}`]);
    expect(removed(loadPolicy(join(dir, 'policy.yaml')))).toEqual([`schema /apiVersion ${message}`]);
    expect(removed(loadPolicy(), [join(dir, 'list.yaml')])).toEqual([`deprecated-api /items/0/apiVersion ${message}`]);
  });

  it('every release compiles its kinds on the lazy path too (no lib/)', () => {
    const set = new SchemaSet('1.31', GENERATED, join(ROOT, 'no-such-precompiled.cjs'));
    expect(
      set.bundled('v1', 'Service')!.validate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { trafficDistribution: 'PreferClose' } }),
    ).toBe(true);
  });
});
