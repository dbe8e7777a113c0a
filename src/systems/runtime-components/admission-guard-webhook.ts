/**
 * ValidatingWebhookConfiguration `plimsoll-admission-guard`: workloads, pods, Roles, NetworkPolicies and
 * PrometheusRules created or updated in the enforced namespaces go to the guard's `/validate`, which runs the
 * policy's object rules and the trusted-image check. Only namespaced resources: cluster-scoped objects are not
 * filtered by namespace and include what the API server and other installers reconcile (built-in ClusterRoles),
 * so they stay with `plimsoll validate` in CI. Secrets are not sent: no-secret-data is a rule about rendered
 * output, and cert-manager writes the TLS Secrets the platform references. The Pod subresources that change its
 * containers (pods/ephemeralcontainers: `kubectl debug`; pods/resize: in-place resource changes) are sent too:
 * their object is the whole Pod, judged like a Pod update.
 *
 * Fail-open namespaces get their own entry with `failurePolicy: Ignore` scoped to them (the guard also answers
 * them with allow-and-warn); every other enforced namespace uses the environment's failurePolicy. kube-system and
 * the guard's own namespace are never sent (webhook-safety), so the guard can always be restarted.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What the guard judges: everything the policy's object rules look at that lives in a namespace. */
export const ADMISSION_GUARD_RULES: readonly kplus.k8s.RuleWithOperations[] = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'pods/resize'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['cronjobs', 'jobs'] },
  { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], resources: ['roles'] },
  { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], resources: ['networkpolicies'] },
  { apiGroups: ['monitoring.coreos.com'], apiVersions: ['v1'], resources: ['prometheusrules'] },
].map((r) => ({ ...r, operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }));

export interface AdmissionGuardWebhookConfigurationProps {
  /** Namespaces whose objects the guard judges (fail-open ones included). */
  readonly namespaces: readonly string[];
  /** Namespace of the guard Service; never judged. */
  readonly serviceNamespace: string;
  /** Name of the guard Service. */
  readonly serviceName: string;
  /** `<namespace>/<certificate>` whose CA cert-manager injects into caBundle. */
  readonly caInjectFrom: string;
  /**
   * Object name.
   * @default - the service name
   */
  readonly name?: string;
  /**
   * Service port.
   * @default 443
   */
  readonly servicePort?: number;
  /**
   * Path of the guard's object endpoint.
   * @default '/validate'
   */
  readonly path?: string;
  /**
   * failurePolicy of the enforced namespaces.
   * @default 'Fail'
   */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /**
   * Namespaces (a subset of `namespaces`) that fail open: their own entry with failurePolicy Ignore.
   * @default []
   */
  readonly failOpenNamespaces?: readonly string[];
  /**
   * Namespaces never sent to the guard, besides its own.
   * @default ['kube-system']
   */
  readonly exemptNamespaces?: readonly string[];
  /**
   * Seconds the API server waits for the guard (at most 10).
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export class AdmissionGuardWebhookConfiguration extends Construct {
  public readonly resource: kplus.k8s.KubeValidatingWebhookConfiguration;

  constructor(scope: Construct, id: string, props: AdmissionGuardWebhookConfigurationProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? 5;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 10) {
      throw new Error(
        `admission guard webhook timeoutSeconds must be an integer from 1 to 10 (a slow webhook stalls every matching request), got ${timeoutSeconds}`,
      );
    }
    const exempt = [...new Set([...(props.exemptNamespaces ?? ['kube-system']), props.serviceNamespace])].sort();
    const namespaces = [...new Set(props.namespaces)].sort();
    if (!namespaces.length)
      throw new Error(
        'admission guard webhook: namespaces is empty; list the namespaces whose objects the guard judges (runtimeComponents.admissionGuard.namespaces)',
      );
    for (const ns of namespaces) if (!NAMESPACE.test(ns)) throw new Error(`admission guard webhook: namespace ${JSON.stringify(ns)} is not a namespace name`);
    const clash = namespaces.filter((ns) => exempt.includes(ns));
    if (clash.length)
      throw new Error(
        `admission guard webhook: namespaces must not include ${clash.join(', ')}: exempt namespaces (${exempt.join(', ')}) are never judged, so the guard can always be restarted; remove them`,
      );
    const failOpen = [...new Set(props.failOpenNamespaces ?? [])].sort();
    const stray = failOpen.filter((ns) => !namespaces.includes(ns));
    if (stray.length)
      throw new Error(`admission guard webhook: fail-open namespaces ${stray.join(', ')} are not judged at all; list them in namespaces too, or drop them`);
    const closed = namespaces.filter((ns) => !failOpen.includes(ns));

    const clientConfig = {
      service: { namespace: props.serviceNamespace, name: props.serviceName, port: props.servicePort ?? 443, path: props.path ?? '/validate' },
    };
    const common = {
      admissionReviewVersions: ['v1'],
      clientConfig,
      matchPolicy: 'Equivalent',
      rules: ADMISSION_GUARD_RULES.map((r) => ({ ...r })),
      sideEffects: 'None',
      timeoutSeconds,
    };
    const selector = (operator: 'In', values: string[]) => ({
      matchExpressions: [
        { key: NAMESPACE_NAME_LABEL, operator, values },
        { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: exempt },
      ],
    });
    const webhooks: kplus.k8s.ValidatingWebhook[] = [];
    if (closed.length)
      webhooks.push({
        ...common,
        name: `objects.${props.serviceName}.plimsoll.dev`,
        failurePolicy: props.failurePolicy ?? 'Fail',
        namespaceSelector: selector('In', closed),
      });
    if (failOpen.length)
      webhooks.push({
        ...common,
        name: `fail-open.objects.${props.serviceName}.plimsoll.dev`,
        failurePolicy: 'Ignore',
        namespaceSelector: selector('In', failOpen),
      });

    this.resource = new kplus.k8s.KubeValidatingWebhookConfiguration(this, 'Resource', {
      metadata: { name: props.name ?? props.serviceName, labels: props.labels, annotations: { 'cert-manager.io/inject-ca-from': props.caInjectFrom } },
      webhooks,
    });
  }
}
