import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../scripts/gen-schemas';
import { SchemaSet, OBJECT_META_REF } from '../../src/validate/schemas/registry';
import { strictSchemaFromOpenAPI, hoistRepeated } from '../../src/validate/schemas/structural';
import { ROOT } from '../helpers/cli';
import { crdVersions } from '../../src/validate/schemas/inventory-crds';
import { loadManifests } from '../../src/validate/load';
import { KUBERNETES_VERSIONS } from '../../src/validate/schemas/versions';

const GENERATED = join(ROOT, 'src/validate/schemas/generated');

describe('generated schemas', () => {
  it('are what `npm run gen:schemas` generates from node_modules (run it after a dependency bump)', () => {
    for (const [file, text] of generate()) expect(readFileSync(join(GENERATED, file), 'utf8'), file).toBe(text);
  });

  it.each(KUBERNETES_VERSIONS)('cover every Kubernetes %s kind and the platform custom resources, and every one compiles', (version) => {
    const schemas = new SchemaSet(version);
    const k8s = JSON.parse(readFileSync(join(GENERATED, `kubernetes-${version}.json`), 'utf8')) as { kinds: Record<string, string> };
    const crs = JSON.parse(readFileSync(join(GENERATED, 'custom-resources.json'), 'utf8')) as { kinds: Record<string, unknown> };
    const keys = [...Object.keys(k8s.kinds), ...Object.keys(crs.kinds)];
    for (const expected of [
      'apps/v1/Deployment',
      'v1/Service',
      'networking.k8s.io/v1/NetworkPolicy',
      'batch/v1/CronJob',
      'rbac.authorization.k8s.io/v1/ClusterRole',
      'apiextensions.k8s.io/v1/CustomResourceDefinition',
      'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
      'coordination.k8s.io/v1/Lease',
      'monitoring.coreos.com/v1/PrometheusRule',
      'monitoring.coreos.com/v1/ServiceMonitor',
      'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'networking.istio.io/v1beta1/Gateway',
      'networking.istio.io/v1beta1/VirtualService',
      'networking.istio.io/v1beta1/DestinationRule',
      'security.istio.io/v1beta1/AuthorizationPolicy',
      'security.istio.io/v1beta1/PeerAuthentication',
      'networking.istio.io/v1alpha3/EnvoyFilter',
      'cert-manager.io/v1/Certificate',
    ]) {
      expect(keys).toContain(expected);
    }
    for (const key of keys) {
      const slash = key.lastIndexOf('/');
      const kind = schemas.bundled(key.slice(0, slash), key.slice(slash + 1));
      expect(kind, key).toBeDefined();
      expect(() => kind!.validate({ apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) }), key).not.toThrow();
    }
  });

  it('does not write defaults into the object it validates', () => {
    const object = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'g' },
      spec: { interval: '1m', url: 'https://example.com/x.git' },
    };
    const before = structuredClone(object);
    expect(new SchemaSet().bundled('source.toolkit.fluxcd.io/v1', 'GitRepository')!.validate(object)).toBe(true);
    expect(object).toEqual(before);
  });
});

describe('CRD openAPIV3Schema conversion', () => {
  const convert = (schema: unknown) => strictSchemaFromOpenAPI(schema, { objectMetaRef: OBJECT_META_REF });

  it('closes objects, keeps maps and preserve-unknown fields open, allows null for optional fields', () => {
    const out = convert({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['a'],
          properties: {
            a: { type: 'string' },
            m: { type: 'object', additionalProperties: { type: 'integer' } },
            p: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'boolean' } } },
            n: { type: 'integer', minimum: 1, exclusiveMinimum: true },
            e: { type: 'string', enum: ['x', 'y'] },
          },
        },
      },
    } as never);
    expect(out.properties).toMatchObject({
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: ['object', 'null'], $ref: OBJECT_META_REF },
    });
    const spec = (out.properties as Record<string, Record<string, unknown>>).spec;
    expect(spec.additionalProperties).toBe(false);
    expect(spec.required).toEqual(['a']);
    const props = spec.properties as Record<string, Record<string, unknown>>;
    expect(props.a).toEqual({ type: 'string' });
    expect(props.m).toEqual({ type: ['object', 'null'], additionalProperties: { type: 'integer' } });
    expect(props.p.additionalProperties).toBeUndefined();
    expect(props.n).toEqual({ type: ['integer', 'null'], exclusiveMinimum: 1 });
    expect(props.e).toEqual({ type: ['string', 'null'], enum: ['x', 'y', null] });
  });

  it('keeps a property named __proto__ as a property', () => {
    const out = convert({ type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') });
    expect(Object.keys(out.properties as object)).toContain('__proto__');
    expect(Object.getPrototypeOf(out.properties)).toBe(Object.prototype);
  });

  it("moves repeated object types to definitions, keeping each site's nullability", () => {
    const tls = { type: 'object', properties: { ca: { type: 'string' } } };
    const out = hoistRepeated({ type: 'object', properties: { a: { ...tls }, b: { ...tls, type: ['object', 'null'] } }, additionalProperties: false });
    expect(out.properties).toEqual({ a: { type: 'object', $ref: '#/definitions/t1' }, b: { type: ['object', 'null'], $ref: '#/definitions/t1' } });
    expect(out.definitions).toEqual({ t1: { properties: { ca: { type: 'string' } } } });
  });
});

describe('CRDs of the input', () => {
  it('are converted once per list, however many inventories are judged against it', () => {
    const { inventory } = loadManifests([join(ROOT, 'dist', 'prod-fsn', '01-crds')]);
    const crds = inventory.ofKind('CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(1);
    const first = crdVersions(crds);
    expect(first.size).toBeGreaterThan(1);
    expect(crdVersions(crds)).toBe(first);
    // Another list (another run, another input) is converted afresh.
    expect(crdVersions([...crds])).not.toBe(first);
    expect([...crdVersions([...crds]).keys()]).toEqual([...first.keys()]);
  });
});
