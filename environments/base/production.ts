import type { Environment } from '../../src/config/generated/environment';

/**
 * What every production peer shares. Not an environment (the loader reads only environments/*.ts): each production
 * file spreads it and states what differs, its identity, addresses and per-site endpoints. A section an environment
 * restates replaces the base's section; spread the base's (`...production.sre`) to change one field of it.
 */
export type ProductionBase = Omit<Environment, 'name' | 'clusterId' | 'region' | 'apiServerCidrs' | 'nodeCidrs'>;

const production = {
  tenant: 'acme',
  provider: 'generic',
  tier: 'production',
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
    webhook: { replicas: 3, failOpenNamespaces: [] },
    runbookBaseUrl: 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks',
  },
  // Multi-region SRE (SRE handbook seed 004; shipshape runbook: alert routing matrix, Multi-Cluster / Multi-Region
  // Strategy). Peers render from the same sources and image digests; synth fails when they disagree.
  sre: {
    // Same records in every peer: ifurlup across both peers' addresses, closest healthy peer for prod, TTL 30 s (<= 60).
    gslb: { enabled: true, zone: 'shipshape.example.com', ttlSeconds: 30, selector: 'all', hostSelectors: { prod: 'pickclosest' } },
    // Handbook §2.4: lease renewed every 10 s, TTL 30 s, on a Cloudflare KV witness; 2-of-3 DNS quorum fallback.
    failover: {
      mode: 'automatic',
      lease: { renewSeconds: 10, ttlSeconds: 30 },
      witness: { provider: 'cloudflare-kv', endpoint: 'https://api.cloudflare.com/client/v4/accounts/acme-example/storage/kv/namespaces/failover-witness' },
    },
    alerting: { enabled: true },
    components: ['catalyst-control-plane'],
    compliance: { gdpr: { enabled: true } },
  },
  // Three guard replicas like the Zastava webhook (runbook §2.2), failing closed; the evidence bundler exports the
  // runtime streams nightly from the runtime-evidence volume (runtime alignment §5).
  runtimeComponents: {
    admissionGuard: { replicas: 3, failurePolicy: 'Fail' },
    evidenceBundler: { schedule: '30 3 * * *', claimName: 'runtime-evidence' },
  },

} satisfies ProductionBase;

export default production;
