import { describe, expect, it } from 'vitest';
import { API_SERVER_EGRESS, ControllerEgressPolicy, HelloworldNetworkPolicy, KubeletProbeAllow } from '../../../src/systems/shipshape';
import { DENY_PLACEHOLDER_CIDR, PROBE_PLACEHOLDER_CIDR } from '../../../src/lib/placeholder-cidrs';
import { EXTERNAL_PEERS, externalPeerSelectors } from '../../../src/constructs/common/external-peers';
import { one, synth } from './synth';

const APP = { app: 'helloworld', env: 'prod' };
const CONTROLLER = { app: 'helloworld-controller' };
const INGRESS_GATEWAY_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
  podSelector: { matchLabels: { istio: 'ingressgateway' } },
};
const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const NODE_LOCAL_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'node-local-dns' } },
};
const PROMETHEUS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
};
const DNS_EGRESS = {
  to: [KUBE_DNS_PEER, NODE_LOCAL_DNS_PEER, { ipBlock: { cidr: '169.254.20.10/32' } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

describe('external peers', () => {
  it('lists each external selector once, exactly as its installer labels the pods', () => {
    expect(externalPeerSelectors()).toEqual([
      { id: 'istio-ingressgateway', ...INGRESS_GATEWAY_PEER },
      { id: 'istiod', namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } },
      { id: 'coredns', ...KUBE_DNS_PEER },
      { id: 'node-local-dns', ...NODE_LOCAL_DNS_PEER },
      { id: 'prometheus', ...PROMETHEUS_PEER },
    ]);
    expect(new Set(EXTERNAL_PEERS.map((p) => p.id)).size).toBe(EXTERNAL_PEERS.length);
  });
});

describe('HelloworldNetworkPolicy', () => {
  it('defaults: ingress from the ingress gateway and Prometheus on the app port, egress to DNS and istiod only', () => {
    const np = one(
      synth((c) => new HelloworldNetworkPolicy(c, 'np', { name: 'helloworld-prod', podLabels: APP, port: 8000 })),
      'NetworkPolicy',
    );
    expect(np.metadata).toMatchObject({ name: 'helloworld-prod', namespace: 'shipshape' });
    expect(np.spec.podSelector).toEqual({ matchLabels: APP });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([
      { from: [INGRESS_GATEWAY_PEER], ports: [{ protocol: 'TCP', port: 8000 }] },
      { from: [PROMETHEUS_PEER], ports: [{ protocol: 'TCP', port: 8000 }] },
    ]);
    expect(np.spec.egress).toEqual([
      DNS_EGRESS,
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
        ports: [{ protocol: 'TCP', port: 15012 }],
      },
    ]);
  });

  it('custom: no sidecar, no scraping, other namespace', () => {
    const np = one(
      synth((c) => new HelloworldNetworkPolicy(c, 'np', { name: 'x', podLabels: APP, port: 9000, namespace: 'apps', meshSidecar: false, scrapedBy: [] })),
      'NetworkPolicy',
    );
    expect(np.metadata.namespace).toBe('apps');
    expect(np.spec.ingress).toEqual([{ from: [INGRESS_GATEWAY_PEER], ports: [{ protocol: 'TCP', port: 9000 }] }]);
    expect(np.spec.egress).toEqual([DNS_EGRESS]);
  });

  it('fails if it would select every pod', () => {
    expect(() => synth((c) => new HelloworldNetworkPolicy(c, 'np', { name: 'x', podLabels: {}, port: 1 }))).toThrow(/podLabels is empty/);
  });
});

describe('KubeletProbeAllow', () => {
  it('defaults: the node CIDRs in place of the runbook placeholder 10.0.0.0/16', () => {
    const np = one(
      synth(
        (c) =>
          new KubeletProbeAllow(c, 'p', {
            name: 'helloworld-prod-kubelet-probes',
            podLabels: APP,
            ports: [8000, 15020],
            nodeCidrs: ['10.48.0.0/20', '10.49.0.0/20'],
          }),
      ),
      'NetworkPolicy',
    );
    expect(np.metadata).toMatchObject({ name: 'helloworld-prod-kubelet-probes', namespace: 'shipshape' });
    expect(np.spec).toEqual({
      podSelector: { matchLabels: APP },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ ipBlock: { cidr: '10.48.0.0/20' } }, { ipBlock: { cidr: '10.49.0.0/20' } }],
          ports: [
            { protocol: 'TCP', port: 8000 },
            { protocol: 'TCP', port: 15020 },
          ],
        },
      ],
    });
    expect(JSON.stringify(np)).not.toContain('10.0.0.0/16');
  });

  it('custom: no node CIDRs renders the runbook placeholder (placeholder-cidr reports it)', () => {
    const np = one(
      synth((c) => new KubeletProbeAllow(c, 'p', { name: 'x', namespace: 'apps', podLabels: CONTROLLER, ports: [8080], nodeCidrs: [] })),
      'NetworkPolicy',
    );
    expect(np.metadata.namespace).toBe('apps');
    expect(np.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: PROBE_PLACEHOLDER_CIDR } }]);
    expect(PROBE_PLACEHOLDER_CIDR).toBe('10.0.0.0/16');
  });

  it('fails if no port is named', () => {
    expect(() => synth((c) => new KubeletProbeAllow(c, 'p', { name: 'x', podLabels: APP, ports: [], nodeCidrs: [] }))).toThrow(/ports is empty/);
  });
});

describe('ControllerEgressPolicy', () => {
  const CIDRS = ['10.96.0.1/32', '10.48.0.10/32'];

  it('defaults: DNS egress to CoreDNS/NodeLocalDNS, API egress on TCP 443 to the apiServerCidrs only, ingress only from Prometheus', () => {
    const np = one(
      synth((c) => new ControllerEgressPolicy(c, 'np', { podLabels: CONTROLLER, provider: 'eks', apiServerCidrs: CIDRS, metricsPort: 8080 })),
      'NetworkPolicy',
    );
    expect(np.metadata).toMatchObject({ name: 'helloworld-controller', namespace: 'shipshape', annotations: { 'plimsoll.dev/api-server-provider': 'eks' } });
    expect(np.spec.podSelector).toEqual({ matchLabels: CONTROLLER });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress).toEqual([
      DNS_EGRESS,
      { to: [{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '10.48.0.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(np.spec.ingress).toEqual([{ from: [PROMETHEUS_PEER], ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });

  it('custom: each provider decides the API ports; every one includes 443', () => {
    for (const provider of ['eks', 'gke', 'aks', 'generic'] as const) {
      const np = one(
        synth(
          (c) =>
            new ControllerEgressPolicy(c, 'np', { podLabels: CONTROLLER, provider, apiServerCidrs: CIDRS, metricsPort: 8080, name: 'ctl', namespace: 'ops' }),
        ),
        'NetworkPolicy',
      );
      expect(np.metadata).toMatchObject({ name: 'ctl', namespace: 'ops' });
      const ports = np.spec.egress[1].ports.map((p: any) => p.port);
      expect(ports).toEqual(API_SERVER_EGRESS[provider].ports);
      expect(ports).toContain(443);
      expect(API_SERVER_EGRESS[provider].resolve.length).toBeGreaterThan(40);
    }
    expect(API_SERVER_EGRESS.generic.ports).toEqual([443, 6443]);
  });

  it('renders the deny placeholder 127.255.255.255/32 when the environment gives no API-server CIDR', () => {
    const np = one(
      synth((c) => new ControllerEgressPolicy(c, 'np', { podLabels: CONTROLLER, provider: 'generic', apiServerCidrs: [], metricsPort: 8080 })),
      'NetworkPolicy',
    );
    expect(np.spec.egress[1].to).toEqual([{ ipBlock: { cidr: DENY_PLACEHOLDER_CIDR } }]);
    expect(DENY_PLACEHOLDER_CIDR).toBe('127.255.255.255/32');
  });

  it('fails if the provider is unknown', () => {
    expect(() =>
      synth((c) => new ControllerEgressPolicy(c, 'np', { podLabels: CONTROLLER, provider: 'openstack' as never, apiServerCidrs: CIDRS, metricsPort: 8080 })),
    ).toThrow(/unknown provider "openstack"/);
  });
});
