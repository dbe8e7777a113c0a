import { describe, expect, it } from 'vitest';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, validatePaths } from '../../src/validate';
import { fixtureDir } from '../helpers/cli';

const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../base]
patches:
  - path: values.yaml
    target: {kind: HelmRelease}
patchesStrategicMerge:
  - replicas.yaml
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: inline}
`;
const HELM_RELEASE_PATCH =
  'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  chart:\n    spec: {version: ">=1", reconcileStrategy: Sometimes}\n';

describe('kustomize patches (files a kustomization lists under patches or patchesStrategicMerge)', () => {
  it('are fragments: the schema rule does not ask for the fields they leave out, but still checks the ones they set', () => {
    const dir = fixtureDir({
      'overlay/kustomization.yaml': KUSTOMIZATION,
      'overlay/values.yaml': HELM_RELEASE_PATCH,
      'overlay/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec: {replicas: 3, replcas: 4}\n',
      // Not listed as a patch: a whole object, judged as one.
      'overlay/release.yaml': HELM_RELEASE_PATCH,
      'other/values.yaml': HELM_RELEASE_PATCH,
    });
    const found = validatePaths([dir], { policy: loadPolicy() })
      .findings.filter((f) => f.rule === 'schema')
      .map((f) => `${f.file.slice(dir.length + 1)} ${f.path}`);
    expect(found).toEqual([
      'other/values.yaml /spec',
      'other/values.yaml /spec/chart/spec',
      'other/values.yaml /spec/chart/spec',
      'other/values.yaml /spec/chart/spec/reconcileStrategy',
      'overlay/release.yaml /spec',
      'overlay/release.yaml /spec/chart/spec',
      'overlay/release.yaml /spec/chart/spec',
      'overlay/release.yaml /spec/chart/spec/reconcileStrategy',
      'overlay/replicas.yaml /spec/replcas',
      'overlay/values.yaml /spec/chart/spec/reconcileStrategy',
    ]);
    // A later run in the same process sees an edited kustomization.
    const kustomization = join(dir, 'overlay/kustomization.yaml');
    writeFileSync(kustomization, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [values.yaml]\n');
    utimesSync(kustomization, new Date(), new Date(Date.now() + 10_000));
    const again = validatePaths([join(dir, 'overlay/values.yaml')], { policy: loadPolicy() }).findings.filter((f) => f.rule === 'schema');
    expect(again.map((f) => f.message)).toContain('missing required property "interval"');
  });
});
