import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Who else may call the app, and on which ports (absent: every port). */
export interface MeshSource {
  /** Mesh identities (`<trust-domain>/ns/<namespace>/sa/<service-account>`). */
  readonly principals?: readonly string[];
  /** Namespaces whose workloads may call (any identity in them). */
  readonly namespaces?: readonly string[];
  readonly ports?: readonly number[];
}

export interface MeshPolicyProps {
  /** The app: the policies are `<app>-strict-mtls[-<variant>]` and `<app>-allow-ingress-only[-<variant>]`. */
  readonly app: string;
  /** Pod labels of the app. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly namespace: string;
  /**
   * Which of several deployments of one app this is (`test`, `prod`): the suffix of both names.
   * @default - none
   */
  readonly variant?: string;
  /**
   * Mesh identity allowed to GET /metrics (and nothing else); none: /metrics is closed to everyone.
   * @default 'cluster.local/ns/monitoring/sa/prometheus-k8s'
   */
  readonly prometheusPrincipal?: string | null;
  /**
   * Mesh identity of the ingress gateway, allowed every path except /metrics; none: the app has no ingress.
   * @default 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'
   */
  readonly ingressGatewayPrincipal?: string | null;
  /**
   * Other callers, allowed every path except /metrics.
   * @default - none
   */
  readonly sources?: readonly MeshSource[];
  /**
   * Metadata labels of both objects.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const PRINCIPAL = /^[a-z0-9.-]+\/ns\/[a-z0-9-]+\/sa\/[a-z0-9.-]+$/;
const METRICS_PATHS = ['/metrics', '/metrics/*'];

/**
 * Mesh security of an app: PeerAuthentication STRICT (no plain-text traffic reaches the pods), and an ALLOW
 * AuthorizationPolicy that admits the ingress gateway and the given sources on every path but /metrics, and only
 * Prometheus' identity to GET /metrics — so /metrics is never public. With no rule at all, ALLOW denies everything.
 */
export class MeshPolicy extends Construct {
  public readonly authorizationPolicyName: string;
  public readonly peerAuthenticationName: string;

  constructor(scope: Construct, id: string, props: MeshPolicyProps) {
    super(scope, id);
    const prometheus = props.prometheusPrincipal === undefined ? 'cluster.local/ns/monitoring/sa/prometheus-k8s' : props.prometheusPrincipal;
    const gateway =
      props.ingressGatewayPrincipal === undefined ? 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account' : props.ingressGatewayPrincipal;
    const sources = props.sources ?? [];
    for (const p of [prometheus, gateway, ...sources.flatMap((s) => s.principals ?? [])]) {
      if (p !== null && !PRINCIPAL.test(p)) throw new Error(`${id}: principal "${p}" must look like <trust-domain>/ns/<namespace>/sa/<service-account>`);
    }
    if (prometheus !== null && prometheus === gateway)
      throw new Error(`${id}: the Prometheus and ingress gateway principals are both "${prometheus}"; /metrics would be public`);
    if (!Object.keys(props.selectorLabels).length) throw new Error(`${id}: selectorLabels is empty; the policies would apply to every pod in the namespace`);
    for (const s of sources) {
      if (!s.principals?.length && !s.namespaces?.length)
        throw new Error(`${id}: a source names neither principals nor namespaces; it would admit every caller`);
    }
    const suffix = props.variant ? `-${props.variant}` : '';
    this.authorizationPolicyName = `${props.app}-allow-ingress-only${suffix}`;
    this.peerAuthenticationName = `${props.app}-strict-mtls${suffix}`;
    const metadata = (name: string) => ({ name, namespace: props.namespace, labels: props.labels });

    new ApiObject(this, 'PeerAuthentication', {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'PeerAuthentication',
      metadata: metadata(this.peerAuthenticationName),
      spec: { selector: { matchLabels: { ...props.selectorLabels } }, mtls: { mode: 'STRICT' } },
    });

    const notMetrics = (ports?: readonly number[]) => [{ operation: { notPaths: METRICS_PATHS, ...(ports?.length ? { ports: ports.map(String) } : {}) } }];
    const rules: unknown[] = [];
    if (gateway !== null) rules.push({ from: [{ source: { principals: [gateway] } }], to: notMetrics() });
    if (prometheus !== null) rules.push({ from: [{ source: { principals: [prometheus] } }], to: [{ operation: { methods: ['GET'], paths: METRICS_PATHS } }] });
    for (const s of sources) {
      const source = { ...(s.principals?.length ? { principals: [...s.principals] } : {}), ...(s.namespaces?.length ? { namespaces: [...s.namespaces] } : {}) };
      rules.push({ from: [{ source }], to: notMetrics(s.ports) });
    }

    new ApiObject(this, 'AuthorizationPolicy', {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(this.authorizationPolicyName),
      // An ALLOW policy without rules denies every request: what an app nobody may call should get.
      spec: { selector: { matchLabels: { ...props.selectorLabels } }, action: 'ALLOW', ...(rules.length ? { rules } : {}) },
    });
  }
}
