/**
 * The `zastava.runtime` configuration the Observer and the webhook read (runbook §2.1 "Render values": tenant,
 * environment, deployment, the authority block, metrics.commonTags.cluster), rendered as the ConfigMap
 * `zastava-runtime`. Secrets appear only as names and mount paths, never as data. The same values are the offline
 * kit's sample `zastava-runtime.values.yaml`.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import {
  AUTHORITY_DPOP_DIR,
  AUTHORITY_MTLS_DIR,
  OBSERVER_PROC_ROOT,
  OBSERVER_SCRATCH_DIR,
  RUNTIME_CONFIG_FILE,
  RUNTIME_CONFIG_NAME,
  RUNTIME_EVENT_FIELDS,
  RUNTIME_EVENT_SORT,
  STELLAOPS_NAMESPACE,
  WEBHOOK_TLS_DIR,
  ZASTAVA_EVENTS_STREAM,
  ZASTAVA_SECRETS,
  type RuntimeSettings,
} from './settings';
import { WORKLOAD_IDENTITY_KEYS } from './workload-identity';

/** The configuration tree (`zastava:` root, as StellaOps.Zastava.Core binds it). Key order is fixed. */
export function zastavaRuntimeValues(s: RuntimeSettings): Record<string, unknown> {
  const a = s.authority;
  return {
    zastava: {
      runtime: {
        tenant: s.tenant,
        environment: s.environment,
        deployment: s.deployment,
        sealed: s.sealed,
        backend: { baseAddress: s.backendUrl, eventsPath: '/runtime/events', policyPath: '/policy/runtime' },
        authority: {
          issuer: a.issuer,
          clientId: a.clientId,
          audience: a.audience,
          scopes: [...a.scopes],
          requireDpop: a.requireDpop,
          requireMutualTls: a.requireMutualTls,
          allowStaticTokenFallback: a.allowStaticTokenFallback,
          dpopKey: { secretName: ZASTAVA_SECRETS.authorityDpop, path: AUTHORITY_DPOP_DIR },
          clientCertificate: { secretName: ZASTAVA_SECRETS.authorityMtls, path: AUTHORITY_MTLS_DIR },
        },
        metrics: { commonTags: { ...s.commonTags } },
        events: { stream: ZASTAVA_EVENTS_STREAM, fields: [...RUNTIME_EVENT_FIELDS], sortBy: [...RUNTIME_EVENT_SORT] },
        identity: { labelKeys: [...WORKLOAD_IDENTITY_KEYS], project: s.project, channel: s.channel },
      },
      observer: {
        procRoot: OBSERVER_PROC_ROOT,
        containerdSocket: '/var/run/containerd/containerd.sock',
        containerdState: '/var/lib/containerd',
        scratchDirectory: OBSERVER_SCRATCH_DIR,
        opTokCacheDirectory: `${OBSERVER_SCRATCH_DIR}/optok`,
      },
      webhook: {
        replicas: s.webhookReplicas,
        failOpenNamespaces: [...s.failOpenNamespaces],
        tls: { secretName: ZASTAVA_SECRETS.webhookTls, path: WEBHOOK_TLS_DIR },
      },
      // Feature flag zastava.attach.enabled, at its own configuration path.
      attach: { enabled: s.flags.zastavaAttach },
    },
  };
}

export interface ZastavaRuntimeConfigProps {
  readonly settings: RuntimeSettings;
  /** Metadata labels (platform labels and workload identity). */
  readonly labels: Record<string, string>;
  /**
   * ConfigMap name.
   * @default 'zastava-runtime'
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default 'stellaops'
   */
  readonly namespace?: string;
}

export class ZastavaRuntimeConfig extends Construct {
  public readonly configMap: kplus.ConfigMap;
  public readonly name: string;
  /** sha256 of the rendered file: pod templates annotate it so a configuration change rolls them. */
  public readonly checksum: string;

  constructor(scope: Construct, id: string, props: ZastavaRuntimeConfigProps) {
    super(scope, id);
    this.name = props.name ?? RUNTIME_CONFIG_NAME;
    const text = `${JSON.stringify(zastavaRuntimeValues(props.settings), null, 2)}\n`;
    this.checksum = createHash('sha256').update(text).digest('hex');
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace ?? STELLAOPS_NAMESPACE, labels: props.labels },
      data: { [RUNTIME_CONFIG_FILE]: text },
    });
  }
}
