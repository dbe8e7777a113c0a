/**
 * Zen Watcher alerts and SLOs as one PrometheusRule.
 *
 * Alerts, from the guide's "Operational Invariants and SLOs → For Operators":
 * - `zen_watcher_observations_create_errors_total` increasing;
 * - `zen_watcher_webhook_queue_usage` > 1000 (backpressure);
 * - `zen_watcher_dedup_effectiveness` < 0.1 (deduplication not working).
 * SLOs, from "Service Level Objectives (SLOs)":
 * - availability 99.9 %, measured from `zen_watcher_health_status` (30-day ratio, plus a fast burn-rate alert: 14.4x
 *   the error budget over 1 h and 5 m, the usual page-worthy rate for a 30-day window);
 * - event processing: 99 % of events within 5 s (p99 of `zen_watcher_event_processing_duration_seconds`);
 * - API latency: 95 % of requests within 100 ms (p95 of `zen_watcher_http_request_duration_seconds`).
 * Every expression is scoped to the environment's `env` label (added by the ServiceMonitor); every alert links its
 * guide section in `runbook_url`. Only the availability burn alert pages, and only where `paging` is set.
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { pagingLabels } from '../../constructs/common/alert-labels';
import { githubSlug } from '../../lib/markdown';

export interface ZenWatcherPrometheusRuleProps {
  /** Namespace of the PrometheusRule. */
  readonly namespace: string;
  /** The `env` label value the ServiceMonitor adds; every expression selects it. */
  readonly envLabel: string;
  /** Base URL of the guide's documents (…/docs); runbook_url = <base>/<document>#<section anchor>. */
  readonly runbookBaseUrl: string;
  /**
   * Whether the availability burn alert pages (severity critical, paging "true"); otherwise every alert is
   * severity warning, paging "false".
   * @default false
   */
  readonly paging?: boolean;
  /**
   * PrometheusRule name.
   * @default 'zen-watcher'
   */
  readonly name?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The guide's documents and the headings the alerts link to. */
export const GUIDE_DOCUMENTS = {
  invariants: 'OPERATIONAL_INVARIANTS_AND_SLOS.md',
  excellence: 'OPERATIONAL_EXCELLENCE.md',
} as const;

export const AVAILABILITY_SLO = 0.999;
/** Error-budget burn rate that pages: 2 % of a 30-day budget in one hour. */
export const FAST_BURN_RATE = 14.4;

interface AlertSpec {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly pages: boolean;
  readonly summary: string;
  readonly description: string;
  readonly document: keyof typeof GUIDE_DOCUMENTS;
  readonly heading: string;
}

export class ZenWatcherPrometheusRule extends Construct {
  public readonly rule: ApiObject;

  constructor(scope: Construct, id: string, props: ZenWatcherPrometheusRuleProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_.-]+$/.test(props.envLabel))
      throw new Error(`ZenWatcherPrometheusRule: envLabel must be a plain label value, got ${JSON.stringify(props.envLabel)}`);
    if (!/^https?:\/\/\S+[^/]$/.test(props.runbookBaseUrl))
      throw new Error(`ZenWatcherPrometheusRule: runbookBaseUrl must be an http(s) URL without a trailing slash, got ${JSON.stringify(props.runbookBaseUrl)}`);
    const env = `env="${props.envLabel}"`;
    const paging = props.paging ?? false;
    const budget = Number((1 - AVAILABILITY_SLO).toFixed(6));

    const recording = [
      {
        // Healthy when any pod of the instance reports healthy; a scraped-but-silent target counts as down.
        record: 'zen_watcher:health_status:max',
        expr: `max by (namespace, service, env) (zen_watcher_health_status{${env}}) or max by (namespace, service, env) (0 * up{${env}, service=~"zen-watcher(-.+)?"})`,
      },
      { record: 'zen_watcher:availability:ratio_30d', expr: `avg_over_time(zen_watcher:health_status:max{${env}}[30d])` },
      {
        record: 'zen_watcher:event_processing_duration_seconds:p99_5m',
        expr: `histogram_quantile(0.99, sum by (namespace, service, env, le) (rate(zen_watcher_event_processing_duration_seconds_bucket{${env}}[5m])))`,
      },
      {
        record: 'zen_watcher:http_request_duration_seconds:p95_5m',
        expr: `histogram_quantile(0.95, sum by (namespace, service, env, le) (rate(zen_watcher_http_request_duration_seconds_bucket{${env}}[5m])))`,
      },
    ];

    const alerts: AlertSpec[] = [
      {
        alert: 'ZenWatcherObservationCreateErrors',
        expr: `increase(zen_watcher_observations_create_errors_total{${env}}[10m]) > 0`,
        for: '5m',
        pages: false,
        summary: 'Zen Watcher fails to create Observations',
        description:
          'zen_watcher_observations_create_errors_total is increasing for source {{ $labels.source }} (reason {{ $labels.reason }}) on {{ $labels.pod }}: events are being rejected instead of recorded.',
        document: 'invariants',
        heading: '3. Invalid Configs Rejected with Clear Errors',
      },
      {
        alert: 'ZenWatcherWebhookQueueBackpressure',
        expr: `zen_watcher_webhook_queue_usage{${env}} > 1000`,
        for: '5m',
        pages: false,
        summary: 'Zen Watcher webhook queue above 1000',
        description: 'The webhook queue of {{ $labels.pod }} holds {{ $value }} events (> 1000): backpressure is active and webhook events may be dropped.',
        document: 'invariants',
        heading: '6. Graceful Degradation Under Load',
      },
      {
        alert: 'ZenWatcherDeduplicationIneffective',
        expr: `zen_watcher_dedup_effectiveness{${env}} < 0.1`,
        for: '30m',
        pages: false,
        summary: 'Zen Watcher deduplication is not working',
        description: 'Deduplication effectiveness for source {{ $labels.source }} is {{ $value }} (< 0.1): duplicate Observations are being created.',
        document: 'invariants',
        heading: '4. Deduplication Effectiveness',
      },
      {
        alert: 'ZenWatcherAvailabilityBudgetBurn',
        expr: `(1 - avg_over_time(zen_watcher:health_status:max{${env}}[1h])) > (${FAST_BURN_RATE} * ${budget}) and (1 - avg_over_time(zen_watcher:health_status:max{${env}}[5m])) > (${FAST_BURN_RATE} * ${budget})`,
        for: '2m',
        pages: true,
        summary: 'Zen Watcher is burning its 99.9 % availability budget fast',
        description:
          '{{ $labels.namespace }}/{{ $labels.service }} has been unhealthy long enough in the last hour to spend 2 % of its 30-day error budget (burn rate above 14.4x).',
        document: 'excellence',
        heading: 'Availability SLO: 99.9%',
      },
      {
        alert: 'ZenWatcherAvailabilitySLOBreached',
        expr: `zen_watcher:availability:ratio_30d{${env}} < ${AVAILABILITY_SLO}`,
        for: '5m',
        pages: false,
        summary: 'Zen Watcher 30-day availability below 99.9 %',
        description: '{{ $labels.namespace }}/{{ $labels.service }} was healthy {{ $value | humanizePercentage }} of the last 30 days (SLO 99.9 %).',
        document: 'excellence',
        heading: 'Availability SLO: 99.9%',
      },
      {
        alert: 'ZenWatcherEventProcessingSLOBreached',
        expr: `zen_watcher:event_processing_duration_seconds:p99_5m{${env}} > 5`,
        for: '15m',
        pages: false,
        summary: 'Zen Watcher processes fewer than 99 % of events within 5 s',
        description: 'p99 event processing latency of {{ $labels.namespace }}/{{ $labels.service }} is {{ $value }} s (SLO: 99 % < 5 s).',
        document: 'excellence',
        heading: 'Event Processing SLO: 99% < 5s',
      },
      {
        alert: 'ZenWatcherAPILatencySLOBreached',
        expr: `zen_watcher:http_request_duration_seconds:p95_5m{${env}} > 0.1`,
        for: '15m',
        pages: false,
        summary: 'Zen Watcher answers fewer than 95 % of API requests within 100 ms',
        description: 'p95 HTTP request latency of {{ $labels.namespace }}/{{ $labels.service }} is {{ $value }} s (SLO: 95 % < 100 ms).',
        document: 'excellence',
        heading: 'API Latency SLO: 95% < 100ms',
      },
    ];

    this.rule = new ApiObject(this, 'prometheus-rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name ?? 'zen-watcher', namespace: props.namespace, labels: props.labels },
      spec: {
        groups: [
          { name: 'zen-watcher.slo.rules', rules: recording },
          {
            name: 'zen-watcher.alerts',
            rules: alerts.map((a) => ({
              alert: a.alert,
              expr: a.expr,
              for: a.for,
              labels: pagingLabels(paging && a.pages),
              annotations: {
                summary: a.summary,
                description: a.description,
                runbook_url: `${props.runbookBaseUrl}/${GUIDE_DOCUMENTS[a.document]}#${githubSlug(a.heading)}`,
              },
            })),
          },
        ],
      },
    });
  }
}
