import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir, plimsoll } from '../helpers/cli';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';
import type { Finding, Report } from '../../src/check/types';

const meta = (kind: string, name: string, extra = '') =>
  `kind: ${kind}\nmetadata: {name: ${name}, namespace: app, labels: {app.kubernetes.io/name: web}${extra}}\n`;
/** A small app whose objects reference each other across files; the Deployment's mutable tag is its own finding. */
const app = {
  'sa.yaml': `apiVersion: v1\n${meta('ServiceAccount', 'web')}`,
  'role.yaml': `apiVersion: rbac.authorization.k8s.io/v1\n${meta('Role', 'web')}rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]\n`,
  // The second subject is missing everywhere: a finding whole-tree and partial runs must both give.
  'binding.yaml': `apiVersion: rbac.authorization.k8s.io/v1\n${meta('RoleBinding', 'web')}roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}\nsubjects: [{kind: ServiceAccount, name: web, namespace: app}, {kind: ServiceAccount, name: ghost, namespace: app}]\n`,
  'service.yaml': `apiVersion: v1\n${meta('Service', 'web')}spec: {selector: {app.kubernetes.io/name: web}, ports: [{name: http, port: 80}]}\n`,
  'deployment.yaml': `apiVersion: apps/v1\n${meta('Deployment', 'web')}spec:\n  selector: {matchLabels: {app.kubernetes.io/name: web}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: web}}\n    spec: {serviceAccountName: web, containers: [{name: web, image: "nginx:latest"}]}\n`,
};

async function validate(args: string[], env: Record<string, string> = {}): Promise<Report & { status: number | null }> {
  const r = await plimsoll(['validate', '--format', 'json', '--no-waivers', ...args], { env });
  expect(r.stderr).toBe('');
  return { ...JSON.parse(r.stdout), status: r.status };
}
const ofFiles = (findings: Finding[], files: string[]) => findings.filter((f) => files.includes(f.file));

describe('--context: a few files judged against the rest of the tree', () => {
  const dir = fixtureDir(Object.fromEntries(Object.entries(app).map(([f, t]) => [`deploy/${f}`, t])));
  const named = [join(dir, 'deploy/binding.yaml'), join(dir, 'deploy/service.yaml')];

  it('without context, references into the rest of the tree are reported missing', async () => {
    const alone = await validate(named);
    expect(alone.findings.filter((f) => f.rule === 'dangling-reference').map((f) => f.path)).toEqual([
      '/roleRef',
      '/subjects/0',
      '/subjects/1',
      '/spec/selector',
    ]);
  });

  it('gives the named files exactly the findings the whole-tree run gives them, and nothing on the context', async () => {
    const whole = await validate([join(dir, 'deploy')]);
    const partial = await validate([...named, '--context', join(dir, 'deploy')]);
    expect(partial.findings).toEqual(ofFiles(whole.findings, named));
    expect(partial.findings.map((f) => f.path)).toEqual(['/subjects/1']);
    // The Deployment's image-digest finding is the context's own: not reported.
    expect(whole.findings.some((f) => f.rule === 'image-digest')).toBe(true);
    expect(partial.summary).toMatchObject({ files: 2, objects: 2, errors: 1, contextFiles: 3, contextObjects: 3 });
    expect(partial.status).toBe(1);
  });

  it('takes several --context paths, files or folders', async () => {
    const d = (f: string) => join(dir, 'deploy', f);
    const partial = await validate([d('binding.yaml'), '--context', d('sa.yaml'), '--context', d('role.yaml')]);
    expect(partial.findings.map((f) => f.path)).toEqual(['/subjects/1']);
    expect(partial.summary).toMatchObject({ contextFiles: 2, contextObjects: 2 });
  });

  it('is the same report on the parallel path, a custom resource judged against a CRD in the context', async () => {
    const crd =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com, labels: {app.kubernetes.io/name: w}}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}\n';
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: app, labels: {app.kubernetes.io/name: w}}\nspec: {size: big}\n';
    const tree = fixtureDir({
      ...Object.fromEntries(Object.entries(app).map(([f, t]) => [`deploy/${f}`, t])),
      'deploy/a-crd.yaml': crd,
      'deploy/widget.yaml': widget,
    });
    const chosen = [join(tree, 'deploy/binding.yaml'), join(tree, 'deploy/widget.yaml')];
    const policy = loadPolicy();
    const now = new Date('2026-06-01T00:00:00Z');
    const serial = validatePaths(chosen, { policy, now, context: [join(tree, 'deploy')] });
    expect(serial.findings.map((f) => [f.rule, f.path])).toEqual([
      ['dangling-reference', '/subjects/1'],
      ['schema', '/spec/size'],
    ]);
    const files = collectFiles([join(tree, 'deploy')]).files;
    const contextFiles = new Set(files.filter((f) => !chosen.includes(f)));
    for (const threads of [1, 2]) expect(await validateFilesParallel(files, [], { policy, now, contextFiles }, threads)).toEqual(serial);
  });

  it('reports a context file that does not parse as a warning naming it', async () => {
    const broken = fixtureDir({
      ...Object.fromEntries(Object.entries(app).map(([f, t]) => [`deploy/${f}`, t])),
      'deploy/zz-broken.yaml': 'apiVersion: v1\nkind: [\n',
    });
    const partial = await validate([join(broken, 'deploy/service.yaml'), '--context', join(broken, 'deploy')]);
    const parse = partial.findings.filter((f) => f.rule === 'parse-error');
    expect(parse).toEqual([expect.objectContaining({ severity: 'warning', file: join(broken, 'deploy/zz-broken.yaml'), line: expect.any(Number) })]);
    expect(parse[0].message).toContain('a context file: its objects are missing from the inventory');
    expect(partial.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(partial.status).toBe(0);
  });

  it('fails if a --context path does not exist: exit 2 naming it', async () => {
    const r = await plimsoll(['validate', named[0], '--context', join(dir, 'nope')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--context: cannot read ${join(dir, 'nope')}: no such file or directory`);
  });
});

describe('files inside a Plimsoll environment folder', () => {
  /** A tiny dist/<env>/ as synth lays it out: a manifest.json, stage folders and an artifact it lists. */
  function fakeDist(withManifest = true): string {
    const artifact = 'route:\n  receiver: default\n';
    const sha = createHash('sha256').update(artifact).digest('hex');
    const manifest = JSON.stringify({
      environment: 'lab',
      tier: 'lab',
      generator: 'plimsoll',
      order: ['00-namespaces', '05-app'],
      files: [{ path: 'alertmanager/alertmanager.yaml', sha256: sha }],
      artifacts: [{ path: 'alertmanager/alertmanager.yaml', type: 'alertmanager-config' }],
    });
    return fixtureDir({
      ...(withManifest ? { 'dist/lab/manifest.json': manifest } : {}),
      'dist/lab/alertmanager/alertmanager.yaml': artifact,
      'dist/lab/00-namespaces/namespace_app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: {app.kubernetes.io/name: app}}\n',
      ...Object.fromEntries(Object.entries(app).map(([f, t]) => [`dist/lab/05-app/${f}`, t])),
    });
  }

  it('are judged against the rest of the environment without --context, as the whole-tree run judges them', async () => {
    const root = fakeDist();
    const named = [join(root, 'dist/lab/05-app/binding.yaml'), join(root, 'dist/lab/05-app/service.yaml')];
    const whole = await validate([join(root, 'dist')]);
    const partial = await validate(named);
    expect(partial.findings).toEqual(ofFiles(whole.findings, named));
    expect(partial.findings.map((f) => [f.rule, f.path])).toEqual([['dangling-reference', '/subjects/1']]);
    // The artifact manifest.json lists is skipped in the context as in the whole run; the Namespace is context.
    expect(partial.summary).toMatchObject({ files: 2, objects: 2, contextFiles: 4, contextObjects: 4 });
  });

  it('a forged or missing manifest.json gives no context: the same files alone get the missing references', async () => {
    const root = fakeDist(false);
    const partial = await validate([join(root, 'dist/lab/05-app/binding.yaml')]);
    expect(partial.findings.filter((f) => f.rule === 'dangling-reference').map((f) => f.path)).toEqual(['/roleRef', '/subjects/0', '/subjects/1']);
    expect(partial.summary.contextFiles).toBeUndefined();
  });

  it('an unreadable entry of the environment folder is a warning naming it, not silently missing context', async () => {
    const root = fakeDist();
    symlinkSync(join(root, 'nowhere.yaml'), join(root, 'dist/lab/05-app/gone.yaml'));
    const r = await plimsoll(['validate', '--format', 'json', join(root, 'dist/lab/05-app/binding.yaml')]);
    expect(JSON.parse(r.stdout).inputWarnings).toEqual([`context ${join(root, 'dist/lab/05-app/gone.yaml')}: cannot read file: broken symlink; not loaded`]);
    // The whole-tree run reports it once, as a parse-error, not again as context.
    const whole = JSON.parse((await plimsoll(['validate', '--format', 'json', join(root, 'dist/lab')])).stdout);
    expect(whole.inputWarnings).toEqual([]);
    expect(whole.findings.filter((f: Finding) => f.rule === 'parse-error').map((f: Finding) => f.file)).toEqual([join(root, 'dist/lab/05-app/gone.yaml')]);
  });

  it('does not load context from another environment folder, and says so', async () => {
    const root = fakeDist();
    const other = fixtureDir({ 'binding.yaml': app['binding.yaml'] });
    const r = await plimsoll(['validate', '--format', 'json', join(other, 'binding.yaml'), '--context', join(root, 'dist/lab')]);
    const report = JSON.parse(r.stdout);
    expect(report.inputWarnings).toEqual([
      expect.stringMatching(/^context: 6 files in environment folder .*dist\/lab \(.*namespace_app\.yaml, …\), where no validated file is; not loaded$/),
    ]);
    expect(report.summary.contextFiles).toBeUndefined();
  });

  it('the committed dist/lab: two files alone get no wrong errors', async () => {
    const named = [
      'dist/lab/07-controller/rolebinding_zen-system_zen-watcher-leader-election.yaml',
      'dist/lab/06-monitoring/servicemonitor_shipshape_helloworld.yaml',
    ];
    const whole = await validate(['dist/lab']);
    const partial = await validate(named, { PLIMSOLL_WORKERS: '1' });
    expect(partial.findings).toEqual(ofFiles(whole.findings, named));
    expect(partial.summary).toMatchObject({ files: 2, objects: 2, errors: 0 });
    expect(partial.summary.contextObjects).toBeGreaterThan(100);
    expect(await validate(named, { PLIMSOLL_WORKERS: '2' })).toEqual(partial);
  });
});
