/**
 * The guide's "Admission Policy → Recommended: ValidatingAdmissionWebhook" as configuration: status-subresource
 * updates and spec updates of Observations and Ingesters go to the Plimsoll admission guard, which rejects status
 * updates from anyone but the controller and spec updates that try to set status. The guard's server and Service
 * come from the runtime-components work (issue 9); this construct only points at them.
 *
 * The controller's own requests never reach the webhook: a matchCondition exempts the allowed status writers (the
 * guide's first check, "Allow if from controller service account"), so a guard outage cannot stop the watcher
 * writing status, whatever the failurePolicy. Lives in the `admission` stage, after every workload.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { ZEN_API_GROUP, type ZenKind } from './zen-watcher-crds';

export interface StatusIntegrityWebhookProps {
  /** Users allowed to write status (`system:serviceaccount:<ns>:<name>`); their requests skip the webhook. */
  readonly statusWriters: readonly string[];
  /** Kinds whose updates are checked. */
  readonly kinds: readonly ZenKind[];
  /**
   * Name of the ValidatingWebhookConfiguration.
   * @default 'zen-watcher-status-integrity'
   */
  readonly name?: string;
  /**
   * Namespace of the admission guard Service; also excluded from the webhook (a webhook must not gate its own
   * namespace).
   * @default 'plimsoll-system'
   */
  readonly serviceNamespace?: string;
  /**
   * Name of the admission guard Service.
   * @default 'plimsoll-admission-guard'
   */
  readonly serviceName?: string;
  /**
   * Port of the admission guard Service.
   * @default 443
   */
  readonly servicePort?: number;
  /**
   * Path of the guard's status-integrity endpoint.
   * @default '/validate/status-integrity'
   */
  readonly path?: string;
  /**
   * What happens when the guard cannot answer. Fail keeps status integrity when the guard is down (only
   * non-controller writers are affected); Ignore fails open.
   * @default 'Fail'
   */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /**
   * Call timeout in seconds (at most 10).
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * cert-manager Certificate (`<namespace>/<name>`) whose CA cainjector writes into the caBundle.
   * @default '<serviceNamespace>/<serviceName>'
   */
  readonly caInjectFrom?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:[a-z0-9]([a-z0-9-]*[a-z0-9])?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

export class StatusIntegrityWebhook extends Construct {
  public readonly configuration: kplus.k8s.KubeValidatingWebhookConfiguration;

  constructor(scope: Construct, id: string, props: StatusIntegrityWebhookProps) {
    super(scope, id);
    const serviceNamespace = props.serviceNamespace ?? 'plimsoll-system';
    const serviceName = props.serviceName ?? 'plimsoll-admission-guard';
    const timeoutSeconds = props.timeoutSeconds ?? 5;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 10) {
      throw new Error(`status-integrity webhook: timeoutSeconds must be 1..10, got ${timeoutSeconds} (a slow webhook stalls every matching API request)`);
    }
    if (props.statusWriters.length === 0)
      throw new Error('status-integrity webhook: statusWriters is empty; name the controller ServiceAccount (system:serviceaccount:zen-system:zen-watcher)');
    for (const user of props.statusWriters) {
      if (!SERVICE_ACCOUNT_USER.test(user))
        throw new Error(
          `status-integrity webhook: status writer ${JSON.stringify(user)} is not a ServiceAccount user name; expected system:serviceaccount:<namespace>:<name>`,
        );
    }
    if (props.kinds.length === 0) throw new Error('status-integrity webhook: kinds is empty; give the CRDs whose status it protects');
    const writers = props.statusWriters.map((u) => `'${u}'`).join(', ');

    this.configuration = new kplus.k8s.KubeValidatingWebhookConfiguration(this, 'configuration', {
      metadata: {
        name: props.name ?? 'zen-watcher-status-integrity',
        labels: props.labels,
        annotations: { 'cert-manager.io/inject-ca-from': props.caInjectFrom ?? `${serviceNamespace}/${serviceName}` },
      },
      webhooks: [
        {
          name: `status-integrity.${ZEN_API_GROUP}`,
          admissionReviewVersions: ['v1'],
          clientConfig: {
            service: { namespace: serviceNamespace, name: serviceName, port: props.servicePort ?? 443, path: props.path ?? '/validate/status-integrity' },
          },
          failurePolicy: props.failurePolicy ?? 'Fail',
          sideEffects: 'None',
          timeoutSeconds,
          matchPolicy: 'Equivalent',
          namespaceSelector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...new Set(['kube-system', serviceNamespace])] }],
          },
          // UPDATE covers PUT and PATCH, on the object (spec updates) and on /status (status-subresource updates).
          rules: props.kinds.map((k) => ({
            apiGroups: [ZEN_API_GROUP],
            apiVersions: [k.version],
            operations: ['UPDATE'],
            resources: [k.plural, `${k.plural}/status`],
            scope: 'Namespaced',
          })),
          matchConditions: [{ name: 'not-a-status-writer', expression: `!(request.userInfo.username in [${writers}])` }],
        },
      ],
    });
  }
}
