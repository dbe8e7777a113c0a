import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PlimsollSystemNetworkPolicies, type PlimsollSystemNetworkPoliciesProps } from '../../../src/systems/runtime-components';

const GUARD = { podLabels: { app: 'plimsoll-admission-guard' }, httpsPort: 8443, metricsPort: 9090 };

function synth(props: Partial<PlimsollSystemNetworkPoliciesProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new PlimsollSystemNetworkPolicies(chart, 'netpol', { namespace: 'plimsoll-system', guard: GUARD, ...props });
  return Testing.synth(chart);
}

const tcp = (port: number) => ({ protocol: 'TCP', port });

describe('PlimsollSystemNetworkPolicies', () => {
  it('defaults: the namespace denies all ingress and egress; the guard admits the API server on 8443 and monitoring on 9090 only', () => {
    const [deny, guard, ...rest] = synth();
    expect(rest).toEqual([]);
    expect(deny).toMatchObject({
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'plimsoll-system' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    expect(deny.spec.ingress).toBeUndefined();
    expect(deny.spec.egress).toBeUndefined();
    expect(guard.metadata).toMatchObject({ name: 'plimsoll-admission-guard', namespace: 'plimsoll-system' });
    expect(guard.spec).toEqual({
      podSelector: { matchLabels: { app: 'plimsoll-admission-guard' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ ipBlock: { cidr: '127.255.255.255/32' } }], ports: [tcp(8443)] },
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [tcp(9090)] },
      ],
    });
  });

  it("custom: the environment's API-server and node CIDRs, monitoring namespace and labels", () => {
    const [deny, guard] = synth({
      apiServerCidrs: ['10.0.0.1/32', '10.0.0.2/32'],
      nodeCidrs: ['10.1.0.0/16'],
      monitoringNamespace: 'observability',
      labels: { team: 'platform' },
    });
    expect(deny.metadata.labels).toEqual({ team: 'platform' });
    expect(guard.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.1/32' } }, { ipBlock: { cidr: '10.0.0.2/32' } }], ports: [tcp(8443)] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [tcp(9090)] },
      { from: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [tcp(8443)] },
    ]);
  });

  it('without the guard only the default deny is rendered (the evidence bundler needs no network)', () => {
    expect(synth({ guard: undefined }).map((o) => o.metadata.name)).toEqual(['default-deny']);
  });

  it('fails if the guard ports coincide or its pod labels are empty', () => {
    expect(() => synth({ guard: { ...GUARD, metricsPort: 8443 } })).toThrow(/must differ, both are 8443/);
    expect(() => synth({ guard: { ...GUARD, podLabels: {} } })).toThrow(/podLabels is empty/);
  });
});
