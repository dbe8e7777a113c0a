import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { COREDNS, ISTIO_INGRESS_GATEWAY, ISTIOD, NODE_LOCAL_DNS, NODE_LOCAL_DNS_ADDRESS, PROMETHEUS, networkPolicyPeer, type ExternalPeer } from '../../constructs/common/external-peers';

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

const tcp = (port: number): kplus.k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });

/** DNS egress to CoreDNS and NodeLocal DNSCache (selectors and its link-local address), UDP and TCP 53. */
export function dnsEgressRule(): kplus.k8s.NetworkPolicyEgressRule {
  return {
    to: [networkPolicyPeer(COREDNS), networkPolicyPeer(NODE_LOCAL_DNS), { ipBlock: { cidr: NODE_LOCAL_DNS_ADDRESS } }],
    ports: [
      { protocol: 'UDP', port: kplus.k8s.IntOrString.fromNumber(53) },
      { protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(53) },
    ],
  };
}

/**
 * The app environment's own NetworkPolicy (the runbook's k8s/base/networkpolicy.yaml): default deny both ways for
 * its pods, then ingress from the Istio ingress gateway and from Prometheus on the app port, egress to cluster DNS
 * and to istiod for the sidecar. Peers keep the external workloads' exact selectors (common/external-peers.ts).
 */
export class HelloworldNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: HelloworldNetworkPolicyProps) {
    super(scope, id);
    if (!Object.keys(props.podLabels).length) throw new Error(`${id}: podLabels is empty; the policy would apply to every pod in the namespace`);
    const ingressFrom = props.ingressFrom ?? [ISTIO_INGRESS_GATEWAY];
    const scrapedBy = props.scrapedBy ?? [PROMETHEUS];
    const egress: kplus.k8s.NetworkPolicyEgressRule[] = [dnsEgressRule()];
    if (props.meshSidecar ?? true) egress.push({ to: [networkPolicyPeer(ISTIOD)], ports: [tcp(15012)] });
    new kplus.k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'shipshape', labels: props.labels },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          ...(ingressFrom.length ? [{ from: ingressFrom.map(networkPolicyPeer), ports: [tcp(props.port)] }] : []),
          ...(scrapedBy.length ? [{ from: scrapedBy.map(networkPolicyPeer), ports: [tcp(props.port)] }] : []),
        ],
        egress,
      },
    });
  }
}
