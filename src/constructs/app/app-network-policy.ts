import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { COREDNS, ISTIOD, NODE_LOCAL_DNS, NODE_LOCAL_DNS_ADDRESS, networkPolicyPeer, type ExternalPeer } from '../common/external-peers';

/** Traffic the policy admits: from (or to) these peers, on these ports. */
export interface NetworkPolicyAllow {
  readonly peers: readonly kplus.k8s.NetworkPolicyPeer[];
  /** TCP (or given-protocol) ports; empty or absent: every port. */
  readonly ports?: ReadonlyArray<number | { readonly port: number; readonly protocol: 'TCP' | 'UDP' }>;
}

export interface AppNetworkPolicyProps {
  /** NetworkPolicy name. */
  readonly name: string;
  readonly namespace: string;
  /** Pod labels of the app. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * Ingress allowed (everything else is denied).
   * @default - none
   */
  readonly ingress?: readonly NetworkPolicyAllow[];
  /**
   * Egress allowed besides cluster DNS (and istiod with meshSidecar).
   * @default - none
   */
  readonly egress?: readonly NetworkPolicyAllow[];
  /**
   * Allow the Istio sidecar to reach istiod (xDS and certificates on 15012).
   * @default true
   */
  readonly meshSidecar?: boolean;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const port = (p: number | { readonly port: number; readonly protocol: 'TCP' | 'UDP' }): kplus.k8s.NetworkPolicyPort =>
  typeof p === 'number'
    ? { protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(p) }
    : { protocol: p.protocol, port: kplus.k8s.IntOrString.fromNumber(p.port) };

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

/** The peers of external workloads, as NetworkPolicy peers. */
export const peersOf = (peers: readonly ExternalPeer[]): kplus.k8s.NetworkPolicyPeer[] => peers.map(networkPolicyPeer);

/**
 * An app's own NetworkPolicy: default deny both ways for its pods, then exactly the ingress given, egress to
 * cluster DNS, to istiod for the sidecar, and the egress given. An allow with no peers is left out (it would
 * admit everyone).
 */
export class AppNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: AppNetworkPolicyProps) {
    super(scope, id);
    if (!Object.keys(props.podLabels).length) throw new Error(`${id}: podLabels is empty; the policy would apply to every pod in the namespace`);
    const rules = (allows: readonly NetworkPolicyAllow[] | undefined) =>
      (allows ?? []).filter((a) => a.peers.length).map((a) => ({ peers: [...a.peers], ...(a.ports?.length ? { ports: a.ports.map(port) } : {}) }));
    const egress: kplus.k8s.NetworkPolicyEgressRule[] = [dnsEgressRule()];
    if (props.meshSidecar ?? true) egress.push({ to: [networkPolicyPeer(ISTIOD)], ports: [port(15012)] });
    egress.push(...rules(props.egress).map(({ peers, ...rest }) => ({ to: peers, ...rest })));
    new kplus.k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: rules(props.ingress).map(({ peers, ...rest }) => ({ from: peers, ...rest })),
        egress,
      },
    });
  }
}
