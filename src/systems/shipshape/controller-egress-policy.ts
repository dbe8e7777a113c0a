import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { PROMETHEUS, networkPolicyPeer, type ExternalPeer } from '../../constructs/common/external-peers';
import { dnsEgressRule } from './helloworld-network-policy';
import { DENY_PLACEHOLDER_CIDR } from '../../lib/placeholder-cidrs';

export type KubernetesProvider = 'eks' | 'gke' | 'aks' | 'generic';

export interface ApiServerEgress {
  /** TCP ports the API server endpoints answer on, as the pod's traffic sees them after Service DNAT. */
  readonly ports: readonly number[];
  /** Where the environment's apiServerCidrs come from on this provider (replaces the runbook's patch files). */
  readonly resolve: string;
}

/**
 * What differs per provider (the runbook's examples/controller-egress/{eks,gke,aks}.patch.yaml and the generic
 * controller-apiserver-cidr-patch.yaml). DNS egress is the same everywhere (CoreDNS keeps `k8s-app: kube-dns`);
 * the API server's addresses and port are not. Most CNIs judge egress after the `kubernetes` Service is translated
 * to an endpoint, so the endpoints' addresses belong in apiServerCidrs, and the Service ClusterIP for CNIs that
 * judge before translation.
 */
export const API_SERVER_EGRESS: Readonly<Record<KubernetesProvider, ApiServerEgress>> = {
  eks: {
    ports: [443],
    resolve:
      'EKS: the control plane reaches the VPC through cross-account ENIs in the cluster subnets; list those subnets (aws eks describe-cluster --query cluster.resourcesVpcConfig.subnetIds) or the endpoint ENI addresses from `kubectl -n default get endpoints kubernetes`, plus the kubernetes Service ClusterIP.',
  },
  gke: {
    ports: [443],
    resolve:
      "GKE: the control plane's private endpoint range (gcloud container clusters describe --format='value(privateClusterConfig.masterIpv4CidrBlock)', a /28) or the endpoint address from `kubectl -n default get endpoints kubernetes`, plus the kubernetes Service ClusterIP.",
  },
  aks: {
    ports: [443],
    resolve:
      'AKS: the API server address from `kubectl -n default get endpoints kubernetes` (the konnectivity/tunnel front end), or with API Server VNet Integration the delegated API server subnet, plus the kubernetes Service ClusterIP.',
  },
  generic: {
    ports: [443, 6443],
    resolve:
      'Self-managed (kubeadm, k3s, RKE2): the control-plane node addresses from `kubectl -n default get endpoints kubernetes`, which answer on 6443, plus the kubernetes Service ClusterIP on 443.',
  },
};

export interface ControllerEgressPolicyProps {
  /** Pod labels of the controller. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Kubernetes provider of the environment: decides the API ports. */
  readonly provider: KubernetesProvider;
  /** The environment's apiServerCidrs; empty renders the deny placeholder (which `placeholder-cidr` reports). */
  readonly apiServerCidrs: readonly string[];
  /** Port Prometheus scrapes /metrics on. */
  readonly metricsPort: number;
  /**
   * NetworkPolicy name.
   * @default 'helloworld-controller'
   */
  readonly name?: string;
  /**
   * Namespace of the controller.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Who scrapes /metrics.
   * @default - Prometheus
   */
  readonly scrapedBy?: readonly ExternalPeer[];
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The controller's strict NetworkPolicy (runbook: Validate Controller API Egress Policy): egress only to cluster DNS
 * (CoreDNS/NodeLocal DNSCache) and to the API server as an ipBlock allow-list from the environment's
 * apiServerCidrs; ingress only from Prometheus on the metrics port (kubelet probes: KubeletProbeAllow).
 */
export class ControllerEgressPolicy extends Construct {
  public readonly name: string;
  public readonly apiCidrs: readonly string[];
  public readonly apiPorts: readonly number[];

  constructor(scope: Construct, id: string, props: ControllerEgressPolicyProps) {
    super(scope, id);
    const egress = API_SERVER_EGRESS[props.provider];
    if (!egress) throw new Error(`${id}: unknown provider "${props.provider}"; expected one of ${Object.keys(API_SERVER_EGRESS).join(', ')}`);
    if (!Object.keys(props.podLabels).length) throw new Error(`${id}: podLabels is empty; the policy would apply to every pod in the namespace`);
    this.name = props.name ?? 'helloworld-controller';
    this.apiCidrs = props.apiServerCidrs.length ? [...props.apiServerCidrs] : [DENY_PLACEHOLDER_CIDR];
    this.apiPorts = egress.ports;
    const scrapedBy = props.scrapedBy ?? [PROMETHEUS];
    const tcp = (port: number): kplus.k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });
    new kplus.k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: props.namespace ?? 'shipshape',
        labels: props.labels,
        // Which provider's API endpoints the allow-list was resolved for (API_SERVER_EGRESS says how).
        annotations: { 'plimsoll.dev/api-server-provider': props.provider },
      },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: scrapedBy.length ? [{ from: scrapedBy.map(networkPolicyPeer), ports: [tcp(props.metricsPort)] }] : [],
        egress: [dnsEgressRule(), { to: this.apiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: this.apiPorts.map(tcp) }],
      },
    });
  }
}
