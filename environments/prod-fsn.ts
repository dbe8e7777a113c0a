import type { Environment } from '../src/config/generated/environment';
import production from './base/production';

/** Production in Falkenstein: one of the independent peer production clusters (never "primary"); its peer is prod-hel. */
const prodFsn: Environment = {
  ...production,
  name: 'prod-fsn',
  clusterId: 'hz-fsn-rtz-prod',
  region: 'fsn1',
  // Resolved with `kubectl -n default get endpoints kubernetes` (runbook: Validate Controller API Egress Policy).
  apiServerCidrs: ['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32'],
  nodeCidrs: ['10.48.0.0/20'],
  // The runtime metrics' cluster tag defaults to the clusterId.
  sre: {
    ...production.sre,
    peers: ['prod-hel'],
    // Region inventory: this cluster's public ingress addresses (documentation ranges until the real ones are known).
    ingressAddresses: ['203.0.113.10', '2001:db8:10::10'],
    alerting: {
      enabled: true,
      automation: { url: 'https://gitea.fsn.acme.example/api/v1/repos/acme/platform/actions/dispatches' },
      namespaceRoutes: [
        { namespace: 'cortex', receiver: 'ai-oncall', url: 'https://gitea.fsn.acme.example/api/v1/repos/acme/cortex/actions/dispatches', groupBy: ['alertname', 'model'] },
      ],
    },
  },
};

export default prodFsn;
