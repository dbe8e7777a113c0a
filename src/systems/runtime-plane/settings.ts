/**
 * The runtime plane's settings for one environment, with every schema default applied once: what the constructs,
 * the system assembly and the offline kit read instead of re-deriving defaults from the raw environment.
 * Names here are the runbooks' public names (docs/runbooks/zastava-runtime-operations.md,
 * docs/runbooks/runtime-alignment-scanner-zastava.md); changing one renames a live object or breaks an operator's
 * `kubectl ... -l` command.
 */
import type { Environment } from '../../config/generated/environment';
import { sectionWithDefaults, type DeepRequired } from '../../config/section-defaults';

/** Runbook §2.1: `helm upgrade --install zastava-runtime ... --namespace stellaops`. */
export const STELLAOPS_NAMESPACE = 'stellaops';
/** Runtime alignment §3: namespace allowlist `scanner-runtime`/`zastava-runtime`. */
export const SCANNER_RUNTIME_NAMESPACE = 'scanner-runtime';
export const ZASTAVA_RUNTIME_NAMESPACE = 'zastava-runtime';
export const RUNTIME_NAMESPACE_ALLOWLIST: readonly string[] = [SCANNER_RUNTIME_NAMESPACE, ZASTAVA_RUNTIME_NAMESPACE];

/** Runbook §2.1 "Pre-create secrets": referenced by name only, never rendered (they live outside git, runbook §1). */
export const ZASTAVA_SECRETS = {
  authorityDpop: 'zastava-authority-dpop',
  authorityMtls: 'zastava-authority-mtls',
  webhookTls: 'zastava-webhook-tls',
} as const;

/** Container paths shared by the manifests and the configuration that points at them. */
export const RUNTIME_CONFIG_DIR = '/etc/stellaops/zastava';
export const RUNTIME_CONFIG_FILE = 'zastava-runtime.json';
export const AUTHORITY_DPOP_DIR = '/var/run/secrets/stellaops/authority/dpop';
export const AUTHORITY_MTLS_DIR = '/var/run/secrets/stellaops/authority/mtls';
export const WEBHOOK_TLS_DIR = '/var/run/secrets/stellaops/webhook-tls';
export const OBSERVER_PROC_ROOT = '/host/proc';
export const OBSERVER_SCRATCH_DIR = '/var/run/zastava';
/** Runtime alignment §4: the shared log shipper reads these files on VM/bare-metal hosts. */
export const NODE_AGENT_LOG_GLOB = '/var/log/stellaops/runtime/*.ndjson';
/** Runtime alignment §2: stream names and the deterministic batch order. */
export const SCANNER_EVENTS_STREAM = 'runtime.events';
export const ZASTAVA_EVENTS_STREAM = 'zastava.runtime.events';
export const RUNTIME_EVENT_FIELDS: readonly string[] = ['workloadId', 'namespace', 'node', 'edgeType', 'timestamp', 'code_id'];
export const RUNTIME_EVENT_SORT: readonly string[] = ['workloadId', 'timestamp', 'edgeType'];

export const OBSERVER_NAME = 'zastava-observer';
export const WEBHOOK_NAME = 'zastava-webhook';
export const RUNTIME_CONFIG_NAME = 'zastava-runtime';

/** Runtime alignment §3 feature flags (environment schema `featureFlags`, default false). */
export const FLAG_RUNTIME_CAPTURE = 'scanner.runtime.capture.enabled';
export const FLAG_ZASTAVA_ATTACH = 'zastava.attach.enabled';

/** app.kubernetes.io/part-of of every runtime-plane object. */
export const PART_OF = 'stellaops';

export interface RuntimeAuthority {
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
  readonly requireDpop: boolean;
  readonly requireMutualTls: boolean;
  readonly allowStaticTokenFallback: boolean;
}

export interface RuntimeSettings {
  /** zastava.runtime.tenant */
  readonly tenant: string;
  /** zastava.runtime.environment */
  readonly environment: string;
  /** zastava.runtime.deployment (cluster identifier) */
  readonly deployment: string;
  readonly tier: Environment['tier'];
  readonly sealed: boolean;
  readonly backendUrl: string;
  readonly authority: RuntimeAuthority;
  /** zastava.runtime.metrics.commonTags: every tag becomes a Prometheus label through ServiceMonitor relabeling. */
  readonly commonTags: Readonly<Record<string, string>>;
  /**
   * The `env` label the ServiceMonitors add and the alert expressions select on: `prod` in production, `lab`
   * otherwise (production paging alerts are scoped `env="prod"`).
   */
  readonly envLabel: 'prod' | 'lab';
  readonly webhookReplicas: number;
  readonly failOpenNamespaces: readonly string[];
  readonly project: string;
  readonly channel: string;
  readonly runbookBaseUrl: string;
  readonly flags: { readonly runtimeCapture: boolean; readonly zastavaAttach: boolean };
  readonly resourceProfile: Environment['resourceProfile'];
}

/** The `runtime` section with its schema defaults: only the webhook's replicas and the cluster tag have none. */
type RuntimeSection = DeepRequired<Omit<Environment['runtime'], 'webhook' | 'metrics'>> & {
  readonly webhook: { readonly replicas?: number; readonly failOpenNamespaces: readonly string[] };
  readonly metrics: { readonly commonTags: { readonly cluster?: string } };
};

export function runtimeSettings(env: Readonly<Environment>): RuntimeSettings {
  // Every `runtime` and `featureFlags` setting read here has a schema default except the two derived below.
  const r = sectionWithDefaults(env, 'runtime') as RuntimeSection;
  const flags = sectionWithDefaults(env, 'featureFlags') as Required<Environment['featureFlags']>;
  const a = r.authority;
  return {
    tenant: env.tenant,
    environment: env.name,
    deployment: env.clusterId,
    tier: env.tier,
    sealed: r.sealed,
    backendUrl: r.backendUrl,
    authority: {
      issuer: a.issuer,
      clientId: a.clientId,
      audience: a.audience,
      scopes: a.scopes,
      requireDpop: a.requireDpop,
      requireMutualTls: a.requireMutualTls,
      allowStaticTokenFallback: a.allowStaticTokenFallback,
    },
    commonTags: { cluster: r.metrics.commonTags.cluster ?? env.clusterId },
    envLabel: env.tier === 'production' ? 'prod' : 'lab',
    // Runbook §2.2 runs the webhook at --replicas=3; a single-replica lab runs one.
    webhookReplicas: r.webhook.replicas ?? (env.replicaProfile === 'ha' ? 3 : 1),
    failOpenNamespaces: r.webhook.failOpenNamespaces,
    project: r.identity.project,
    channel: r.identity.channel,
    runbookBaseUrl: r.runbookBaseUrl,
    flags: {
      runtimeCapture: flags[FLAG_RUNTIME_CAPTURE],
      zastavaAttach: flags[FLAG_ZASTAVA_ATTACH],
    },
    resourceProfile: env.resourceProfile,
  };
}
