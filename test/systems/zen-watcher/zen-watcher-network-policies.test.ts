import { describe, expect, it } from 'vitest';
import { ZenWatcherNetworkPolicies } from '../../../src/systems/zen-watcher';
import { all, only, synth } from './helpers';

const WATCHER = { 'app.kubernetes.io/name': 'zen-watcher' };

function policies(props: Partial<ConstructorParameters<typeof ZenWatcherNetworkPolicies>[2]> = {}) {
  return synth((chart) => new ZenWatcherNetworkPolicies(chart, 'np', { namespace: 'zen-system', watcherPodLabels: WATCHER, watcherPort: 8080, ...props }));
}

describe('ZenWatcherNetworkPolicies', () => {
  it('defaults: deny all, then DNS egress, the API-server deny placeholder and metrics ingress from monitoring', () => {
    const objects = policies();
    expect(only(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const w = only(objects, 'NetworkPolicy', 'zen-watcher');
    expect(w.metadata.namespace).toBe('zen-system');
    expect(w.spec.podSelector).toEqual({ matchLabels: WATCHER });
    expect(w.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(w.spec.egress[0]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    });
    expect(w.spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '127.255.255.255/32' } }],
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 6443 },
      ],
    });
    expect(w.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(all(objects, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['default-deny', 'zen-watcher']);
  });

  it("custom: the environment's API-server CIDRs and ports, kubelet probes, webhook sources and the cleanup job", () => {
    const objects = policies({
      apiServerCidrs: ['10.96.0.1/32', '10.48.0.10/32'],
      apiServerPorts: [443],
      nodeCidrs: ['10.48.0.0/20'],
      monitoringNamespace: 'observability',
      webhookSourceNamespaces: ['falco'],
      cleanupPodLabels: { 'app.kubernetes.io/name': 'zen-event-cleanup' },
      labels: { team: 'sec' },
    });
    const w = only(objects, 'NetworkPolicy', 'zen-watcher');
    const api = { to: [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '10.48.0.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] };
    expect(w.spec.egress[1]).toEqual(api);
    expect(JSON.stringify(objects)).not.toContain('127.255.255.255');
    expect(w.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ ipBlock: { cidr: '10.48.0.0/20' } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'falco' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    const c = only(objects, 'NetworkPolicy', 'zen-event-cleanup');
    expect(c.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'zen-event-cleanup' } });
    expect(c.spec.ingress).toBeUndefined();
    expect(c.spec.egress).toEqual([w.spec.egress[0], api]);
    for (const p of all(objects, 'NetworkPolicy')) expect(p.metadata.labels).toEqual({ team: 'sec' });
  });

  it('fails if no API-server port is given', () => {
    expect(() => policies({ apiServerPorts: [] })).toThrow('apiServerPorts is empty');
  });
});
