import { describe, expect, it } from 'vitest';
import { INGESTER, OBSERVATION, StatusIntegrityWebhook } from '../../../src/systems/zen-watcher';
import { only, synth } from './helpers';

const CONTROLLER = 'system:serviceaccount:zen-system:zen-watcher';

function webhook(props: Partial<ConstructorParameters<typeof StatusIntegrityWebhook>[2]> = {}) {
  return only(
    synth((chart) => new StatusIntegrityWebhook(chart, 'wh', { statusWriters: [CONTROLLER], kinds: [OBSERVATION, INGESTER], ...props })),
    'ValidatingWebhookConfiguration',
  );
}

describe('StatusIntegrityWebhook', () => {
  it('defaults: status-subresource and spec updates of both CRDs go to the admission guard', () => {
    const cfg = webhook();
    expect(cfg.metadata.name).toBe('zen-watcher-status-integrity');
    expect(cfg.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'plimsoll-system/plimsoll-admission-guard' });
    const [w] = cfg.webhooks;
    expect(cfg.webhooks).toHaveLength(1);
    expect(w.clientConfig).toEqual({
      service: { namespace: 'plimsoll-system', name: 'plimsoll-admission-guard', port: 443, path: '/validate/status-integrity' },
    });
    expect(w.rules).toEqual([
      { apiGroups: ['zen.kube-zen.io'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['observations', 'observations/status'], scope: 'Namespaced' },
      { apiGroups: ['zen.kube-zen.io'], apiVersions: ['v1alpha1'], operations: ['UPDATE'], resources: ['ingesters', 'ingesters/status'], scope: 'Namespaced' },
    ]);
    expect(w.admissionReviewVersions).toEqual(['v1']);
    expect(w.matchPolicy).toBe('Equivalent');
  });

  it('defaults: webhook-safety (explicit failurePolicy, timeout <= 10, no side effects, kube-system and its own namespace excluded)', () => {
    const [w] = webhook().webhooks;
    expect(w.failurePolicy).toBe('Fail');
    expect(w.timeoutSeconds).toBe(5);
    expect(w.sideEffects).toBe('None');
    expect(w.namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'plimsoll-system'] }],
    });
  });

  it('defaults: the controller\'s own writes never reach the guard (the guide: "Allow if from controller service account")', () => {
    const [w] = webhook().webhooks;
    expect(w.matchConditions).toEqual([{ name: 'not-a-status-writer', expression: `!(request.userInfo.username in ['${CONTROLLER}'])` }]);
  });

  it('custom: guard Service, path, failure policy, timeout and CA source', () => {
    const cfg = webhook({
      name: 'zen-status',
      serviceNamespace: 'guard',
      serviceName: 'guard-svc',
      servicePort: 8443,
      path: '/status',
      failurePolicy: 'Ignore',
      timeoutSeconds: 10,
      caInjectFrom: 'guard/guard-cert',
      statusWriters: [CONTROLLER, 'system:serviceaccount:zen-system:zen-helper'],
      kinds: [INGESTER],
      labels: { team: 'sec' },
    });
    expect(cfg.metadata).toMatchObject({ name: 'zen-status', labels: { team: 'sec' }, annotations: { 'cert-manager.io/inject-ca-from': 'guard/guard-cert' } });
    const [w] = cfg.webhooks;
    expect(w.clientConfig.service).toEqual({ namespace: 'guard', name: 'guard-svc', port: 8443, path: '/status' });
    expect(w).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 10 });
    expect(w.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system', 'guard']);
    expect(w.rules.map((r: any) => r.resources)).toEqual([['ingesters', 'ingesters/status']]);
    expect(w.matchConditions[0].expression).toBe(`!(request.userInfo.username in ['${CONTROLLER}', 'system:serviceaccount:zen-system:zen-helper'])`);
  });

  it('fails if the timeout is over 10 seconds', () => {
    expect(() => webhook({ timeoutSeconds: 15 })).toThrow('timeoutSeconds must be 1..10, got 15');
  });

  it('fails if a status writer is not a ServiceAccount', () => {
    expect(() => webhook({ statusWriters: ["alice' ] || true || ['"] })).toThrow('is not a ServiceAccount user name');
  });

  it('fails if no status writer is named', () => {
    expect(() => webhook({ statusWriters: [] })).toThrow('statusWriters is empty');
  });
});
