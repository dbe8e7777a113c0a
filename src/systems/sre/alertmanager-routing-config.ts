import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { SecretKeyRef } from './settings';
import type { AlertRouting } from './alert-routing';

export interface AlertmanagerRoutingConfigProps {
  /** Namespace of the AlertmanagerConfig: the Alertmanager's own (its Secrets live there). */
  readonly namespace: string;
  /** The routing tree (alertRouting()). */
  readonly routing: AlertRouting;
  /** Secret key references the operator resolves; their values never appear here. */
  readonly secrets: {
    /** Bearer token of the automation webhooks. */
    readonly automationToken: SecretKeyRef;
    /** Slack incoming-webhook URL. */
    readonly slackApiUrl: SecretKeyRef;
    /** PagerDuty routing key of each paged service, by service name. */
    readonly pagerDutyRoutingKeys: Readonly<Record<string, SecretKeyRef>>;
  };
  /**
   * Object name.
   * @default 'platform-alert-routing'
   */
  readonly name?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The routing tree as an AlertmanagerConfig (monitoring.coreos.com/v1alpha1). Reference it from the Alertmanager
 * resource (`spec.alertmanagerConfiguration.name`) to make it the global configuration, the same tree the plain
 * alertmanager.yaml holds; selected as an ordinary namespaced AlertmanagerConfig instead, the operator would scope
 * every route to alerts of its own namespace.
 */
export class AlertmanagerRoutingConfig extends Construct {
  public readonly name: string;
  public readonly spec: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: AlertmanagerRoutingConfigProps) {
    super(scope, id);
    const { routing, secrets } = props;
    this.name = props.name ?? 'platform-alert-routing';
    const ref = (s: SecretKeyRef) => ({ name: s.name, key: s.key });
    const authorization = { type: 'Bearer', credentials: ref(secrets.automationToken) };
    this.spec = {
      route: {
        receiver: routing.root.receiver,
        groupBy: [...routing.root.groupBy],
        groupWait: routing.root.groupWait,
        routes: routing.routes.map((r) => ({
          receiver: r.receiver,
          matchers: r.matchers.map((m) => ({ name: m.name, value: m.value, matchType: '=' })),
          ...(r.groupBy ? { groupBy: [...r.groupBy] } : {}),
          ...(r.groupWait ? { groupWait: r.groupWait } : {}),
          ...(r.continue ? { continue: true } : {}),
        })),
      },
      receivers: routing.receivers.map((r) => ({
        name: r.name,
        ...(r.webhooks
          ? {
              webhookConfigs: r.webhooks.map((w) => ({
                url: w.url,
                httpConfig: { authorization },
                ...(w.sendResolved !== undefined ? { sendResolved: w.sendResolved } : {}),
              })),
            }
          : {}),
        ...(r.slack ? { slackConfigs: r.slack.map((s) => ({ apiURL: ref(secrets.slackApiUrl), channel: s.channel, sendResolved: s.sendResolved })) } : {}),
        ...(r.pagerDuty
          ? {
              pagerdutyConfigs: r.pagerDuty.map((p) => {
                const key = secrets.pagerDutyRoutingKeys[p.service];
                if (!key) throw new Error(`AlertmanagerRoutingConfig: no routing key Secret for PagerDuty service "${p.service}"`);
                return { routingKey: ref(key), sendResolved: p.sendResolved };
              }),
            }
          : {}),
      })),
    };
    new ApiObject(this, 'config', {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: this.spec,
    });
  }
}
