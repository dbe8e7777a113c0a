/**
 * `validate --crds PATH` (CRDs as schemas only) and the one-warning-per-kind report of kinds without a schema,
 * single-threaded and on the parallel path alike.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from '../../bench/corpus';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';
import { loadCrdFiles } from '../../src/validate/crd-files';
import { fixtureDir, plimsoll, tempDir } from '../helpers/cli';

const crd = (group: string, kind: string, spec: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${kind.toLowerCase()}s.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: ${spec}
`;
const WIDGET_CRD = crd('example.com', 'Widget', '{type: object, required: [size], properties: {size: {type: integer}}}');
const widget = (name: string, spec: string) =>
  `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: ${name}, namespace: apps, labels: {app.kubernetes.io/name: ${name}}}\nspec: ${spec}\n`;
const options = () => ({ policy: loadPolicy(), now: new Date('2026-06-01T00:00:00Z') });

describe('--crds: CustomResourceDefinitions as schemas only', () => {
  it('judges custom resources against them, without judging or counting the CRDs themselves', () => {
    const crds = fixtureDir({ 'widget-crd.yaml': WIDGET_CRD });
    const input = fixtureDir({ 'w.yaml': widget('w', '{size: big}') });
    const report = validatePaths([input], { ...options(), crdSchemas: loadCrdFiles([crds]) });
    expect(report.findings.map((f) => [f.rule, f.path, f.message])).toEqual([['schema', '/spec/size', 'got "big", expected integer']]);
    expect(report.summary.objects).toBe(1);
    // The CRD has no labels: as an object of the input it would get a required-labels finding.
    expect(validatePaths([input, crds], options()).findings.some((f) => f.rule === 'required-labels')).toBe(true);
  });

  it('come after the CRDs of the input and before the bundled catalog', () => {
    const loose = fixtureDir({ 'loose.yaml': crd('example.com', 'Widget', '{type: object, x-kubernetes-preserve-unknown-fields: true}') });
    const strictInput = fixtureDir({
      'crd.yaml': `${WIDGET_CRD.replace('metadata: {name: widgets.example.com}', 'metadata: {name: widgets.example.com, labels: {app.kubernetes.io/name: w}}')}---\n${widget('w', '{size: big}')}`,
    });
    const inputWins = validatePaths([strictInput], { ...options(), crdSchemas: loadCrdFiles([loose]) });
    expect(inputWins.findings.map((f) => f.path)).toEqual(['/spec/size']);
    // A Flux Kustomization with a field the bundled schema does not know is fine under a --crds CRD that allows it.
    const flux = fixtureDir({
      'ks.yaml':
        'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a, namespace: flux-system, labels: {app.kubernetes.io/name: a}}\nspec: {interval: 1m, prune: true, sourceRef: {kind: GitRepository, name: a}, fromTheFuture: true}\n',
    });
    expect(validatePaths([flux], options()).findings.map((f) => f.path)).toEqual(['/spec/fromTheFuture']);
    const newer = fixtureDir({
      'ks-crd.yaml': crd('kustomize.toolkit.fluxcd.io', 'Kustomization', '{type: object, x-kubernetes-preserve-unknown-fields: true}'),
    });
    expect(validatePaths([flux], { ...options(), crdSchemas: loadCrdFiles([newer]) }).findings).toEqual([]);
  });

  it('reads `kubectl get crd -o yaml` Lists and JSON files, and refuses anything that is no CRD with file and line', () => {
    const dir = fixtureDir({
      'list.yaml': `apiVersion: v1\nkind: List\nitems:\n${WIDGET_CRD.replace(/^/gm, '  ').replace(/^  apiVersion/, '- apiVersion')}`,
      'more/gadget.json': JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Gadget', plural: 'gadgets' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
        },
      }),
    });
    expect(
      loadCrdFiles([dir, join(dir, 'more/gadget.json')])
        .map((c) => c.name)
        .sort(),
    ).toEqual(['gadgets.example.com', 'widgets.example.com']);
    const bad = fixtureDir({ 'a.yaml': `${WIDGET_CRD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`, 'b.yaml': 'kind: [\n' });
    expect(() => loadCrdFiles([bad])).toThrow(
      /2 problems reading CustomResourceDefinitions:\n {2}.*a\.yaml:18: got kind "ConfigMap" and apiVersion "v1", expected a CustomResourceDefinition of apiextensions\.k8s\.io\/v1\n {2}.*b\.yaml:\d+: invalid YAML/,
    );
    expect(() => loadCrdFiles([fixtureDir({ 'empty.yaml': '# nothing\n' })])).toThrow(/no CustomResourceDefinition found/);
  });

  it('is a repeatable CLI flag; bad CRD files exit 2 with the file, never a stack trace', async () => {
    const crds = fixtureDir({ 'widget-crd.yaml': WIDGET_CRD, 'gadget-crd.yaml': crd('example.com', 'Gadget', '{type: object}') });
    const input = fixtureDir({ 'w.yaml': widget('w', '{size: 3, extra: 1}') });
    const ok = await plimsoll(['validate', input, '--crds', join(crds, 'widget-crd.yaml'), '--crds', join(crds, 'gadget-crd.yaml'), '--format', 'json']);
    expect(JSON.parse(ok.stdout).findings.map((f: { path: string }) => f.path)).toEqual(['/spec/extra']);
    const bad = await plimsoll(['validate', input, '--crds', join(input, 'w.yaml')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('w.yaml:1: got kind "Widget" and apiVersion "example.com/v1", expected a CustomResourceDefinition');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a kind without a schema', () => {
  const files = {
    'b/widgets.yaml': `${widget('w2', '{}')}---\n${widget('w3', '{}')}`,
    'a/widget.yaml': widget('w1', '{}'),
    'c/gadget.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: apps, labels: {app.kubernetes.io/name: g}}\n',
  };
  const noSchema = (report: ReturnType<typeof validatePaths>) => report.findings.filter((f) => f.message.startsWith('no schema'));

  it('is one warning per kind and run, on its first object by file, saying how to supply the schema', () => {
    const dir = fixtureDir(files);
    const found = noSchema(validatePaths([dir], options()));
    expect(found.map((f) => [f.severity, f.file.slice(dir.length + 1), f.object?.name])).toEqual([
      ['warning', 'a/widget.yaml', 'w1'],
      ['warning', 'c/gadget.yaml', 'g'],
    ]);
    expect(found[0].message).toContain('(reported once: 2 more objects alike)');
    expect(found[0].message).toContain('--crds PATH');
    expect(found[0].message).toContain('plimsoll schemas pull --context CONTEXT --out DIR');
    expect(found[1].message).not.toContain('reported once');
    // Whatever order the files are named in.
    const reversed = noSchema(validatePaths([join(dir, 'c'), join(dir, 'b'), join(dir, 'a')], options()));
    expect(reversed).toEqual(found);
  });

  it('is reported the same on the parallel path, with its severity', async () => {
    const dir = tempDir('plimsoll-once-');
    writeCorpus(dir, 60, 5);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const serial = validatePaths([dir], options());
    const { files: all, problems } = collectFiles([dir]);
    const parallel = await validateFilesParallel(all, problems, options(), 2);
    expect(noSchema(serial)).toHaveLength(2);
    expect(parallel).toEqual(serial);
    // With --crds: the Widgets are judged against it on both paths (w2 and w3 lack the required size).
    const crdSchemas = loadCrdFiles([fixtureDir({ 'widget-crd.yaml': WIDGET_CRD })]);
    const serialCrds = validatePaths([dir], { ...options(), crdSchemas });
    expect(serialCrds.findings.filter((f) => f.object?.kind === 'Widget' && f.rule === 'schema').map((f) => [f.object?.name, f.message])).toEqual([
      ['w1', 'missing required property "size"'],
      ['w2', 'missing required property "size"'],
      ['w3', 'missing required property "size"'],
    ]);
    expect(noSchema(serialCrds)).toHaveLength(1);
    expect(await validateFilesParallel(all, problems, { ...options(), crdSchemas }, 2)).toEqual(serialCrds);
  });
});
