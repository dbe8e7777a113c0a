import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { precompiledCustomModules, precompiledModule } from '../../src/validate/schemas/registry';
import { projectTempDir, ROOT } from '../helpers/cli';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/validate/schemas/versions';

describe('ahead-of-time custom resource validators (lib/schemas-custom/)', () => {
  it('exist for every bundled custom resource, one module per distinct schema, and judge as the lazily compiled ones do', () => {
    const dir = projectTempDir('plimsoll-aot-');
    const modules = precompiledCustomModules();
    for (const [file, code] of modules) writeFileSync(join(dir, file), code);
    writeFileSync(join(dir, 'schemas.cjs'), precompiledModule(DEFAULT_KUBERNETES_VERSION));
    const index = require(join(dir, 'schemas.cjs')) as { __custom: Record<string, string>; __kinds: Record<string, string> };
    const catalog = JSON.parse(readFileSync(join(ROOT, 'src/validate/schemas/generated/custom-resources.json'), 'utf8')) as {
      kinds: Record<string, { alias?: string; schema?: object }>;
    };
    expect(Object.keys(index.__custom).sort()).toEqual(Object.keys(catalog.kinds).sort());
    expect(new Set(Object.values(index.__custom)).size).toBe(modules.size);
    // The Kubernetes module no longer carries the catalog: a run loads only the custom kinds it meets.
    expect(Object.keys(index.__kinds).some((k) => k.startsWith('kustomize.toolkit.fluxcd.io/'))).toBe(false);
    // The lazy path as registry.ts compiles it, fresh (a SchemaSet would load lib/'s modules when they match).
    const kubernetes = JSON.parse(readFileSync(join(ROOT, `src/validate/schemas/generated/kubernetes-${DEFAULT_KUBERNETES_VERSION}.json`), 'utf8'));
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: false,
      allowUnionTypes: true,
      validateSchema: false,
      validateFormats: false,
      inlineRefs: false,
      code: { optimize: false },
      unicodeRegExp: false,
    });
    ajv.addSchema({ $id: 'kubernetes', definitions: kubernetes.definitions });
    const lazy = (key: string) => {
      const entry = (catalog.kinds as Record<string, { alias?: string; schema?: object }>)[key];
      return ajv.compile((catalog.kinds as Record<string, { schema?: object }>)[entry.alias ?? key].schema!);
    };
    const objects = [
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'a' },
        spec: { interval: '1m', prune: true, sourceRef: { kind: 'ExternalArtifact', name: 'a' } },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'a' },
        spec: { interval: 1, prnue: true, sourceRef: { kind: 'Git', name: 'a' } },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'r' },
        spec: { template: { spec: { containers: [{ name: 'c', imagePullPolicy: 'Sometimes' }] } } },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'v' },
        spec: { http: [{ match: [{ uri: { exact: '/', prefix: '/' } }] }] },
      },
    ];
    for (const o of objects) {
      const key = `${o.apiVersion}/${o.kind}`;
      const ahead = (require(join(dir, index.__custom[key])) as { validate: (x: unknown) => boolean & { errors?: unknown } }).validate as any;
      const compiled = lazy(key);
      expect(ahead(o), key).toBe(compiled(o));
      const strip = (errs: any[] | null | undefined) => (errs ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params)]);
      expect(strip(ahead.errors), key).toEqual(strip(compiled.errors));
    }
  });
});
