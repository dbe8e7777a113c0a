import type { Environment } from '../src/config/generated/environment';

/**
 * Lab cluster: where changes land first. API-server CIDRs are not resolved yet, so the controller egress renders
 * the deny placeholder and `placeholder-cidr` reports it as a warning (an error in production).
 */
const lab: Environment = {
  name: 'lab',
  clusterId: 'hz-fsn-rtz-lab',
  tenant: 'acme',
  region: 'fsn1',
  provider: 'generic',
  tier: 'lab',
  apiServerCidrs: [],
  nodeCidrs: ['10.32.0.0/20'],
  hostnames: {
    test: 'test.helloworld.shipshape.example.com',
    prod: 'prod.helloworld.shipshape.example.com',
  },
  registry: 'registry.acme.example/platform',
  featureFlags: {},
  replicaProfile: 'single',
  resourceProfile: 'small',
  flux: {
    sourceRef: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' },
  },
  // Zen Watcher: the guide's "Pattern 1: Single Replica (Development/Testing)" with its development settings.
  zenWatcher: {
    pattern: 'single',
    resourceProfile: 'development',
    // Served by the admission guard (runtimeComponents, plimsoll-system/plimsoll-admission-guard); the watcher's own
    // status writes never reach it (the webhook's matchCondition), so Fail only stops other writers.
    statusAdmission: { enabled: true, failurePolicy: 'Fail' },
  },
  // Runbook defaults (token bucket, lease timings, principals) apply; the lab issues staging certificates.
  shipshape: {
    messages: { test: 'hello from lab test', prod: 'hello from lab prod' },
    certificateIssuer: { kind: 'ClusterIssuer', name: 'letsencrypt-staging' },
  },
  runtime: {
    backendUrl: 'https://scanner.internal',
    authority: { issuer: 'https://authority.lab.acme.example' },
    metrics: { commonTags: { cluster: 'hz-fsn-rtz-lab' } },
    runbookBaseUrl: 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks',
  },
  // SRE handbook: no peers (one lab cluster, no GSLB); control-plane SLO rules and runbooks as non-paging warnings,
  // alert routing to the lab's own Gitea.
  sre: {
    alerting: { enabled: true, automation: { url: 'https://gitea.lab.acme.example/api/v1/repos/acme/platform/actions/dispatches' } },
    components: ['catalyst-control-plane'],
  },
  // Plimsoll's admission guard judges every namespace the platform renders; the lab has no evidence volume yet,
  // so the bundler CronJob is rendered suspended (run it with kubectl create job --from=cronjob/...).
  runtimeComponents: {
    admissionGuard: { replicas: 2, failurePolicy: 'Fail' },
    evidenceBundler: { suspend: true },
  },
};

export default lab;
