import { Construct } from 'constructs';
import { WebApp } from '../../constructs/app/web-app';
import { DisruptionBudget } from '../../constructs/common/disruption-budget';
import { AppNetworkPolicy, peersOf, type NetworkPolicyAllow } from '../../constructs/app/app-network-policy';
import { KubeletProbeAllow } from '../../constructs/app/kubelet-probe-allow';
import { MeshPolicy, type MeshSource } from '../../constructs/app/mesh-policy';
import { HostIngress } from '../../constructs/app/host-ingress';
import { ISTIO_INGRESS_GATEWAY, NAMESPACE_NAME_LABEL, PROMETHEUS } from '../../constructs/common/external-peers';
import type { ResolvedApp, ResolvedPort } from './settings';

export interface AppProps {
  /** The app's settings, defaults applied (settings.ts). */
  readonly app: ResolvedApp;
  /** The app's pinned image, from the images lock. */
  readonly image: string;
  /** Node CIDRs kubelet probes come from (the environment's nodeCidrs; empty renders the placeholder). */
  readonly nodeCidrs: readonly string[];
  /**
   * Mesh identity of Prometheus (allowed GET /metrics).
   * @default 'cluster.local/ns/monitoring/sa/prometheus-k8s'
   */
  readonly prometheusPrincipal?: string;
  /**
   * Mesh identity of the ingress gateway.
   * @default 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'
   */
  readonly ingressGatewayPrincipal?: string;
  /**
   * Metadata labels of every object (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The label the apps system selects an app's pods by: no other system sets it, so no selector of theirs can catch them. */
export const APP_SELECTOR_LABEL = 'plimsoll.dev/app';
/** Istio rewrites kubelet probes to the sidecar agent's port, which then calls the app. */
const ISTIO_PROBE_PORT = 15020;

const portRef = (p: ResolvedPort) => ({ port: p.port, protocol: p.protocol });
const unique = <T>(values: readonly T[]) => [...new Set(values)];

/**
 * Everything one app of the environment's `apps` section runs as: a WebApp (Deployment, Service, ServiceAccount,
 * ConfigMaps), its default-deny NetworkPolicy admitting exactly the ingress gateway, Prometheus and allowFrom, the
 * kubelet probe allow, in the mesh STRICT mTLS with a matching AuthorizationPolicy, an HTTPS host when it has
 * ingress, and with two replicas or more a PodDisruptionBudget (one pod down at a time) and a spread over nodes.
 */
export class App extends Construct {
  public readonly webApp: WebApp;
  public readonly ingress?: HostIngress;

  constructor(scope: Construct, id: string, props: AppProps) {
    super(scope, id);
    const { app } = props;
    const selectorLabels = { [APP_SELECTOR_LABEL]: app.name };
    const labels = props.labels;
    const probe = (p: ResolvedApp['probes']['liveness']) => ({
      path: p.path,
      port: p.port.port,
      periodSeconds: p.periodSeconds,
      timeoutSeconds: p.timeoutSeconds,
      failureThreshold: p.failureThreshold,
    });

    this.webApp = new WebApp(this, 'Workload', {
      name: app.name,
      namespace: app.namespace,
      image: props.image,
      selectorLabels,
      ports: app.ports,
      replicas: app.replicas,
      env: app.env,
      secretEnv: app.secretEnv,
      configFiles: app.config,
      probes: { startup: probe(app.probes.startup), liveness: probe(app.probes.liveness), readiness: probe(app.probes.readiness) },
      resources: app.resources,
      spreadOverNodes: app.replicas >= 2,
      labels,
    });

    const ingress: NetworkPolicyAllow[] = [];
    if (app.ingress) ingress.push({ peers: peersOf([ISTIO_INGRESS_GATEWAY]), ports: [portRef(app.ingress.port)] });
    if (app.monitoring) ingress.push({ peers: peersOf([PROMETHEUS]), ports: [portRef(app.monitoring.port)] });
    for (const from of app.allowFrom) {
      ingress.push({
        peers: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: from.namespace } }, podSelector: { matchLabels: { ...from.podLabels } } }],
        ports: from.ports.map(portRef),
      });
    }
    const egress: NetworkPolicyAllow[] = app.allowTo.map((to) => ({
      peers: to.cidr
        ? [{ ipBlock: { cidr: to.cidr } }]
        : [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: to.namespace! } }, podSelector: { matchLabels: { ...to.podLabels } } }],
      ports: to.ports,
    }));
    new AppNetworkPolicy(this, 'NetworkPolicy', {
      name: app.name,
      namespace: app.namespace,
      podLabels: selectorLabels,
      ingress,
      egress,
      meshSidecar: app.mesh,
      labels,
    });

    const probed = [app.probes.startup, app.probes.liveness, app.probes.readiness].map((p) => p.port.port);
    new KubeletProbeAllow(this, 'KubeletProbes', {
      name: `${app.name}-kubelet-probes`,
      namespace: app.namespace,
      podLabels: selectorLabels,
      ports: unique([...probed, ...(app.mesh ? [ISTIO_PROBE_PORT] : [])]).sort((a, b) => a - b),
      nodeCidrs: props.nodeCidrs,
      labels,
    });

    if (app.mesh) {
      const sources: MeshSource[] = app.allowFrom.map((from) => ({
        ...(from.serviceAccount ? { principals: [`cluster.local/ns/${from.namespace}/sa/${from.serviceAccount}`] } : { namespaces: [from.namespace] }),
        ports: from.ports.map((p) => p.port),
      }));
      new MeshPolicy(this, 'MeshPolicy', {
        app: app.name,
        namespace: app.namespace,
        selectorLabels,
        prometheusPrincipal: app.monitoring ? props.prometheusPrincipal : null,
        ingressGatewayPrincipal: app.ingress ? props.ingressGatewayPrincipal : null,
        sources,
        labels,
      });
    }

    if (app.ingress) {
      this.ingress = new HostIngress(this, 'Ingress', {
        app: app.name,
        host: app.ingress.host,
        serviceName: this.webApp.service.name,
        servicePort: app.ingress.port.port,
        namespace: app.namespace,
        issuer: app.ingress.certificateIssuer,
        mesh: app.mesh,
        labels,
      });
    }

    if (app.replicas >= 2) {
      new DisruptionBudget(this, 'PodDisruptionBudget', { name: app.name, namespace: app.namespace, labels, podLabels: selectorLabels });
    }
  }
}
