/**
 * Network policy for zen-system (the guide's checklist: "NetworkPolicy enabled"; "kubectl get networkpolicy -n
 * zen-system zen-watcher"): deny by default, then
 * - zen-watcher pods: DNS and API-server egress; ingress on 8080 for metrics from the monitoring namespace, for
 *   kubelet probes from the node CIDRs, and for webhook sources from the namespaces the environment names;
 * - zen-event-cleanup pods: DNS and API-server egress only.
 * API-server egress goes to the environment's exact CIDRs; while they are not resolved the deny placeholder
 * 127.255.255.255/32 is rendered, which `placeholder-cidr` reports (a warning in lab, an error in production).
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { DENY_PLACEHOLDER_CIDR } from '../../lib/placeholder-cidrs';

export interface ZenWatcherNetworkPoliciesProps {
  readonly namespace: string;
  /** Labels selecting every watcher pod (all instances). */
  readonly watcherPodLabels: Record<string, string>;
  /** The port the watcher serves metrics, probes and webhooks on. */
  readonly watcherPort: number;
  /**
   * Labels selecting the cleanup job's pods.
   * @default - no cleanup policy
   */
  readonly cleanupPodLabels?: Record<string, string>;
  /**
   * API-server endpoint CIDRs.
   * @default - the deny placeholder 127.255.255.255/32
   */
  readonly apiServerCidrs?: readonly string[];
  /**
   * API-server ports (the kubernetes Service port and the endpoints' port).
   * @default [443, 6443]
   */
  readonly apiServerPorts?: readonly number[];
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
   * Namespaces allowed to post events to the watcher's webhook endpoints.
   * @default - none
   */
  readonly webhookSourceNamespaces?: readonly string[];
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function namespacePeer(name: string): kplus.k8s.NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } };
}

export class ZenWatcherNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: ZenWatcherNetworkPoliciesProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = props.labels;
    const apiCidrs = props.apiServerCidrs?.length ? props.apiServerCidrs : [DENY_PLACEHOLDER_CIDR];
    const apiPorts = props.apiServerPorts ?? [443, 6443];
    if (apiPorts.length === 0) throw new Error('ZenWatcherNetworkPolicies: apiServerPorts is empty; the watcher cannot reach the API server');
    const tcp = (port: number): kplus.k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });

    const dns: kplus.k8s.NetworkPolicyEgressRule = {
      to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { protocol: 'UDP', port: kplus.k8s.IntOrString.fromNumber(53) },
        { protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(53) },
      ],
    };
    const apiServer: kplus.k8s.NetworkPolicyEgressRule = { to: apiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: apiPorts.map(tcp) };

    new kplus.k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace: ns, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const ingress: kplus.k8s.NetworkPolicyIngressRule[] = [
      { from: [namespacePeer(props.monitoringNamespace ?? 'monitoring')], ports: [tcp(props.watcherPort)] },
    ];
    if (props.nodeCidrs?.length) ingress.push({ from: props.nodeCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(props.watcherPort)] });
    if (props.webhookSourceNamespaces?.length) ingress.push({ from: props.webhookSourceNamespaces.map(namespacePeer), ports: [tcp(props.watcherPort)] });
    new kplus.k8s.KubeNetworkPolicy(this, 'watcher', {
      metadata: { name: 'zen-watcher', namespace: ns, labels },
      spec: { podSelector: { matchLabels: props.watcherPodLabels }, policyTypes: ['Ingress', 'Egress'], ingress, egress: [dns, apiServer] },
    });

    if (props.cleanupPodLabels) {
      new kplus.k8s.KubeNetworkPolicy(this, 'cleanup', {
        metadata: { name: 'zen-event-cleanup', namespace: ns, labels },
        spec: { podSelector: { matchLabels: props.cleanupPodLabels }, policyTypes: ['Ingress', 'Egress'], egress: [dns, apiServer] },
      });
    }
  }
}
