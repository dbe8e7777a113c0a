import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from '../../bench/corpus';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';
import { parseWaivers } from '../../src/validate/waivers';
import { tempDir } from '../helpers/cli';
import { defineRule } from '../../src/rules/types';

describe('parallel validation', () => {
  it('gives exactly the single-threaded report: findings, lines, waivers, problems', async () => {
    const dir = tempDir('plimsoll-parallel-');
    const stats = writeCorpus(dir, 120, 10);
    writeFileSync(join(dir, 'team-3', 'broken.yaml'), 'apiVersion: v1\nkind: [\n');
    writeFileSync(
      join(dir, 'team-4', 'waived.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: team-4\n  labels: {app.kubernetes.io/name: p}\n  annotations: {plimsoll.dev/waive.image-digest: "vendor tags only"}\nspec:\n  containers: [{name: c, image: "nginx:1"}]\n',
    );
    // A custom resource in one file, its CRD in another: both paths must check it against that CRD.
    writeFileSync(
      join(dir, 'team-0', 'crd.yaml'),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com, labels: {app.kubernetes.io/name: w}}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec: {type: object, properties: {size: {type: integer}}}\n',
    );
    writeFileSync(
      join(dir, 'team-9', 'widget.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: team-9, labels: {app.kubernetes.io/name: w}}\nspec: {size: big, colour: red}\n',
    );
    // A second CRD for the same kind, later in the input and beside a Widget: the first CRD still decides (as in
    // a single pass), not the one in the Widget's own chunk, and the second one's missing schema goes unremarked
    // as in a single pass (it defines nothing); and a List holding a Widget.
    writeFileSync(
      join(dir, 'team-9', 'widget-late-crd.yaml'),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com, labels: {app.kubernetes.io/name: w2}}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n    - {name: v1, served: true, storage: true}\n' +
        '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2, namespace: team-9, labels: {app.kubernetes.io/name: w2}}\nspec: {size: huge}\n' +
        '---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: example.com/v1, kind: Widget, metadata: {name: w3, namespace: team-9}, spec: {size: 3, shape: round}}\n',
    );
    // A custom resource named like a workload (OpenKruise's StatefulSet): its CRD requires what the inventory view
    // of a workload leaves out (the containers), so it must be judged as the whole object.
    writeFileSync(
      join(dir, 'team-1', 'kruise-crd.yaml'),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: statefulsets.apps.kruise.io, labels: {app.kubernetes.io/name: kruise}}\nspec:\n  group: apps.kruise.io\n  scope: Namespaced\n  names: {kind: StatefulSet, plural: statefulsets}\n  versions:\n    - name: v1beta1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                replicas: {type: integer}\n                selector: {type: object, x-kubernetes-preserve-unknown-fields: true}\n                template:\n                  type: object\n                  properties:\n                    metadata: {type: object, x-kubernetes-preserve-unknown-fields: true}\n                    spec:\n                      type: object\n                      required: [containers]\n                      properties:\n                        containers: {type: array, items: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n',
    );
    writeFileSync(
      join(dir, 'team-8', 'kruise.yaml'),
      'apiVersion: apps.kruise.io/v1beta1\nkind: StatefulSet\nmetadata: {name: k, namespace: team-8, labels: {app.kubernetes.io/name: k}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: k}}\n  template:\n    metadata: {labels: {app: k, app.kubernetes.io/name: k}}\n    spec:\n      containers: [{name: k, image: "registry.example.com/k@sha256:' +
        '0'.repeat(64) +
        '"}]\n',
    );
    const waivers = parseWaivers(
      'waivers:\n  - rule: dangling-reference\n    match: {kind: Service, namespace: team-1*}\n    reason: "selects pods another team deploys"\n    owner: platform\n    expires: 2099-01-01\n',
      'waivers.yaml',
    );
    const policy = loadPolicy();
    const options = { policy, waivers, now: new Date('2026-06-01T00:00:00Z') };
    const serial = validatePaths([dir], options);
    const { files, problems } = collectFiles([dir]);
    // The main thread with one worker, and with three (more threads than this machine may have cores).
    const parallel = await validateFilesParallel(files, problems, options, 2);
    const four = await validateFilesParallel(files, problems, options, 4);
    expect(serial.summary.objects).toBe(stats.objects + 8);
    expect(serial.summary.errors).toBeGreaterThan(10);
    expect(serial.summary.waived).toBeGreaterThan(1);
    expect(serial.findings.some((f) => f.rule === 'parse-error')).toBe(true);
    expect(serial.findings.filter((f) => f.file.endsWith('widget.yaml')).map((f) => [f.rule, f.path])).toEqual([
      ['schema', '/spec/colour'],
      ['schema', '/spec/size'],
    ]);
    const late = serial.findings.filter((f) => f.file.endsWith('widget-late-crd.yaml') && f.rule === 'schema').map((f) => [f.object?.name ?? '', f.path]);
    expect(late).toEqual([
      ['w2', '/spec/size'],
      ['w3', '/items/0/spec/shape'], // w3 is an item of a List
    ]);
    expect(serial.findings.filter((f) => f.file.endsWith('kruise.yaml') && f.rule === 'schema')).toEqual([]);
    expect(parallel).toEqual(serial);
    expect(four).toEqual(serial);
  });
});

describe('a rule that throws (a Plimsoll bug)', () => {
  it('is one finding on the parallel path too, as single-threaded: never a crash of the run', async () => {
    const dir = tempDir('plimsoll-parallel-crash-');
    writeCorpus(dir, 40, 5);
    const crashing = defineRule<Record<string, never>>({
      meta: {
        id: 'test-crash',
        description: 'throws on app-9',
        remediation: '-',
        category: 'correctness',
        scope: 'object',
        defaultSeverity: 'warning',
        optionsSchema: { type: 'object' },
      },
      *check({ inventory }) {
        for (const item of inventory.items) {
          if (item.name === 'app-9') throw new Error('boom on app-9');
          if (item.kind === 'Service') yield { item, path: '/kind', message: 'a Service' };
        }
      },
    });
    const policy = loadPolicy();
    const active = policy.activeRules();
    const withCrash = Object.assign(Object.create(Object.getPrototypeOf(policy)), policy, {
      activeRules: () => [...active, { rule: crashing, severity: 'warning' as const, options: {} }],
    });
    const options = { policy: withCrash, now: new Date('2026-06-01T00:00:00Z') };
    const serial = validatePaths([dir], options);
    const { files, problems } = collectFiles([dir]);
    // One thread: the main thread's share; the workers (which know only the built-in rules) run the same checker.
    const parallel = await validateFilesParallel(files, problems, options, 1);
    const crashes = serial.findings.filter((f) => f.rule === 'test-crash');
    expect(crashes).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('rule crashed') })]);
    expect(crashes[0].message).toContain('boom on app-9');
    expect(parallel).toEqual(serial);
  });
});
