import type { Construct } from 'constructs';
import { ISTIO_INGRESS_GATEWAY, PROMETHEUS, type ExternalPeer } from '../../constructs/common/external-peers';
import { AppNetworkPolicy, peersOf } from '../../constructs/app/app-network-policy';

export { dnsEgressRule } from '../../constructs/app/app-network-policy';

export interface HelloworldNetworkPolicyProps {
  /** NetworkPolicy name (`helloworld-<env>`). */
  readonly name: string;
  /** Pod labels of the app environment. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The app's HTTP port (traffic and /metrics). */
  readonly port: number;
  /**
   * Namespace of the app.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Where traffic comes from.
   * @default - the Istio ingress gateway
   */
  readonly ingressFrom?: readonly ExternalPeer[];
  /**
   * Who scrapes /metrics on `port`.
   * @default - Prometheus
   */
  readonly scrapedBy?: readonly ExternalPeer[];
  /**
   * Allow the Istio sidecar to reach istiod (xDS and certificates on 15012).
   * @default true
   */
  readonly meshSidecar?: boolean;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The app environment's own NetworkPolicy (the runbook's k8s/base/networkpolicy.yaml): default deny both ways for
 * its pods, then ingress from the Istio ingress gateway and from Prometheus on the app port, egress to cluster DNS
 * and to istiod for the sidecar. Peers keep the external workloads' exact selectors (common/external-peers.ts).
 */
export class HelloworldNetworkPolicy extends AppNetworkPolicy {
  constructor(scope: Construct, id: string, props: HelloworldNetworkPolicyProps) {
    super(scope, id, {
      name: props.name,
      namespace: props.namespace ?? 'shipshape',
      podLabels: props.podLabels,
      ingress: [
        { peers: peersOf(props.ingressFrom ?? [ISTIO_INGRESS_GATEWAY]), ports: [props.port] },
        { peers: peersOf(props.scrapedBy ?? [PROMETHEUS]), ports: [props.port] },
      ],
      meshSidecar: props.meshSidecar,
      labels: props.labels,
    });
  }
}
