import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ZenWatcherCrds } from '../../../src/systems/zen-watcher';
import { only, synth } from './helpers';

/** The openAPIV3Schema as a JSON Schema validator (Kubernetes extensions are not JSON Schema keywords). */
function validatorOf(crd: any) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(crd.spec.versions[0].schema.openAPIV3Schema);
}

describe('ZenWatcherCrds', () => {
  it('defaults: Observation and Ingester in zen.kube-zen.io, namespaced, served and stored, status subresource on', () => {
    const objects = synth((chart) => new ZenWatcherCrds(chart, 'crds'));
    const obs = only(objects, 'CustomResourceDefinition', 'observations.zen.kube-zen.io');
    const ing = only(objects, 'CustomResourceDefinition', 'ingesters.zen.kube-zen.io');
    for (const [crd, kind, plural, version] of [
      [obs, 'Observation', 'observations', 'v1'],
      [ing, 'Ingester', 'ingesters', 'v1alpha1'],
    ] as const) {
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(crd.spec.group).toBe('zen.kube-zen.io');
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.names).toMatchObject({ kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` });
      expect(crd.spec.versions).toHaveLength(1);
      const [v] = crd.spec.versions;
      expect(v).toMatchObject({ name: version, served: true, storage: true, subresources: { status: {} } });
      const schema = v.schema.openAPIV3Schema;
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['spec', 'status']));
      expect(schema.properties.spec.required.length).toBeGreaterThan(0);
    }
  });

  it('the Observation schema accepts a real observation and rejects a bad one', () => {
    const validate = validatorOf(
      only(
        synth((chart) => new ZenWatcherCrds(chart, 'crds')),
        'CustomResourceDefinition',
        'observations.zen.kube-zen.io',
      ),
    );
    const good = {
      apiVersion: 'zen.kube-zen.io/v1',
      kind: 'Observation',
      metadata: { name: 'trivy-vulnerability-1234567890', namespace: 'zen-system' },
      spec: {
        source: 'trivy',
        category: 'security',
        severity: 'critical',
        eventType: 'vulnerability',
        detectedAt: '2024-11-04T10:00:00Z',
        resource: { kind: 'Pod', name: 'web', namespace: 'shop' },
      },
      status: { phase: 'Resolved', processed: true, resolvedAt: '2024-11-05T10:00:00Z' },
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...good, spec: { ...good.spec, severity: 'CRITICAL!' } })).toBe(false);
    expect(validate({ ...good, spec: { ...good.spec, detectedAt: 'yesterday' } })).toBe(false);
    expect(validate({ ...good, status: { phase: 'Gone' } })).toBe(false);
    const { detectedAt: _, ...noTime } = good.spec;
    expect(validate({ ...good, spec: noTime })).toBe(false);
  });

  it('the Ingester schema requires source, ingester and a destination', () => {
    const validate = validatorOf(
      only(
        synth((chart) => new ZenWatcherCrds(chart, 'crds')),
        'CustomResourceDefinition',
        'ingesters.zen.kube-zen.io',
      ),
    );
    const good = {
      spec: {
        source: 'trivy',
        ingester: 'informer',
        destinations: [{ type: 'crd', value: 'observations' }],
        informer: { gvr: { group: 'aquasecurity.github.io', version: 'v1alpha1', resource: 'vulnerabilityreports' } },
      },
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ spec: { ...good.spec, destinations: [] } })).toBe(false);
    expect(validate({ spec: { ...good.spec, ingester: 'carrier-pigeon' } })).toBe(false);
    expect(
      validate({
        ...good,
        status: {
          phase: 'Active',
          lastSeen: '2024-11-04T10:00:00Z',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-11-04T10:00:00Z', reason: 'Synced', message: 'ok' }],
        },
      }),
    ).toBe(true);
    expect(validate({ ...good, status: { phase: 'Sleeping' } })).toBe(false);
  });

  it('custom: labels on both CRDs', () => {
    const objects = synth((chart) => new ZenWatcherCrds(chart, 'crds', { labels: { 'app.kubernetes.io/name': 'zen-watcher' } }));
    for (const crd of objects) expect(crd.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'zen-watcher' });
  });
});
