import type { Environment } from '../src/config/generated/environment';

/** Production in Falkenstein: one of the independent peer production clusters (never "primary"); its peer is prod-hel. */
const prodFsn: Environment = {
  name: 'prod-fsn',
  clusterId: 'hz-fsn-rtz-prod',
  tenant: 'acme',
  region: 'fsn1',
  provider: 'generic',
  tier: 'production',
  // Resolved with `kubectl -n default get endpoints kubernetes` (runbook: Validate Controller API Egress Policy).
  apiServerCidrs: ['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32'],
  nodeCidrs: ['10.48.0.0/20'],
  hostnames: {
    test: 'test.helloworld.shipshape.example.com',
    prod: 'prod.helloworld.shipshape.example.com',
  },
  registry: 'registry.acme.example/platform',
  featureFlags: {},
  replicaProfile: 'ha',
  resourceProfile: 'medium',
  flux: {
    sourceRef: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' },
    interval: '5m',
  },
  // Zen Watcher: the guide's recommended "Pattern 2: Multiple Replicas (Production)" (2 replicas, PDB minAvailable 1)
  // with its production settings. Status integrity is served by the admission guard (runtimeComponents) and fails
  // closed (an invariant rejects "Ignore" in production); the watcher's own status writes never reach it.
  zenWatcher: {
    pattern: 'replicated',
    resourceProfile: 'production',
    statusAdmission: { enabled: true, failurePolicy: 'Fail' },
  },
  shipshape: {
    messages: { test: 'hello from test', prod: 'hello from prod' },
    certificateIssuer: { kind: 'ClusterIssuer', name: 'letsencrypt-prod' },
    prodAutoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
    controller: { debounceSeconds: 5, leaderElection: { leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 } },
  },
  runtime: {
    backendUrl: 'https://scanner.internal',
    // Production invariants (src/systems/runtime-plane/invariants.ts): DPoP and mTLS on, no static token fallback (runbook §3).
    authority: {
      issuer: 'https://authority.acme.example',
      clientId: 'zastava-runtime',
      audience: 'scanner',
      scopes: ['aud:scanner', 'api:scanner.runtime.write'],
      requireDpop: true,
      requireMutualTls: true,
      allowStaticTokenFallback: false,
    },
    metrics: { commonTags: { cluster: 'hz-fsn-rtz-prod' } },
    webhook: { replicas: 3, failOpenNamespaces: [] },
    runbookBaseUrl: 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks',
  },
  // Multi-region SRE (SRE handbook seed 004; shipshape runbook: alert routing matrix, Multi-Cluster / Multi-Region
  // Strategy). Peers render from the same sources and image digests; synth fails when they disagree.
  sre: {
    peers: ['prod-hel'],
    // Region inventory: this cluster's public ingress addresses (documentation ranges until the real ones are known).
    ingressAddresses: ['203.0.113.10', '2001:db8:10::10'],
    // Same records in every peer: ifurlup across both peers' addresses, closest healthy peer for prod, TTL 30 s (<= 60).
    gslb: { enabled: true, zone: 'shipshape.example.com', ttlSeconds: 30, selector: 'all', hostSelectors: { prod: 'pickclosest' } },
    // Handbook §2.4: lease renewed every 10 s, TTL 30 s, on a Cloudflare KV witness; 2-of-3 DNS quorum fallback.
    failover: {
      mode: 'automatic',
      lease: { renewSeconds: 10, ttlSeconds: 30 },
      witness: { provider: 'cloudflare-kv', endpoint: 'https://api.cloudflare.com/client/v4/accounts/acme-example/storage/kv/namespaces/failover-witness' },
    },
    alerting: {
      enabled: true,
      automation: { url: 'https://gitea.fsn.acme.example/api/v1/repos/acme/platform/actions/dispatches' },
      namespaceRoutes: [
        { namespace: 'cortex', receiver: 'ai-oncall', url: 'https://gitea.fsn.acme.example/api/v1/repos/acme/cortex/actions/dispatches', groupBy: ['alertname', 'model'] },
      ],
    },
    components: ['catalyst-control-plane'],
    compliance: { gdpr: { enabled: true } },
  },
  // Three guard replicas like the Zastava webhook (runbook §2.2), failing closed; the evidence bundler exports the
  // runtime streams nightly from the runtime-evidence volume (runtime alignment §5).
  runtimeComponents: {
    admissionGuard: { replicas: 3, failurePolicy: 'Fail' },
    evidenceBundler: { schedule: '30 3 * * *', claimName: 'runtime-evidence' },
  },
};

export default prodFsn;
