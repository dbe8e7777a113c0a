import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { pagingLabels } from '../../constructs/common/alert-labels';
import { githubSlug } from '../../lib/markdown';

export interface AppAlertsProps {
  /** The app: its Deployment, Service and container name. */
  readonly app: string;
  readonly namespace: string;
  /** Replicas the Deployment asks for: the degraded alert only exists with 2 or more. */
  readonly replicas: number;
  /** The runbook the alerts link into; each appends `#<kind of alert>` (#apptargetsdown, …). */
  readonly runbookUrl: string;
  /** Whether the critical alerts page (production tier). */
  readonly pages: boolean;
  /**
   * Alert targets-down on the Service's scrape targets (the app is scraped).
   * @default true
   */
  readonly scraped?: boolean;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The kinds of app alert; each is a section of docs/runbooks/apps.md (its heading) and the alert name's suffix. */
export const APP_ALERT_KINDS = ['AppTargetsDown', 'AppUnavailable', 'AppDegraded', 'AppRestartingOften'] as const;
type AppAlertKind = (typeof APP_ALERT_KINDS)[number];

/** `shop-frontend` → `ShopFrontend`: the prefix of the app's alert names. */
export function alertPrefix(app: string): string {
  return app
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * PrometheusRule `<app>-alerts`: whether anyone can reach the app (no scrape target up), whether it runs at all
 * (no available replica), whether it runs short (fewer available than desired, for 15 minutes) and whether its
 * container keeps restarting. Series are kube-state-metrics' and Prometheus' own `up`, selected by namespace and
 * the app's names, so the app needs no metrics of its own for them. The first two are critical and page in a production tier; elsewhere every one is a non-paging warning.
 */
export class AppAlerts extends Construct {
  public readonly name: string;
  public readonly alerts: readonly string[];

  constructor(scope: Construct, id: string, props: AppAlertsProps) {
    super(scope, id);
    if (!/^https?:\/\/[^#\s]+$/.test(props.runbookUrl))
      throw new Error(`${id}: runbookUrl must be an http(s) URL without a fragment (the alerts add theirs), got "${props.runbookUrl}"`);
    this.name = `${props.app}-alerts`;
    const prefix = alertPrefix(props.app);
    const ns = `namespace="${props.namespace}"`;
    const deployment = `${ns},deployment="${props.app}"`;
    const rule = (kind: AppAlertKind, expr: string, forTime: string, critical: boolean, summary: string, description: string) => ({
      alert: `${prefix}${kind.slice('App'.length)}`,
      expr,
      for: forTime,
      labels: { ...pagingLabels(critical && props.pages), namespace: props.namespace, app: props.app },
      annotations: { summary, description, runbook_url: `${props.runbookUrl}#${githubSlug(kind)}` },
    });
    const rules = [
      ...((props.scraped ?? true)
        ? [
            rule(
              'AppTargetsDown',
              `absent(up{${ns},service="${props.app}"} == 1)`,
              '5m',
              true,
              `${props.app}: no scrape target up`,
              `No target of Service ${props.namespace}/${props.app} has answered a scrape for 5 minutes.`,
            ),
          ]
        : []),
      rule(
        'AppUnavailable',
        `kube_deployment_status_replicas_available{${deployment}} == 0`,
        '5m',
        true,
        `${props.app}: no replica available`,
        `Deployment ${props.namespace}/${props.app} has had no available replica for 5 minutes.`,
      ),
      ...(props.replicas >= 2
        ? [
            rule(
              'AppDegraded',
              `kube_deployment_status_replicas_available{${deployment}} < kube_deployment_spec_replicas{${deployment}}`,
              '15m',
              false,
              `${props.app}: running short of replicas`,
              `Deployment ${props.namespace}/${props.app} has had {{ $value }} available replicas, fewer than it wants, for 15 minutes.`,
            ),
          ]
        : []),
      rule(
        'AppRestartingOften',
        `increase(kube_pod_container_status_restarts_total{${ns},container="${props.app}"}[15m]) > 3`,
        '5m',
        false,
        `${props.app}: container restarting`,
        `Container ${props.app} in {{ $labels.pod }} restarted {{ $value | humanize }} times in 15 minutes.`,
      ),
    ];
    this.alerts = rules.map((r) => r.alert);
    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: { groups: [{ name: props.app, rules }] },
    });
  }
}
