import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { pagingLabels } from '../../constructs/common/alert-labels';
import { githubSlug } from '../../lib/markdown';
import type { HandbookAlert } from './alert-catalog';

export interface HandbookAlertsProps {
  /** Namespace of the PrometheusRule and of the control-plane components (`NS` in the expressions). */
  readonly namespace: string;
  /** The alerts to define (those of the enabled components). */
  readonly alerts: readonly HandbookAlert[];
  /** Where docs/runbooks/ is served: alerts without a Runbook link `<runbookBaseUrl>/sre.md#alert-definitions`. */
  readonly runbookBaseUrl: string;
  /**
   * The Runbook object each alert triggers (alert name → Runbook name), for those rendered: the alert links
   * `runbook://<name>`.
   * @default - none
   */
  readonly runbooks?: ReadonlyMap<string, string>;
  /**
   * Critical alerts page (production tier).
   * @default false
   */
  readonly paging?: boolean;
  /**
   * PrometheusRule name.
   * @default 'handbook-alerts'
   */
  readonly name?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The docs/runbooks/sre.md heading the definitions are listed under. */
export const ALERT_DEFINITIONS_SECTION = githubSlug('Alert definitions');

/**
 * PrometheusRule `handbook-alerts`: the alerts the handbook's Runbooks are triggered by, one group per component,
 * so no Runbook waits on an alert nothing raises (the `runbook-trigger` rule checks that). Each links its Runbook.
 */
export class HandbookAlerts extends Construct {
  public readonly name: string;
  public readonly alerts: readonly string[];

  constructor(scope: Construct, id: string, props: HandbookAlertsProps) {
    super(scope, id);
    if (!/^https:\/\/\S+[^/]$/.test(props.runbookBaseUrl))
      throw new Error(`HandbookAlerts: runbookBaseUrl must be an https URL without a trailing slash, got ${JSON.stringify(props.runbookBaseUrl)}`);
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(props.namespace))
      throw new Error(`HandbookAlerts: namespace must be a DNS label, got ${JSON.stringify(props.namespace)}`);
    this.name = props.name ?? 'handbook-alerts';
    const runbooks = props.runbooks ?? new Map<string, string>();
    const doc = `${props.runbookBaseUrl}/sre.md#${ALERT_DEFINITIONS_SECTION}`;
    const components = [...new Set(props.alerts.map((a) => a.component))];
    const groups = components.map((component) => ({
      name: `handbook-${component}`,
      rules: props.alerts
        .filter((a) => a.component === component)
        .map((a) => ({
          alert: a.alert,
          expr: a.expr.replace(/"NS"/g, JSON.stringify(props.namespace)),
          for: a.for,
          labels: { ...pagingLabels((props.paging ?? false) && a.critical), component },
          annotations: {
            summary: `${a.alert}: ${a.summary}`,
            description: `${a.summary.charAt(0).toUpperCase()}${a.summary.slice(1)} (value {{ $value | humanize }}; series from ${a.source}).`,
            runbook_url: runbooks.has(a.alert) ? `runbook://${runbooks.get(a.alert)}` : doc,
          },
        })),
    }));
    this.alerts = props.alerts.map((a) => a.alert);
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: { groups },
    });
  }
}
