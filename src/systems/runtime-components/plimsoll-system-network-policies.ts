/**
 * Network policy for plimsoll-system: deny all ingress and egress by default (the evidence bundler reads and
 * writes its volume only, with no API token; the guard reads its mounted files only), then let into the
 * admission guard's pods only
 * - the API server's webhook calls (from the environment's API-server CIDRs) on the HTTPS port,
 * - kubelet probes (from the node CIDRs) on the HTTPS port, where the probes are served,
 * - Prometheus scrapes from the monitoring namespace on the metrics port.
 * While the API-server CIDRs are not resolved the deny placeholder 127.255.255.255/32 is rendered, which
 * `placeholder-cidr` reports (a warning in lab, an error in production), as for zen-system.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { DENY_PLACEHOLDER_CIDR } from '../../lib/placeholder-cidrs';

export interface PlimsollSystemNetworkPoliciesProps {
  /** Namespace of the runtime components. */
  readonly namespace: string;
  /**
   * The admission guard's pods (its selector labels) and container ports: HTTPS (admission and probes) and plain-HTTP metrics.
   * @default - no guard policy: the namespace denies all traffic
   */
  readonly guard?: { readonly podLabels: Record<string, string>; readonly httpsPort: number; readonly metricsPort: number };
  /**
   * API-server CIDRs the webhook calls come from.
   * @default - the deny placeholder 127.255.255.255/32
   */
  readonly apiServerCidrs?: readonly string[];
  /**
   * Node CIDRs kubelet probes come from.
   * @default - none (the CNI lets host traffic through)
   */
  readonly nodeCidrs?: readonly string[];
  /**
   * Namespace Prometheus scrapes from.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export class PlimsollSystemNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: PlimsollSystemNetworkPoliciesProps) {
    super(scope, id);
    const guard = props.guard;
    if (guard && guard.httpsPort === guard.metricsPort)
      throw new Error(`PlimsollSystemNetworkPolicies: guard.httpsPort and guard.metricsPort must differ, both are ${guard.httpsPort}`);
    if (guard && Object.keys(guard.podLabels).length === 0)
      throw new Error(
        "PlimsollSystemNetworkPolicies: guard.podLabels is empty, which would select every pod in the namespace; pass the guard's selector labels",
      );
    const ns = props.namespace;
    const labels = props.labels;
    const tcp = (port: number): kplus.k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });
    const apiCidrs = props.apiServerCidrs?.length ? props.apiServerCidrs : [DENY_PLACEHOLDER_CIDR];

    new kplus.k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace: ns, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    if (!guard) return;
    const ingress: kplus.k8s.NetworkPolicyIngressRule[] = [
      { from: apiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(guard.httpsPort)] },
      {
        from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: props.monitoringNamespace ?? 'monitoring' } } }],
        ports: [tcp(guard.metricsPort)],
      },
    ];
    if (props.nodeCidrs?.length) ingress.push({ from: props.nodeCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(guard.httpsPort)] });
    new kplus.k8s.KubeNetworkPolicy(this, 'admission-guard', {
      metadata: { name: 'plimsoll-admission-guard', namespace: ns, labels },
      spec: { podSelector: { matchLabels: { ...guard.podLabels } }, policyTypes: ['Ingress'], ingress },
    });
  }
}
