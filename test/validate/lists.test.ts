import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, validatePaths } from '../../src/validate';
import { loadFile, parseManifestText } from '../../src/validate/load';
import { BIN, ROOT, tempDir } from '../helpers/cli';

// Two ConfigMaps in a ConfigMapList (the second without the label), a RoleList with a Role, a v1 List holding a
// RoleBindingList, and a List entry that is no object.
const LISTS = `apiVersion: v1
kind: ConfigMapList
metadata:
  namespace: wrapper-ns
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: dashboards-a
      namespace: monitoring
      labels: {app.kubernetes.io/name: grafana}
    data: {a.json: "{}"}
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: dashboards-b
    data:
      b.json: 1
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleList
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: reader, namespace: default, labels: {app.kubernetes.io/name: p}}
    rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBindingList
    items:
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: default, labels: {app.kubernetes.io/name: p}}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects: [{kind: ServiceAccount, name: default, namespace: default}]
  - 7
`;

type Finding = {
  rule: string;
  file: string;
  line: number | null;
  object: { kind: string; namespace: string; name: string } | null;
  path: string;
  message: string;
};

function validateCli(dir: string, workers: number) {
  const r = spawnSync(process.execPath, [BIN, 'validate', dir, '--format', 'json', '--no-waivers'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', PLIMSOLL_WORKERS: String(workers) },
  });
  return { status: r.status, stderr: r.stderr, report: JSON.parse(r.stdout) as { findings: Finding[]; summary: { objects: number } } };
}

describe('Lists', () => {
  it('are unwrapped at load: each item an object of its own, at its pointer, inheriting nothing', () => {
    const { objects, problems } = parseManifestText(LISTS, 'lists.yaml');
    expect(objects.map((o) => [o.doc, o.pointer, o.object.kind, (o.object.metadata as { name: string }).name])).toEqual([
      [0, '/items/0', 'ConfigMap', 'dashboards-a'],
      [0, '/items/1', 'ConfigMap', 'dashboards-b'],
      [1, '/items/0', 'Role', 'reader'],
      [2, '/items/0/items/0', 'RoleBinding', 'reader'],
    ]);
    // The List's namespace is not the item's: kubectl sends each item as written.
    expect(objects[1].object.metadata?.namespace).toBeUndefined();
    expect(problems).toEqual([
      {
        file: 'lists.yaml',
        line: 39,
        path: '/items/1',
        message: 'item 1 of the List in document 3 is 7, expected a Kubernetes object (a mapping with apiVersion and kind)',
      },
    ]);
  });

  it('fails if the wrapper gets findings, or an item is not named and located as itself', () => {
    const dir = tempDir('plimsoll-lists-');
    writeFileSync(join(dir, 'lists.yaml'), LISTS);
    const report = validatePaths([dir], { policy: loadPolicy(), noWaivers: true, now: new Date('2026-06-01T00:00:00Z') });
    expect(report.summary.objects).toBe(4);
    expect(report.findings.filter((f) => f.object?.kind.endsWith('List'))).toEqual([]);
    const b = report.findings.filter((f) => f.object?.name === 'dashboards-b');
    expect(b.map((f) => [f.rule, f.line, f.path, f.object?.namespace])).toEqual([
      // Paths from the document's root, as a reader of the file follows them (and as the List's own problems are).
      ['required-labels', 15, '/items/1/metadata/labels', ''],
      ['schema', 18, '/items/1/data/b.json', ''],
    ]);
    expect(report.findings.filter((f) => f.rule === 'parse-error').map((f) => [f.line, f.path])).toEqual([[39, '/items/1']]);
    // The binding in the nested List finds the Role in the other List: cross-object rules see the items too.
    expect(report.findings.filter((f) => f.rule === 'dangling-reference' && f.object?.kind === 'RoleBinding' && /Role /.test(f.message))).toEqual([]);
  });

  it('fails if the recovering parser (a broken document beside the Lists) unwraps them otherwise than js-yaml', () => {
    const fast = parseManifestText(LISTS, 'lists.yaml');
    const slow = parseManifestText(`${LISTS}---\nkind: [\n`, 'lists.yaml');
    expect(slow.documents).toBeUndefined(); // it took the recovering parser
    expect(slow.objects).toEqual(fast.objects);
    expect(slow.problems.slice(0, 1)).toEqual(fast.problems);
  });

  it('gives the same report on one thread and on two (items found, lines and paths, CRD kinds in Lists)', () => {
    const dir = tempDir('plimsoll-lists-parallel-');
    writeFileSync(join(dir, '00-padding.yaml'), '# padding\n'.repeat(1.3 * 1024 * 1024));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `lists-${String(i).padStart(2, '0')}.yaml`), LISTS);
    writeFileSync(
      join(dir, 'crd.yaml'),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com, labels: {app.kubernetes.io/name: w}}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n    - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}}\n',
    );
    writeFileSync(
      join(dir, 'widgets.yaml'),
      'apiVersion: example.com/v1\nkind: WidgetList\nitems:\n  - {apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: n, labels: {app.kubernetes.io/name: w}}, spec: {size: big}}\n',
    );
    const one = validateCli(dir, 1);
    const two = validateCli(dir, 2);
    expect(one.stderr).toBe('');
    expect(two.stderr).toBe('');
    expect(one.report.summary.objects).toBe(40 * 4 + 2);
    expect(two.report).toEqual(one.report);
    expect(one.report.findings.filter((f) => f.file.endsWith('widgets.yaml')).map((f) => [f.rule, f.line, f.path, f.object?.name])).toEqual([
      ['schema', 4, '/items/0/spec/size', 'w'],
    ]);
  }, 120_000);

  it('loads from a file with the item pointer on every item', () => {
    const dir = tempDir('plimsoll-lists-file-');
    writeFileSync(join(dir, 'l.yaml'), LISTS);
    expect(loadFile(join(dir, 'l.yaml')).items.map((i) => i.pointer)).toEqual(['/items/0', '/items/1', '/items/0', '/items/0/items/0']);
  });
});
