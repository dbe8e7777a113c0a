/**
 * Node-agent mode for VM and bare-metal hosts (docs/runbooks/runtime-alignment-scanner-zastava.md §4): the agent
 * tags every event with the host's `hostId` and `osRelease` (the same ids Scanner jobs emit), and the shared log
 * shipper reads `/var/log/stellaops/runtime/*.ndjson`. Rendered as the ConfigMap `zastava-node-agent` in
 * zastava-runtime (for in-cluster distribution) and as `node-agent/zastava-node-agent.yaml` in the offline kit.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { toYaml } from '../../lib/yaml';
import {
  NODE_AGENT_LOG_GLOB,
  RUNTIME_EVENT_FIELDS,
  RUNTIME_EVENT_SORT,
  ZASTAVA_EVENTS_STREAM,
  ZASTAVA_RUNTIME_NAMESPACE,
  ZASTAVA_SECRETS,
  type RuntimeSettings,
} from './settings';

export const NODE_AGENT_FILE = 'zastava-node-agent.yaml';
/** Host metadata every event carries in node-agent mode, and where the agent reads it on the host. */
export const HOST_METADATA = { hostId: '/etc/machine-id', osRelease: '/etc/os-release' } as const;

export function nodeAgentConfig(s: RuntimeSettings): Record<string, unknown> {
  const a = s.authority;
  return {
    mode: 'node-agent',
    zastava: {
      runtime: {
        tenant: s.tenant,
        environment: s.environment,
        deployment: s.deployment,
        sealed: s.sealed,
        backend: { baseAddress: s.backendUrl, eventsPath: '/runtime/events' },
        authority: {
          issuer: a.issuer,
          clientId: a.clientId,
          audience: a.audience,
          scopes: [...a.scopes],
          requireDpop: a.requireDpop,
          requireMutualTls: a.requireMutualTls,
          allowStaticTokenFallback: a.allowStaticTokenFallback,
          // On hosts the key material comes from the sealed secrets vault (runbook §1), under the same names.
          dpopKeySecret: ZASTAVA_SECRETS.authorityDpop,
          clientCertificateSecret: ZASTAVA_SECRETS.authorityMtls,
        },
        metrics: { commonTags: { ...s.commonTags } },
      },
      attach: { enabled: s.flags.zastavaAttach },
    },
    host: {
      hostId: { source: HOST_METADATA.hostId },
      osRelease: { source: HOST_METADATA.osRelease },
    },
    events: {
      stream: ZASTAVA_EVENTS_STREAM,
      fields: [...RUNTIME_EVENT_FIELDS, 'hostId', 'osRelease'],
      sortBy: [...RUNTIME_EVENT_SORT],
    },
    logShipper: {
      inputs: [{ path: NODE_AGENT_LOG_GLOB, format: 'ndjson' }],
      tags: ['hostId', 'osRelease'],
    },
  };
}

export function nodeAgentConfigYaml(s: RuntimeSettings): string {
  return toYaml(nodeAgentConfig(s));
}

export interface NodeAgentConfigProps {
  readonly settings: RuntimeSettings;
  /** Metadata labels. */
  readonly labels: Record<string, string>;
  /**
   * ConfigMap name.
   * @default 'zastava-node-agent'
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default 'zastava-runtime'
   */
  readonly namespace?: string;
}

export class NodeAgentConfig extends Construct {
  public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: NodeAgentConfigProps) {
    super(scope, id);
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: props.name ?? 'zastava-node-agent', namespace: props.namespace ?? ZASTAVA_RUNTIME_NAMESPACE, labels: props.labels },
      data: { [NODE_AGENT_FILE]: nodeAgentConfigYaml(props.settings) },
    });
  }
}
