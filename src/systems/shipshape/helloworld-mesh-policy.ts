import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
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

const PRINCIPAL = /^[a-z0-9.-]+\/ns\/[a-z0-9-]+\/sa\/[a-z0-9.-]+$/;
const METRICS_PATHS = ['/metrics', '/metrics/*'];

/**
 * Mesh security of one app environment (runbook: Monitoring Prerequisites): PeerAuthentication STRICT, and the
 * AuthorizationPolicy `helloworld-allow-ingress-only-<env>` that allows the ingress gateway every path but
 * /metrics and allows only Prometheus' identity to GET /metrics — so public access to /metrics is denied.
 */
export class HelloworldMeshPolicy extends Construct {
  public readonly authorizationPolicyName: string;
  public readonly peerAuthenticationName: string;

  constructor(scope: Construct, id: string, props: HelloworldMeshPolicyProps) {
    super(scope, id);
    const prometheus = props.prometheusPrincipal ?? 'cluster.local/ns/monitoring/sa/prometheus-k8s';
    const gateway = props.ingressGatewayPrincipal ?? 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
    for (const p of [prometheus, gateway]) {
      if (!PRINCIPAL.test(p)) throw new Error(`${id}: principal "${p}" must look like <trust-domain>/ns/<namespace>/sa/<service-account>`);
    }
    if (prometheus === gateway) throw new Error(`${id}: the Prometheus and ingress gateway principals are both "${prometheus}"; /metrics would be public`);
    if (!Object.keys(props.selectorLabels).length) throw new Error(`${id}: selectorLabels is empty; the policies would apply to every pod in the namespace`);
    const namespace = props.namespace ?? 'shipshape';
    const labels = { ...props.labels, app: HELLOWORLD_APP, env: props.appEnv };
    this.authorizationPolicyName = `${HELLOWORLD_APP}-allow-ingress-only-${props.appEnv}`;
    this.peerAuthenticationName = `${HELLOWORLD_APP}-strict-mtls-${props.appEnv}`;

    new ApiObject(this, 'PeerAuthentication', {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'PeerAuthentication',
      metadata: { name: this.peerAuthenticationName, namespace, labels },
      spec: { selector: { matchLabels: { ...props.selectorLabels } }, mtls: { mode: 'STRICT' } },
    });

    new ApiObject(this, 'AuthorizationPolicy', {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: { name: this.authorizationPolicyName, namespace, labels },
      spec: {
        selector: { matchLabels: { ...props.selectorLabels } },
        action: 'ALLOW',
        rules: [
          { from: [{ source: { principals: [gateway] } }], to: [{ operation: { notPaths: METRICS_PATHS } }] },
          { from: [{ source: { principals: [prometheus] } }], to: [{ operation: { methods: ['GET'], paths: METRICS_PATHS } }] },
        ],
      },
    });
  }
}
