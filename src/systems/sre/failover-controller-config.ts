/**
 * The failover controller's configuration (SRE handbook §2.4 "Split-brain protection"): lease-based authority through
 * a cloud witness (the active region renews every 10 s, the lease lives 30 s; a standby cannot become active while
 * a valid lease exists), the multi-resolver DNS quorum it falls back to when the witness is unreachable (2 of
 * 8.8.8.8, 1.1.1.1, 9.9.9.9), the three layers it controls, and its mode. The witness credentials are a Secret
 * reference, never a value.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { toYaml } from '../../lib/yaml';
import type { SecretKeyRef } from './settings';

export interface FailoverPeer {
  readonly environment: string;
  readonly clusterId: string;
  readonly ingressAddresses: readonly string[];
}

export interface FailoverControllerConfigProps {
  /** Namespace of the ConfigMap (where the controller runs). */
  readonly namespace: string;
  /** This cluster. */
  readonly self: FailoverPeer;
  /** The other peer clusters. */
  readonly peers: readonly FailoverPeer[];
  /** Witness store and lease key; credentials by Secret reference. */
  readonly witness: { readonly provider: string; readonly endpoint: string; readonly leaseKey: string; readonly credentialsSecret: SecretKeyRef };
  /**
   * Lease timings; ttlSeconds must exceed 2 x renewSeconds.
   * @default - renew every 10 s, TTL 30 s (handbook §2.4)
   */
  readonly lease?: { readonly renewSeconds: number; readonly ttlSeconds: number };
  /**
   * DNS quorum fallback; required must be a majority of resolvers.
   * @default - 2 of 8.8.8.8, 1.1.1.1, 9.9.9.9 (handbook §2.4)
   */
  readonly dnsQuorum?: { readonly resolvers: readonly string[]; readonly required: number };
  /**
   * automatic | semi-automatic | manual (regulated tier).
   * @default 'automatic'
   */
  readonly mode?: 'automatic' | 'semi-automatic' | 'manual';
  /**
   * Public hosts whose GSLB backend pool the controller gates (HTTPRoute readiness toggling).
   * @default - none
   */
  readonly gslbHosts?: readonly string[];
  /**
   * ConfigMap name.
   * @default 'failover-controller'
   */
  readonly name?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const FAILOVER_CONFIG_KEY = 'failover-controller.yaml';

export class FailoverControllerConfig extends Construct {
  public readonly configMap: kplus.ConfigMap;
  /** The configuration as data (what the ConfigMap's key holds). */
  public readonly config: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: FailoverControllerConfigProps) {
    super(scope, id);
    const lease = props.lease ?? { renewSeconds: 10, ttlSeconds: 30 };
    if (lease.ttlSeconds <= lease.renewSeconds * 2) {
      throw new Error(`FailoverControllerConfig: lease ttlSeconds must exceed 2 x renewSeconds (${lease.renewSeconds * 2}), got ${lease.ttlSeconds}`);
    }
    const quorum = props.dnsQuorum ?? { resolvers: ['8.8.8.8', '1.1.1.1', '9.9.9.9'], required: 2 };
    if (quorum.required > quorum.resolvers.length || quorum.required * 2 <= quorum.resolvers.length) {
      throw new Error(`FailoverControllerConfig: dnsQuorum.required must be a majority of ${quorum.resolvers.length} resolvers, got ${quorum.required}`);
    }
    if (!props.peers.length) throw new Error('FailoverControllerConfig: no peers; the failover controller needs another cluster to fail over to');
    if (!/^https:\/\//.test(props.witness.endpoint))
      throw new Error(`FailoverControllerConfig: witness endpoint must be https, got "${props.witness.endpoint}"`);
    const peer = (p: FailoverPeer) => ({ environment: p.environment, cluster: p.clusterId, ingressAddresses: [...p.ingressAddresses].sort() });
    this.config = {
      cluster: props.self.clusterId,
      environment: props.self.environment,
      mode: props.mode ?? 'automatic',
      self: peer(props.self),
      peers: [...props.peers].sort((a, b) => a.environment.localeCompare(b.environment)).map(peer),
      witness: {
        provider: props.witness.provider,
        endpoint: props.witness.endpoint,
        leaseKey: props.witness.leaseKey,
        credentials: { secretName: props.witness.credentialsSecret.name, secretKey: props.witness.credentialsSecret.key },
        lease: { renewIntervalSeconds: lease.renewSeconds, ttlSeconds: lease.ttlSeconds },
      },
      fallback: { dnsQuorum: { resolvers: [...quorum.resolvers], required: quorum.required } },
      layers: [
        {
          name: 'external-traffic',
          mechanism: 'HTTPRoute readiness toggling flips the PowerDNS lua-record probe target',
          hosts: [...(props.gslbHosts ?? [])].sort(),
        },
        { name: 'internal-traffic', mechanism: 'Cilium Cluster Mesh service endpoint manipulation' },
        { name: 'stateful-services', mechanism: 'database promotion signaling (CNPG, FerretDB, Strimzi)' },
      ],
    };
    this.configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name: props.name ?? 'failover-controller', namespace: props.namespace, labels: props.labels },
      data: { [FAILOVER_CONFIG_KEY]: toYaml(this.config) },
    });
  }
}
