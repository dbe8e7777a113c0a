/**
 * The SRE handbook's SLO tables (§9.1-§9.5) as data: each row's SLI, target, alert threshold and window exactly as the
 * handbook writes them, plus the PromQL that measures the SLI in the threshold's unit. The handbook names no
 * metrics: the queries use the exporters' own metric names where a component publishes one (vLLM, DCGM, Milvus,
 * Debezium, Flink, Kafka via Strimzi's JMX exporter) and otherwise an assumed name, listed in docs/runbooks/sre.md
 * ("SLO metrics") so each team can check its exporter against it.
 */
import type { SreComponent } from './settings';

export type SloUnit = 'percent' | 'seconds' | 'tokens_per_second';

export interface SloDefinition {
  /** Stable id (kebab case); the recording rule is `sli:<id with _>:<unit>`. */
  readonly id: string;
  readonly component: SreComponent;
  /** The handbook's SLI column. */
  readonly sli: string;
  /** The handbook's target column. */
  readonly target: string;
  /** The handbook's alert threshold, without the window (`<99.5%`, `>1s`, `<20 tok/s`). */
  readonly alertThreshold: string;
  /** How long the threshold must be breached before the alert fires (the handbook's `for 5m`). */
  readonly window: '5m' | '15m';
  /** PromQL giving the SLI in the threshold's unit. */
  readonly expr: string;
  /** Paging severity in production (lab renders every SLO alert as a non-paging warning). */
  readonly severity: 'critical' | 'warning';
  /** A Runbook of the handbook's alert-to-action tables (§4.2) that handles a breach, when there is one. */
  readonly runbook?: string;
}

export interface SloThreshold {
  readonly op: '<' | '>';
  readonly value: number;
  readonly unit: SloUnit;
}

/** `<99.5%` → 99.5 percent; `>500ms` → 0.5 seconds; `>2m` → 120 seconds; `<20 tok/s` → 20 tokens/s. */
export function parseThreshold(text: string): SloThreshold {
  const m = /^([<>])\s*([0-9]+(?:\.[0-9]+)?)\s*(%|ms|s|m|tok\/s)$/.exec(text.trim());
  if (!m) throw new Error(`SLO threshold "${text}" is not <|> number with %, ms, s, m or tok/s`);
  const n = Number(m[2]);
  const op = m[1] as '<' | '>';
  switch (m[3]) {
    case '%':
      return { op, value: n, unit: 'percent' };
    case 'ms':
      return { op, value: n / 1000, unit: 'seconds' };
    case 's':
      return { op, value: n, unit: 'seconds' };
    case 'm':
      return { op, value: n * 60, unit: 'seconds' };
    default:
      return { op, value: n, unit: 'tokens_per_second' };
  }
}

const p95 = (bucket: string) => `histogram_quantile(0.95, sum by (le) (rate(${bucket}[5m])))`;
const ratio = (good: string, all: string, range = '5m') => `100 * sum(rate(${good}[${range}])) / sum(rate(${all}[${range}]))`;

export const SLO_CATALOG: readonly SloDefinition[] = [
  // §9.1 Catalyst control plane
  {
    id: 'console-availability',
    component: 'catalyst-control-plane',
    sli: 'Console availability',
    target: '99.9%',
    alertThreshold: '<99.5%',
    window: '5m',
    severity: 'critical',
    runbook: 'high-error-rate',
    expr: ratio('http_requests_total{job="catalyst-console",code!~"5.."}', 'http_requests_total{job="catalyst-console"}'),
  },
  {
    id: 'api-p95-latency',
    component: 'catalyst-control-plane',
    sli: 'API p95 latency',
    target: '<500ms',
    alertThreshold: '>1s',
    window: '5m',
    severity: 'warning',
    runbook: 'high-latency',
    expr: p95('http_request_duration_seconds_bucket{job="catalyst-api"}'),
  },
  {
    id: 'catalog-query-p95',
    component: 'catalyst-control-plane',
    sli: 'Catalog query p95',
    target: '<200ms',
    alertThreshold: '>500ms',
    window: '5m',
    severity: 'warning',
    expr: p95('http_request_duration_seconds_bucket{job="catalyst-catalog"}'),
  },
  {
    id: 'projector-sse-delivery',
    component: 'catalyst-control-plane',
    sli: 'projector SSE delivery',
    target: '<2s end-to-end',
    alertThreshold: '>5s',
    window: '5m',
    severity: 'warning',
    expr: p95('projector_sse_delivery_duration_seconds_bucket'),
  },
  {
    id: 'gitea-webhook-reconcile',
    component: 'catalyst-control-plane',
    sli: 'Gitea webhook → reconcile',
    target: '<30s',
    alertThreshold: '>2m',
    window: '5m',
    severity: 'warning',
    expr: p95('catalyst_gitea_webhook_reconcile_duration_seconds_bucket'),
  },
  // §9.2 AI Hub (bp-cortex)
  {
    id: 'llm-inference-latency-p95',
    component: 'ai-hub',
    sli: 'LLM Inference Latency (p95)',
    target: '<5s',
    alertThreshold: '>10s',
    window: '5m',
    severity: 'warning',
    runbook: 'vllm-high-latency',
    expr: p95('vllm:e2e_request_latency_seconds_bucket'),
  },
  {
    id: 'llm-token-throughput',
    component: 'ai-hub',
    sli: 'LLM Token Throughput',
    target: '>50 tok/s',
    alertThreshold: '<20 tok/s',
    window: '5m',
    severity: 'warning',
    expr: 'sum(rate(vllm:generation_tokens_total[5m]))',
  },
  {
    id: 'embedding-latency-p95',
    component: 'ai-hub',
    sli: 'Embedding Latency (p95)',
    target: '<100ms',
    alertThreshold: '>500ms',
    window: '5m',
    severity: 'warning',
    runbook: 'embedding-queue-backlog',
    expr: p95('http_request_duration_seconds_bucket{job="bge-m3"}'),
  },
  {
    id: 'rag-retrieval-latency-p95',
    component: 'ai-hub',
    sli: 'RAG Retrieval Latency (p95)',
    target: '<500ms',
    alertThreshold: '>2s',
    window: '5m',
    severity: 'warning',
    expr: p95('rag_retrieval_duration_seconds_bucket'),
  },
  {
    id: 'gpu-utilization',
    component: 'ai-hub',
    sli: 'GPU Utilization',
    target: '>60%',
    alertThreshold: '<30%',
    window: '15m',
    severity: 'warning',
    runbook: 'gpu-utilization-low',
    expr: 'avg(avg_over_time(DCGM_FI_DEV_GPU_UTIL[5m]))',
  },
  {
    id: 'vector-search-latency-p95',
    component: 'ai-hub',
    sli: 'Vector Search Latency (p95)',
    target: '<50ms',
    alertThreshold: '>200ms',
    window: '5m',
    severity: 'warning',
    runbook: 'milvus-query-slow',
    // Milvus reports search latency in milliseconds.
    expr: `${p95('milvus_proxy_sq_latency_bucket')} / 1000`,
  },
  // §9.3 Open Banking (bp-fingate)
  {
    id: 'auth-latency-p95',
    component: 'open-banking',
    sli: 'Auth Latency (p95)',
    target: '<200ms',
    alertThreshold: '>500ms',
    window: '5m',
    severity: 'warning',
    runbook: 'keycloak-high-latency',
    expr: p95('http_server_requests_seconds_bucket{job="keycloak"}'),
  },
  {
    id: 'api-availability',
    component: 'open-banking',
    sli: 'API Availability',
    target: '99.95%',
    alertThreshold: '<99.5%',
    window: '5m',
    severity: 'critical',
    expr: ratio('http_requests_total{job="fingate-api",code!~"5.."}', 'http_requests_total{job="fingate-api"}'),
  },
  {
    id: 'consent-flow-success',
    component: 'open-banking',
    sli: 'Consent Flow Success',
    target: '>99%',
    alertThreshold: '<95%',
    window: '5m',
    severity: 'critical',
    expr: ratio('fingate_consent_flows_total{outcome="success"}', 'fingate_consent_flows_total'),
  },
  // §9.4 Data & Integration (bp-fabric)
  {
    id: 'kafka-produce-latency-p95',
    component: 'data-integration',
    sli: 'Kafka Produce Latency (p95)',
    target: '<50ms',
    alertThreshold: '>200ms',
    window: '5m',
    severity: 'warning',
    // Strimzi's JMX exporter: request total time in milliseconds, by quantile.
    expr: 'max(kafka_network_requestmetrics_totaltimems{request="Produce",quantile="0.95"}) / 1000',
  },
  {
    id: 'flink-checkpoint-duration',
    component: 'data-integration',
    sli: 'Flink Checkpoint Duration',
    target: '<30s',
    alertThreshold: '>60s',
    window: '5m',
    severity: 'warning',
    expr: 'max(flink_jobmanager_job_lastCheckpointDuration) / 1000',
  },
  {
    id: 'temporal-workflow-latency-p95',
    component: 'data-integration',
    sli: 'Temporal Workflow Latency (p95)',
    target: '<1s',
    alertThreshold: '>5s',
    window: '5m',
    severity: 'warning',
    expr: p95('temporal_workflow_endtoend_latency_bucket'),
  },
  {
    id: 'cdc-lag',
    component: 'data-integration',
    sli: 'CDC Lag (Debezium)',
    target: '<10s',
    alertThreshold: '>60s',
    window: '5m',
    severity: 'warning',
    expr: 'max(debezium_metrics_MilliSecondsBehindSource) / 1000',
  },
  {
    id: 'clickhouse-query-latency-p95',
    component: 'data-integration',
    sli: 'ClickHouse Query Latency (p95)',
    target: '<500ms',
    alertThreshold: '>2s',
    window: '5m',
    severity: 'warning',
    expr: p95('clickhouse_query_duration_seconds_bucket'),
  },
  // §9.5 Communication (bp-relay)
  {
    id: 'email-delivery-rate',
    component: 'communication',
    sli: 'Email Delivery Rate',
    target: '>99.5%',
    alertThreshold: '<98%',
    window: '15m',
    severity: 'critical',
    expr: ratio('relay_email_delivered_total', 'relay_email_sent_total', '15m'),
  },
  {
    id: 'livekit-call-setup-p95',
    component: 'communication',
    sli: 'LiveKit Call Setup (p95)',
    target: '<2s',
    alertThreshold: '>5s',
    window: '5m',
    severity: 'warning',
    expr: p95('livekit_call_setup_duration_seconds_bucket'),
  },
  {
    id: 'matrix-message-delivery-p95',
    component: 'communication',
    sli: 'Matrix Message Delivery (p95)',
    target: '<500ms',
    alertThreshold: '>2s',
    window: '5m',
    severity: 'warning',
    expr: p95('synapse_message_delivery_duration_seconds_bucket'),
  },
  {
    id: 'turn-relay-success-rate',
    component: 'communication',
    sli: 'TURN Relay Success Rate',
    target: '>99%',
    alertThreshold: '<95%',
    window: '5m',
    severity: 'critical',
    expr: ratio('turn_allocations_total{result="success"}', 'turn_allocations_total'),
  },
];

/** The SLOs of the given components, in table order. */
export function slosFor(components: ReadonlySet<SreComponent>): SloDefinition[] {
  return SLO_CATALOG.filter((s) => components.has(s.component));
}

/** The handbook section of each component's SLO table (docs/runbooks/sre.md uses the same headings). */
export const SLO_SECTIONS: Readonly<Record<SreComponent, { readonly title: string; readonly anchor: string }>> = {
  'catalyst-control-plane': { title: 'Catalyst control plane SLOs', anchor: 'catalyst-control-plane-slos' },
  'ai-hub': { title: 'AI Hub SLOs', anchor: 'ai-hub-slos' },
  'open-banking': { title: 'Open Banking SLOs', anchor: 'open-banking-slos' },
  'data-integration': { title: 'Data and Integration SLOs', anchor: 'data-and-integration-slos' },
  communication: { title: 'Communication SLOs', anchor: 'communication-slos' },
};
