/**
 * One component's SLO table (SRE handbook §9) compiled into a PrometheusRule: per SLO a recording rule
 * `sli:<id>:<unit>` measuring the SLI, and an alert `<Id>SloBreach` that fires when the SLI has been past the
 * handbook's alert threshold for the handbook's window (`<99.5% for 5m` → `sli:… < 99.5`, `for: 5m`).
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { SreComponent } from './settings';
import { parseThreshold, SLO_SECTIONS, type SloDefinition } from './slo-catalog';
import { pagingLabels } from '../../constructs/common/alert-labels';

export interface SloPrometheusRuleProps {
  /** Namespace of the PrometheusRule. */
  readonly namespace: string;
  /** The component whose SLO table this is (decides the name `slo-<component>` and the runbook section). */
  readonly component: SreComponent;
  /** The component's SLOs (from SLO_CATALOG). */
  readonly slos: readonly SloDefinition[];
  /** URL of docs/runbooks/; alerts without a Runbook object link <runbookBaseUrl>/sre.md#<component section>. */
  readonly runbookBaseUrl: string;
  /**
   * Runbook objects rendered next to the rule: an SLO whose handbook runbook is among them links `runbook://<name>`.
   * @default - none (every alert links the document)
   */
  readonly runbooks?: ReadonlySet<string>;
  /**
   * Production: alerts keep their severity and page when critical. Otherwise every alert is severity warning,
   * paging "false".
   * @default false
   */
  readonly paging?: boolean;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const SLO_DOCUMENT = 'sre.md';

/** `api-p95-latency` → `ApiP95LatencySloBreach`. */
export function sloAlertName(slo: SloDefinition): string {
  return `${slo.id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}SloBreach`;
}

/** `api-p95-latency` (seconds) → `sli:api_p95_latency:seconds`. */
export function sloRecordName(slo: SloDefinition): string {
  return `sli:${slo.id.replace(/-/g, '_')}:${parseThreshold(slo.alertThreshold).unit}`;
}

/** The link an SLO alert carries: its handbook Runbook when rendered, else its document section. */
export function sloRunbookUrl(slo: SloDefinition, runbookBaseUrl: string, runbooks: ReadonlySet<string>): string {
  if (slo.runbook && runbooks.has(slo.runbook)) return `runbook://${slo.runbook}`;
  return `${runbookBaseUrl}/${SLO_DOCUMENT}#${SLO_SECTIONS[slo.component].anchor}`;
}

const UNIT_TEXT: Record<string, string> = { percent: '%', seconds: 's', tokens_per_second: ' tokens/s' };

export class SloPrometheusRule extends Construct {
  public readonly name: string;
  /** Alert names, in table order. */
  public readonly alerts: readonly string[];

  constructor(scope: Construct, id: string, props: SloPrometheusRuleProps) {
    super(scope, id);
    if (!props.slos.length) throw new Error(`SloPrometheusRule ${props.component}: no SLOs given; render the rule only for a component with an SLO table`);
    if (!/^https:\/\/\S+[^/]$/.test(props.runbookBaseUrl))
      throw new Error(`SloPrometheusRule: runbookBaseUrl must be an https URL without a trailing slash, got ${JSON.stringify(props.runbookBaseUrl)}`);
    const foreign = props.slos.find((s) => s.component !== props.component);
    if (foreign) throw new Error(`SloPrometheusRule ${props.component}: SLO ${foreign.id} belongs to ${foreign.component}`);
    const paging = props.paging ?? false;
    const runbooks = props.runbooks ?? new Set<string>();
    this.name = `slo-${props.component}`;
    const rules: Record<string, unknown>[] = [];
    for (const slo of props.slos) {
      const t = parseThreshold(slo.alertThreshold);
      const record = sloRecordName(slo);
      rules.push({ record, expr: slo.expr, labels: { component: props.component, slo: slo.id } });
      rules.push({
        alert: sloAlertName(slo),
        expr: `${record} ${t.op} ${t.value}`,
        for: slo.window,
        labels: { ...pagingLabels(paging && slo.severity === 'critical'), component: props.component, slo: slo.id },
        annotations: {
          summary: `${slo.sli} breached its SLO alert threshold (${slo.alertThreshold} for ${slo.window})`,
          description: `${slo.sli} is {{ $value | humanize }}${UNIT_TEXT[t.unit]} (target ${slo.target}, alert threshold ${slo.alertThreshold} for ${slo.window}; SRE handbook §9).`,
          runbook_url: sloRunbookUrl(slo, props.runbookBaseUrl, runbooks),
        },
      });
    }
    this.alerts = props.slos.map(sloAlertName);
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: { groups: [{ name: `slo.${props.component}`, rules }] },
    });
  }
}
