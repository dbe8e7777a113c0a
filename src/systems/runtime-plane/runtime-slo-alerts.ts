/**
 * SLO rules of the Scanner <-> Zastava runtime alignment (docs/runbooks/runtime-alignment-scanner-zastava.md §6):
 * runtime event lag < 30 s at P95 and drop rate < 0.5 %. `stella_runtime_events_lag_seconds` is a histogram;
 * the drop rate divides `stella_runtime_events_dropped_total` by `stella_runtime_events_total` (the note names
 * only the first two metrics; the events counter's name is assumed). A guard alert fires when the SLO series are
 * missing for this environment, so a renamed metric or a missing relabeling cannot silence the SLO alerts.
 */
import { pagingLabels } from '../../constructs/common/alert-labels';
import { productionPagingLabels, scopeMatchers } from './alert-labels';
import type { PrometheusRuleGroup } from './runtime-prometheus-rule';
import { RUNBOOK_SECTIONS, runbookUrl } from './runbooks';
import type { RuntimeSettings } from './settings';

export const EVENT_LAG_P95_SECONDS = 30;
export const EVENT_DROP_RATIO = 0.005;

export const LAG_P95_RECORD = 'cluster_env:stella_runtime_events_lag_seconds:p95_rate5m';
export const DROP_RATIO_RECORD = 'cluster_env:stella_runtime_events_drop_ratio:rate5m';

export function runtimeSloRuleGroups(s: RuntimeSettings): PrometheusRuleGroup[] {
  const scope = scopeMatchers(s);
  const url = runbookUrl(s.runbookBaseUrl, RUNBOOK_SECTIONS.slos);
  return [
    {
      name: 'stella-runtime-slo.recording',
      rules: [
        { record: LAG_P95_RECORD, expr: 'histogram_quantile(0.95, sum by (cluster, env, le) (rate(stella_runtime_events_lag_seconds_bucket[5m])))' },
        {
          record: DROP_RATIO_RECORD,
          expr: 'sum by (cluster, env) (rate(stella_runtime_events_dropped_total[5m])) / sum by (cluster, env) (rate(stella_runtime_events_total[5m]))',
        },
      ],
    },
    {
      name: 'stella-runtime-slo.alerts',
      rules: [
        {
          alert: 'StellaRuntimeEventsLagHigh',
          expr: `${LAG_P95_RECORD}{${scope}} > ${EVENT_LAG_P95_SECONDS}`,
          for: '10m',
          labels: { ...productionPagingLabels(s), component: 'runtime-events' },
          annotations: {
            summary: `Runtime event lag P95 above the ${EVENT_LAG_P95_SECONDS} s SLO`,
            description: 'P95 runtime event lag is {{ $value | humanizeDuration }} in {{ $labels.cluster }}.',
            runbook_url: url,
          },
        },
        {
          alert: 'StellaRuntimeEventsDropRateHigh',
          expr: `${DROP_RATIO_RECORD}{${scope}} > ${EVENT_DROP_RATIO}`,
          for: '10m',
          labels: { ...productionPagingLabels(s), component: 'runtime-events' },
          annotations: {
            summary: 'Runtime event drop rate above the 0.5 % SLO',
            description: '{{ $value | humanizePercentage }} of runtime events are dropped in {{ $labels.cluster }}.',
            runbook_url: url,
          },
        },
        {
          alert: 'StellaRuntimeSloSignalsAbsent',
          expr: `absent(stella_runtime_events_total{${scope}}) or absent(stella_runtime_events_lag_seconds_bucket{${scope}})`,
          for: '30m',
          labels: { ...pagingLabels(false), component: 'runtime-events' },
          annotations: {
            summary: 'Runtime event SLO series are missing',
            description:
              'No stella_runtime_events_total or stella_runtime_events_lag_seconds series carry {cluster, env} for this environment: the SLO alerts cannot fire.',
            runbook_url: url,
          },
        },
      ],
    },
  ];
}
