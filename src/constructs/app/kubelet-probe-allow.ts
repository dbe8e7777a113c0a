import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { PROBE_PLACEHOLDER_CIDR } from '../../lib/placeholder-cidrs';

export interface KubeletProbeAllowProps {
  /** NetworkPolicy name. */
  readonly name: string;
  /** Pod labels of the workload whose probes are allowed. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Ports the kubelet probes. */
  readonly ports: readonly number[];
  /**
   * Node InternalIP CIDRs the kubelet probes from (the environment's nodeCidrs). Empty renders the runbook's
   * placeholder 10.0.0.0/16, which `placeholder-cidr` reports.
   */
  readonly nodeCidrs: readonly string[];
  /**
   * Namespace of the workload.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Additive allow of kubelet health probes from the nodes (runbook: Validate Probe Reachability Under
 * NetworkPolicy): some CNIs apply pod NetworkPolicies to node-originated probe traffic, so a default-deny ingress
 * would fail probes. The node CIDRs come from the environment instead of the runbook's `sed` over 10.0.0.0/16.
 */
export class KubeletProbeAllow extends Construct {
  constructor(scope: Construct, id: string, props: KubeletProbeAllowProps) {
    super(scope, id);
    if (!Object.keys(props.podLabels).length) throw new Error(`${id}: podLabels is empty; the policy would open probe ports on every pod`);
    if (!props.ports.length) throw new Error(`${id}: ports is empty; name the ports the kubelet probes`);
    const cidrs = props.nodeCidrs.length ? props.nodeCidrs : [PROBE_PLACEHOLDER_CIDR];
    new kplus.k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'shipshape', labels: props.labels },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: cidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: props.ports.map((port) => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) })),
          },
        ],
      },
    });
  }
}
