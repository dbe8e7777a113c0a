import type { Construct } from 'constructs';
import { MeshPolicy } from '../../constructs/app/mesh-policy';
import { HELLOWORLD_APP } from './helloworld-app';

export interface HelloworldMeshPolicyProps {
  /** App environment (`test`, `prod`). */
  readonly appEnv: string;
  /** Pod labels of the app environment (`app=helloworld, env=<env>`). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /**
   * Namespace of the app.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Mesh identity allowed to GET /metrics (and nothing else).
   * @default 'cluster.local/ns/monitoring/sa/prometheus-k8s'
   */
  readonly prometheusPrincipal?: string;
  /**
   * Mesh identity of the ingress gateway, allowed every path except /metrics.
   * @default 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'
   */
  readonly ingressGatewayPrincipal?: string;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Mesh security of one app environment (runbook: Monitoring Prerequisites): PeerAuthentication STRICT, and the
 * AuthorizationPolicy `helloworld-allow-ingress-only-<env>` that allows the ingress gateway every path but
 * /metrics and allows only Prometheus' identity to GET /metrics — so public access to /metrics is denied. A
 * MeshPolicy with the app environment as variant.
 */
export class HelloworldMeshPolicy extends MeshPolicy {
  constructor(scope: Construct, id: string, props: HelloworldMeshPolicyProps) {
    super(scope, id, {
      app: HELLOWORLD_APP,
      variant: props.appEnv,
      selectorLabels: props.selectorLabels,
      namespace: props.namespace ?? 'shipshape',
      prometheusPrincipal: props.prometheusPrincipal,
      ingressGatewayPrincipal: props.ingressGatewayPrincipal,
      labels: { ...props.labels, app: HELLOWORLD_APP, env: props.appEnv },
    });
  }
}
