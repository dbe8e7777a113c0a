import { describe, expect, it } from 'vitest';
import { ZastavaWebhook, ZastavaWebhookConfiguration } from '../../../src/systems/runtime-plane';
import { CONSTRUCT_ADDRESS_LABEL } from '../../../src/constructs/common/workload';
import { only, synth } from './helpers';

const IMAGE = `registry.internal/zastava/zastava-webhook@sha256:${'b'.repeat(64)}`;
const base = { image: IMAGE, labels: { 'app.kubernetes.io/name': 'zastava-webhook' }, configMapName: 'zastava-runtime' };

function webhook(props: Partial<ConstructorParameters<typeof ZastavaWebhook>[2]> = {}) {
  const objects = synth((chart) => new ZastavaWebhook(chart, 'webhook', { ...base, ...props }));
  return { objects, deploy: only(objects, 'Deployment') };
}

function configuration(props: Partial<ConstructorParameters<typeof ZastavaWebhookConfiguration>[2]> = {}) {
  return only(
    synth((chart) => new ZastavaWebhookConfiguration(chart, 'vwc', { labels: {}, ...props })),
    'ValidatingWebhookConfiguration',
  );
}

describe('ZastavaWebhook', () => {
  it('defaults: Deployment zastava-webhook in stellaops, 3 replicas, rolling without going below 3', () => {
    const { objects, deploy } = webhook();
    expect(deploy.metadata).toMatchObject({ name: 'zastava-webhook', namespace: 'stellaops' });
    expect(deploy.spec.replicas).toBe(3);
    expect(deploy.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deploy.spec.selector).toEqual({ matchLabels: { app: 'zastava-webhook' } });
    expect(JSON.stringify(objects)).not.toContain(CONSTRUCT_ADDRESS_LABEL);
    expect(deploy.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
  });

  it('serves TLS from the secret zastava-webhook-tls, referenced by name only', () => {
    const { objects, deploy } = webhook();
    const volumes = deploy.spec.template.spec.volumes;
    expect(volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName)).toEqual([
      'zastava-webhook-tls',
      'zastava-authority-dpop',
      'zastava-authority-mtls',
    ]);
    expect(deploy.spec.template.spec.containers[0].volumeMounts.every((m: any) => m.readOnly === true || m.name === 'optok-cache')).toBe(true);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('has HTTPS probes, restricted security, resources, and a Service with https 443 and metrics ports', () => {
    const { objects, deploy } = webhook();
    const c = deploy.spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz/ready', port: 8443, scheme: 'HTTPS' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz/live', port: 8443, scheme: 'HTTPS' });
    expect(c.startupProbe).toBeUndefined();
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources.requests).toEqual({ cpu: '50m', memory: '128Mi' });
    expect(c.resources.limits).toEqual({ cpu: '250m', memory: '256Mi' });
    const svc = only(objects, 'Service');
    expect(svc.metadata.name).toBe('zastava-webhook');
    expect(svc.spec.selector).toEqual({ app: 'zastava-webhook' });
    expect(svc.spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 8443 },
      { name: 'metrics', port: 9090, targetPort: 9090 },
    ]);
    expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  it('has a PodDisruptionBudget that allows one eviction', () => {
    const { objects } = webhook();
    const pdb = only(objects, 'PodDisruptionBudget');
    expect(pdb.metadata).toMatchObject({ name: 'zastava-webhook', namespace: 'stellaops' });
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'zastava-webhook' } } });
  });

  it('custom: one replica, other ports, other TLS secret', () => {
    const { objects, deploy } = webhook({ replicas: 1, httpsPort: 9443, metricsPort: 9100, tlsSecretName: 'other-tls', name: 'hook', namespace: 'ns' });
    expect(deploy.spec.replicas).toBe(1);
    expect(deploy.metadata).toMatchObject({ name: 'hook', namespace: 'ns' });
    expect(deploy.spec.template.spec.volumes.find((v: any) => v.name === 'webhook-tls').secret.secretName).toBe('other-tls');
    expect(only(objects, 'Service').spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 9443 },
      { name: 'metrics', port: 9100, targetPort: 9100 },
    ]);
  });

  it('fails if replicas is 0 or the two ports are equal', () => {
    expect(() => webhook({ replicas: 0 })).toThrow('zastava-webhook replicas must be an integer >= 1, got 0');
    expect(() => webhook({ httpsPort: 9090 })).toThrow('zastava-webhook httpsPort and metricsPort must differ, both are 9090');
  });
});

describe('ZastavaWebhookConfiguration', () => {
  it('defaults: one fail-closed webhook, never kube-system or stellaops, explicit and bounded', () => {
    const vwc = configuration();
    expect(vwc.metadata.name).toBe('zastava-webhook');
    expect(vwc.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from-secret': 'stellaops/zastava-webhook-tls' });
    expect(vwc.webhooks).toHaveLength(1);
    const [hook] = vwc.webhooks;
    expect(hook).toMatchObject({
      failurePolicy: 'Fail',
      sideEffects: 'None',
      timeoutSeconds: 5,
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: 'zastava-webhook', namespace: 'stellaops', path: '/admission', port: 443 } },
    });
    expect(hook.clientConfig.caBundle).toBeUndefined();
    expect(hook.namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'stellaops'] }],
    });
    expect(hook.rules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' }]);
  });

  it('custom: fail-open namespaces are excluded from the fail-closed webhook and get their own Ignore entry scoped to them', () => {
    const vwc = configuration({ failOpenNamespaces: ['payments', 'batch'], timeoutSeconds: 10 });
    expect(vwc.webhooks).toHaveLength(2);
    const [closed, open] = vwc.webhooks;
    expect(closed.failurePolicy).toBe('Fail');
    expect(closed.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'stellaops', 'batch', 'payments'] },
    ]);
    expect(open.failurePolicy).toBe('Ignore');
    expect(open.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['batch', 'payments'] },
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'stellaops'] },
    ]);
    expect(new Set(vwc.webhooks.map((w: any) => w.name)).size).toBe(2);
    for (const w of vwc.webhooks) expect(w.timeoutSeconds).toBe(10);
    // Never a global Ignore: every Ignore entry selects an explicit list of namespaces.
    for (const w of vwc.webhooks.filter((x: any) => x.failurePolicy === 'Ignore')) {
      expect(w.namespaceSelector.matchExpressions.some((e: any) => e.operator === 'In' && e.values.length > 0)).toBe(true);
    }
  });

  it('fails if a fail-open namespace is exempt anyway, or the timeout is above 10 s', () => {
    expect(() => configuration({ failOpenNamespaces: ['stellaops'] })).toThrow(/failOpenNamespaces must not list stellaops/);
    expect(() => configuration({ timeoutSeconds: 11 })).toThrow('zastava-webhook timeoutSeconds must be an integer from 1 to 10, got 11');
  });
});
