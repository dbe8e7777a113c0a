import type { Environment } from '../src/config/generated/environment';
import production from './base/production';

/** Production in Helsinki: one of the independent peer production clusters (never "primary"); its peer is prod-fsn. */
const prodHel: Environment = {
  ...production,
  name: 'prod-hel',
  clusterId: 'hz-hel-rtz-prod',
  region: 'hel1',
  // Resolved with `kubectl -n default get endpoints kubernetes` (runbook: Validate Controller API Egress Policy).
  apiServerCidrs: ['10.96.0.1/32', '10.64.0.10/32', '10.64.0.11/32', '10.64.0.12/32'],
  nodeCidrs: ['10.64.0.0/20'],
  // The runtime metrics' cluster tag defaults to the clusterId.
  sre: {
    ...production.sre,
    peers: ['prod-fsn'],
    // Region inventory: this cluster's public ingress addresses (documentation ranges until the real ones are known).
    ingressAddresses: ['198.51.100.10', '2001:db8:20::10'],
    alerting: {
      enabled: true,
      automation: { url: 'https://gitea.hel.acme.example/api/v1/repos/acme/platform/actions/dispatches' },
      namespaceRoutes: [
        { namespace: 'cortex', receiver: 'ai-oncall', url: 'https://gitea.hel.acme.example/api/v1/repos/acme/cortex/actions/dispatches', groupBy: ['alertname', 'model'] },
      ],
    },
  },
};

export default prodHel;
