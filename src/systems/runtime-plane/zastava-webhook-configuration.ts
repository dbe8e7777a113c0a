/**
 * ValidatingWebhookConfiguration `zastava-webhook` (runbook §2.1 verify: `kubectl get
 * validatingwebhookconfiguration zastava-webhook`). Admission fails closed everywhere it applies; fail-open is an
 * explicit, per-namespace decision after a risk assessment (runbook §4.2, §4.3 `failOpenNamespaces`): those
 * namespaces are excluded from the fail-closed webhook and served by a second entry with `failurePolicy: Ignore`
 * that selects them alone. There is never a global `failurePolicy: Ignore`. kube-system and the webhook's own
 * namespace are never sent to it, so the webhook cannot block its own recovery.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { STELLAOPS_NAMESPACE, WEBHOOK_NAME, ZASTAVA_SECRETS } from './settings';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface ZastavaWebhookConfigurationProps {
  /** Metadata labels (platform labels and workload identity). */
  readonly labels: Record<string, string>;
  /**
   * Object name.
   * @default 'zastava-webhook'
   */
  readonly name?: string;
  /**
   * Service of the webhook backend.
   * @default 'zastava-webhook'
   */
  readonly serviceName?: string;
  /**
   * Namespace of the webhook backend; always exempt from admission.
   * @default 'stellaops'
   */
  readonly serviceNamespace?: string;
  /**
   * Service port.
   * @default 443
   */
  readonly servicePort?: number;
  /**
   * HTTP path of the admission endpoint.
   * @default '/admission'
   */
  readonly path?: string;
  /**
   * Namespaces where admission fails open (environment runtime.webhook.failOpenNamespaces).
   * @default []
   */
  readonly failOpenNamespaces?: readonly string[];
  /**
   * Namespaces never sent to the webhook, besides the webhook's own.
   * @default ['kube-system']
   */
  readonly exemptNamespaces?: readonly string[];
  /**
   * Seconds the API server waits for a verdict (at most 10, so a slow backend cannot stall every pod creation).
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Secret `<namespace>/<name>` whose ca.crt cert-manager's CA injector copies into caBundle (the secret is
   * pre-created, runbook §2.1, and must carry `cert-manager.io/allow-direct-injection: "true"`).
   * @default - `<serviceNamespace>/zastava-webhook-tls`
   */
  readonly caSecret?: string;
}

export class ZastavaWebhookConfiguration extends Construct {
  public readonly resource: kplus.k8s.KubeValidatingWebhookConfiguration;

  constructor(scope: Construct, id: string, props: ZastavaWebhookConfigurationProps) {
    super(scope, id);
    const serviceNamespace = props.serviceNamespace ?? STELLAOPS_NAMESPACE;
    const timeoutSeconds = props.timeoutSeconds ?? 5;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 10) {
      throw new Error(`zastava-webhook timeoutSeconds must be an integer from 1 to 10, got ${timeoutSeconds}`);
    }
    const exempt = [...new Set([...(props.exemptNamespaces ?? ['kube-system']), serviceNamespace])].sort();
    const failOpen = [...new Set(props.failOpenNamespaces ?? [])].sort();
    const clash = failOpen.filter((ns) => exempt.includes(ns));
    if (clash.length) {
      throw new Error(
        `zastava-webhook failOpenNamespaces must not list ${clash.join(', ')}: exempt namespaces (${exempt.join(', ')}) are never sent to the webhook; remove them`,
      );
    }
    const clientConfig = {
      service: { name: props.serviceName ?? WEBHOOK_NAME, namespace: serviceNamespace, path: props.path ?? '/admission', port: props.servicePort ?? 443 },
    };
    const common = {
      admissionReviewVersions: ['v1'],
      clientConfig,
      matchPolicy: 'Equivalent',
      // Runbook §2.2 smoke tests: an unsigned Pod is denied, a signed one allowed.
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' }],
      sideEffects: 'None',
      timeoutSeconds,
    };
    const webhooks: kplus.k8s.ValidatingWebhook[] = [
      {
        ...common,
        name: `pods.${WEBHOOK_NAME}.${serviceNamespace}.svc`,
        failurePolicy: 'Fail',
        namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [...exempt, ...failOpen] }] },
      },
    ];
    if (failOpen.length) {
      webhooks.push({
        ...common,
        name: `fail-open.pods.${WEBHOOK_NAME}.${serviceNamespace}.svc`,
        failurePolicy: 'Ignore',
        namespaceSelector: {
          matchExpressions: [
            { key: NAMESPACE_NAME_LABEL, operator: 'In', values: failOpen },
            { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: exempt },
          ],
        },
      });
    }
    this.resource = new kplus.k8s.KubeValidatingWebhookConfiguration(this, 'Resource', {
      metadata: {
        name: props.name ?? WEBHOOK_NAME,
        labels: props.labels,
        annotations: { 'cert-manager.io/inject-ca-from-secret': props.caSecret ?? `${serviceNamespace}/${ZASTAVA_SECRETS.webhookTls}` },
      },
      webhooks,
    });
  }
}
