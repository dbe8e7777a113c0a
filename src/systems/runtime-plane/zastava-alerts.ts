/**
 * Prometheus rules of the Zastava runtime plane (docs/runbooks/zastava-runtime-operations.md §1.1 telemetry, §2.2
 * upgrade gate, §4 incident response). The runbook's OpenTelemetry names are exported to Prometheus with dots as
 * underscores: zastava.runtime.backend.latency.ms → zastava_runtime_backend_latency_ms (histogram, ms),
 * zastava.admission.decisions.total{decision} → zastava_admission_decisions_total.
 * This is the `docs/ops/zastava-runtime-prometheus-rules.yaml` content of the offline kit too.
 */
import { pagingLabels } from '../../constructs/common/alert-labels';
import { productionPagingLabels, scopeMatchers } from './alert-labels';
import type { PrometheusRuleGroup } from './runtime-prometheus-rule';
import { RUNBOOK_SECTIONS, runbookUrl } from './runbooks';
import type { RuntimeSettings } from './settings';

/** Runbook §4.2: P95 > 750 ms for 5 minutes. */
export const BACKEND_LATENCY_P95_ALERT_MS = 750;
export const BACKEND_LATENCY_ALERT_FOR = '5m';
/** Runbook §2.2: watch P95 (< 250 ms) during upgrades. */
export const UPGRADE_GATE_P95_MS = 250;
/** Runbook §4.3: > 20 denies per minute. */
export const DENY_SPIKE_PER_MINUTE = 20;
/**
 * The runbook names ZastavaAuthorityTokenStale (§4.1) but not its metric or threshold. Assumed: the components
 * export the age of their cached OpTok as `zastava_authority_token_age_seconds`; stale = older than 15 minutes.
 */
export const TOKEN_AGE_METRIC = 'zastava_authority_token_age_seconds';
export const TOKEN_STALE_SECONDS = 900;

export const P95_LATENCY_RECORD = 'cluster_env:zastava_runtime_backend_latency_ms:p95_rate5m';
export const P99_LATENCY_RECORD = 'cluster_env:zastava_runtime_backend_latency_ms:p99_rate5m';
export const DECISIONS_RECORD = 'cluster_env_decision:zastava_admission_decisions:rate5m';

export function zastavaRuntimeRuleGroups(s: RuntimeSettings): PrometheusRuleGroup[] {
  const scope = scopeMatchers(s);
  const url = (section: keyof typeof RUNBOOK_SECTIONS) => runbookUrl(s.runbookBaseUrl, RUNBOOK_SECTIONS[section]);
  const quantile = (q: number) => `histogram_quantile(${q}, sum by (cluster, env, le) (rate(zastava_runtime_backend_latency_ms_bucket[5m])))`;
  return [
    {
      name: 'zastava-runtime.recording',
      rules: [
        { record: P95_LATENCY_RECORD, expr: quantile(0.95) },
        { record: P99_LATENCY_RECORD, expr: quantile(0.99) },
        { record: DECISIONS_RECORD, expr: 'sum by (cluster, env, decision) (rate(zastava_admission_decisions_total[5m]))' },
      ],
    },
    {
      name: 'zastava-runtime.alerts',
      rules: [
        {
          alert: 'ZastavaAuthorityTokenStale',
          expr: `max by (cluster, env, job) (${TOKEN_AGE_METRIC}{${scope}}) > ${TOKEN_STALE_SECONDS}`,
          for: '5m',
          labels: { ...productionPagingLabels(s), component: 'zastava' },
          annotations: {
            summary: 'Zastava runtime OpTok has not been refreshed from Authority for more than 15 minutes',
            description:
              '{{ $labels.job }} in {{ $labels.cluster }} holds an OpTok {{ $value | humanizeDuration }} old: Authority may be offline and the static token fallback may be engaged (look for the authority.token.fallback log scope).',
            runbook_url: url('authorityOffline'),
          },
        },
        {
          alert: 'ZastavaRuntimeBackendLatencyHigh',
          expr: `${P95_LATENCY_RECORD}{${scope}} > ${BACKEND_LATENCY_P95_ALERT_MS}`,
          for: BACKEND_LATENCY_ALERT_FOR,
          labels: { ...productionPagingLabels(s), component: 'zastava' },
          annotations: {
            summary: `Scanner/WebService P95 latency above ${BACKEND_LATENCY_P95_ALERT_MS} ms for 5 minutes`,
            description:
              'P95 of /runtime/events and /policy/runtime calls is {{ $value | printf "%.0f" }} ms in {{ $labels.cluster }}; the Observer buffer may throttle.',
            runbook_url: url('backendLatency'),
          },
        },
        {
          alert: 'ZastavaAdmissionDenySpike',
          expr: `sum by (cluster, env) (rate(zastava_admission_decisions_total{decision="deny",${scope}}[5m])) * 60 > ${DENY_SPIKE_PER_MINUTE}`,
          for: '2m',
          labels: { ...productionPagingLabels(s), component: 'zastava' },
          annotations: {
            summary: `More than ${DENY_SPIKE_PER_MINUTE} admission denies per minute`,
            description: 'zastava-webhook denies {{ $value | printf "%.1f" }} pods per minute in {{ $labels.cluster }}.',
            runbook_url: url('denyStorm'),
          },
        },
        {
          alert: 'ZastavaRuntimeBackendLatencyAboveUpgradeGate',
          expr: `${P95_LATENCY_RECORD}{${scope}} > ${UPGRADE_GATE_P95_MS}`,
          for: '10m',
          labels: { ...pagingLabels(false), component: 'zastava' },
          annotations: {
            summary: `Scanner/WebService P95 latency above the ${UPGRADE_GATE_P95_MS} ms upgrade gate`,
            description: 'P95 is {{ $value | printf "%.0f" }} ms in {{ $labels.cluster }}: do not proceed with (or roll back) a runtime-plane upgrade.',
            runbook_url: url('upgrades'),
          },
        },
      ],
    },
  ];
}
