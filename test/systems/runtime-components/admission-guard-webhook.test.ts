import { describe, expect, it } from 'vitest';
import { ADMISSION_GUARD_RULES, AdmissionGuardWebhookConfiguration } from '../../../src/systems/runtime-components';
import { ROUTES } from '../../../src/runtime/admission-guard/server';
import { POD_SPEC_SUBRESOURCES } from '../../../src/runtime/admission-guard/decide';
import { only, synth } from '../zen-watcher/helpers';
import { findings } from './helpers';

const base = {
  namespaces: ['shipshape', 'stellaops'],
  serviceNamespace: 'plimsoll-system',
  serviceName: 'plimsoll-admission-guard',
  caInjectFrom: 'plimsoll-system/plimsoll-admission-guard',
};
const build = (props: Partial<ConstructorParameters<typeof AdmissionGuardWebhookConfiguration>[2]> = {}) =>
  only(
    synth((chart) => new AdmissionGuardWebhookConfiguration(chart, 'wh', { ...base, ...props })),
    'ValidatingWebhookConfiguration',
  );

describe('AdmissionGuardWebhookConfiguration', () => {
  it('defaults: one fail-closed entry for the enforced namespaces, calling /validate on the guard Service with the injected CA', () => {
    const cfg = build();
    expect(cfg.metadata).toMatchObject({
      name: 'plimsoll-admission-guard',
      annotations: { 'cert-manager.io/inject-ca-from': 'plimsoll-system/plimsoll-admission-guard' },
    });
    expect(cfg.webhooks).toHaveLength(1);
    const [w] = cfg.webhooks;
    expect(w).toMatchObject({
      name: 'objects.plimsoll-admission-guard.plimsoll.dev',
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { namespace: 'plimsoll-system', name: 'plimsoll-admission-guard', port: 443, path: '/validate' } },
      failurePolicy: 'Fail',
      sideEffects: 'None',
      timeoutSeconds: 5,
      matchPolicy: 'Equivalent',
    });
    expect(ROUTES[w.clientConfig.service.path]).toBe('objects');
    expect(w.namespaceSelector).toEqual({
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shipshape', 'stellaops'] },
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'plimsoll-system'] },
      ],
    });
  });

  it('defaults: namespaced workloads, pods, Roles, NetworkPolicies and PrometheusRules on CREATE and UPDATE; never Secrets or cluster-scoped kinds', () => {
    const [w] = build().webhooks;
    expect(w.rules).toEqual(ADMISSION_GUARD_RULES);
    expect(w.rules.flatMap((r: any) => r.resources).sort()).toEqual([
      'cronjobs',
      'daemonsets',
      'deployments',
      'jobs',
      'networkpolicies',
      'pods',
      'pods/ephemeralcontainers',
      'pods/resize',
      'prometheusrules',
      'replicasets',
      'roles',
      'statefulsets',
    ]);
    for (const r of w.rules) expect(r).toMatchObject({ operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' });
  });

  it('defaults: the Pod subresources that change containers (kubectl debug, in-place resize) are judged, and the guard judges their Pod', () => {
    const [w] = build().webhooks;
    const pods = w.rules.find((r: any) => r.resources.includes('pods'));
    expect(pods).toMatchObject({
      apiGroups: [''],
      resources: expect.arrayContaining(['pods/ephemeralcontainers', 'pods/resize']),
      operations: expect.arrayContaining(['UPDATE']),
    });
    for (const r of w.rules.flatMap((x: any) => x.resources).filter((r: string) => r.includes('/')))
      expect(POD_SPEC_SUBRESOURCES).toContain(r.replace(/^pods\//, ''));
  });

  it('defaults: passes webhook-safety', () => {
    expect(findings([build()], ['webhook-safety'])).toEqual([]);
  });

  it('custom: fail-open namespaces get their own Ignore entry scoped to them; the rest keep the failure policy', () => {
    const cfg = build({
      namespaces: ['a', 'b', 'legacy'],
      failOpenNamespaces: ['legacy'],
      failurePolicy: 'Ignore',
      timeoutSeconds: 10,
      name: 'guard',
      path: '/v',
      servicePort: 8443,
      exemptNamespaces: ['kube-system', 'kube-public'],
      labels: { team: 'x' },
    });
    expect(cfg.metadata).toMatchObject({ name: 'guard', labels: { team: 'x' } });
    expect(cfg.webhooks.map((w: any) => [w.name, w.failurePolicy, w.namespaceSelector.matchExpressions[0].values, w.timeoutSeconds])).toEqual([
      ['objects.plimsoll-admission-guard.plimsoll.dev', 'Ignore', ['a', 'b'], 10],
      ['fail-open.objects.plimsoll-admission-guard.plimsoll.dev', 'Ignore', ['legacy'], 10],
    ]);
    for (const w of cfg.webhooks) {
      expect(w.clientConfig.service).toEqual({ namespace: 'plimsoll-system', name: 'plimsoll-admission-guard', port: 8443, path: '/v' });
      expect(w.namespaceSelector.matchExpressions[1].values).toEqual(['kube-public', 'kube-system', 'plimsoll-system']);
    }
    // Fail-open takes two keys (runbook 000 §4.3): the environment renders the Ignore entries, and webhook-safety
    // holds them as errors until the policy lists those namespaces in failOpenNamespaces (platform.yaml lists none).
    expect(findings([cfg], ['webhook-safety'])).toEqual([
      'webhook-safety: webhook objects.plimsoll-admission-guard.plimsoll.dev fails open (failurePolicy Ignore) in a, b, which the policy does not list as fail-open (failOpenNamespaces: [])',
      'webhook-safety: webhook fail-open.objects.plimsoll-admission-guard.plimsoll.dev fails open (failurePolicy Ignore) in legacy, which the policy does not list as fail-open (failOpenNamespaces: [])',
    ]);
  });

  it('fails if there is nothing to enforce, or an exempt namespace is listed', () => {
    expect(() => build({ namespaces: [] })).toThrow(/namespaces is empty/);
    expect(() => build({ namespaces: ['shipshape', 'plimsoll-system'] })).toThrow(
      'admission guard webhook: namespaces must not include plimsoll-system: exempt namespaces (kube-system, plimsoll-system) are never judged, so the guard can always be restarted; remove them',
    );
    expect(() => build({ namespaces: ['Bad_NS'] })).toThrow(/"Bad_NS" is not a namespace name/);
  });

  it('fails if a fail-open namespace is not enforced at all', () => {
    expect(() => build({ failOpenNamespaces: ['elsewhere'] })).toThrow(
      'admission guard webhook: fail-open namespaces elsewhere are not judged at all; list them in namespaces too, or drop them',
    );
  });

  it('fails if timeoutSeconds is above 10', () => {
    expect(() => build({ timeoutSeconds: 15 })).toThrow(/timeoutSeconds must be an integer from 1 to 10 .*got 15/);
  });
});
