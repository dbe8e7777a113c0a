/**
 * Workloads Plimsoll does not render but whose pods our NetworkPolicies, Gateways and EnvoyFilters select: the Istio
 * ingress gateway and istiod, cluster DNS, Prometheus. Their labels belong to other installers, so a selector must
 * match them exactly; a label transform that rewrote one (kustomize `commonLabels`, a rename) would silently cut the
 * traffic off. This list is the one place they are written down: constructs build their peers from it, and the
 * `netpol-selector-preserved` rule takes its options from `externalPeerSelectors()`.
 */
import type * as kplus from 'cdk8s-plus-28';

/** The label every Namespace carries (since Kubernetes 1.21): namespaces are selected by name through it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface ExternalPeer {
  /** Stable id (used in rule options and messages). */
  readonly id: string;
  readonly description: string;
  /** Namespace the workload runs in. */
  readonly namespace: string;
  /** The workload's pod labels, exactly as its installer sets them. */
  readonly podLabels: Readonly<Record<string, string>>;
}

export const ISTIO_INGRESS_GATEWAY: ExternalPeer = {
  id: 'istio-ingressgateway',
  description: 'Istio ingress gateway pods (istio/gateway chart and istioctl default profile)',
  namespace: 'istio-system',
  podLabels: { istio: 'ingressgateway' },
};

export const ISTIOD: ExternalPeer = {
  id: 'istiod',
  description: 'Istio control plane; sidecars fetch configuration and certificates from it on 15012',
  namespace: 'istio-system',
  podLabels: { app: 'istiod' },
};

export const COREDNS: ExternalPeer = {
  id: 'coredns',
  description: 'Cluster DNS (CoreDNS keeps the kube-dns label on kubeadm, EKS, GKE and AKS)',
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
};

export const NODE_LOCAL_DNS: ExternalPeer = {
  id: 'node-local-dns',
  description: 'NodeLocal DNSCache pods, where the cluster runs it',
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'node-local-dns' },
};

export const PROMETHEUS: ExternalPeer = {
  id: 'prometheus',
  description: 'Prometheus of the monitoring stack (kube-prometheus / Prometheus Operator pod label)',
  namespace: 'monitoring',
  podLabels: { 'app.kubernetes.io/name': 'prometheus' },
};

export const EXTERNAL_PEERS: ReadonlyArray<ExternalPeer> = [ISTIO_INGRESS_GATEWAY, ISTIOD, COREDNS, NODE_LOCAL_DNS, PROMETHEUS];

/**
 * NodeLocal DNSCache answers on a link-local address from the host network, which no pod selector matches; the
 * conventional address is allowed alongside the selectors.
 */
export const NODE_LOCAL_DNS_ADDRESS = '169.254.20.10/32';

/** The NetworkPolicy peer selecting `peer`'s pods in its namespace (by the namespace's name label). */
export function networkPolicyPeer(peer: ExternalPeer): kplus.k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } },
    podSelector: { matchLabels: { ...peer.podLabels } },
  };
}

/** The selectors as `netpol-selector-preserved` options will want them: each peer's exact namespace and pod selector. */
export function externalPeerSelectors(): Array<{
  id: string;
  namespaceSelector: { matchLabels: Record<string, string> };
  podSelector: { matchLabels: Record<string, string> };
}> {
  return EXTERNAL_PEERS.map((p) => ({
    id: p.id,
    ...(networkPolicyPeer(p) as { namespaceSelector: { matchLabels: Record<string, string> }; podSelector: { matchLabels: Record<string, string> } }),
  }));
}
