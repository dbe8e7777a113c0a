/**
 * The alerts the handbook's alert-to-action tables (§4.2) act on, defined: the handbook names them but gives no
 * expression, so each is written here against the metrics of the component the platform runs for it (named in
 * `source`), with its threshold in the description. docs/runbooks/sre.md ("Alert definitions") lists them. The GPU
 * alerts of the AI Hub (GPUUtilizationLow, GPUMemoryExhausted) are GpuAlerts' (gpu-alerts.ts), with the GPU settings.
 */
import type { SreComponent } from './settings';

export interface HandbookAlert {
  readonly alert: string;
  readonly component: SreComponent;
  /** PromQL; `NS` stands for the namespace the component runs in (the sre namespace). */
  readonly expr: string;
  readonly for: string;
  /** Critical alerts page in a production tier. */
  readonly critical: boolean;
  /** Exporter or component whose series the expression reads. */
  readonly source: string;
  readonly summary: string;
}

const CP = 'catalyst-control-plane' as const;
const AI = 'ai-hub' as const;
const OB = 'open-banking' as const;

export const HANDBOOK_ALERTS: readonly HandbookAlert[] = [
  // §4.2 Catalyst control plane
  {
    alert: 'HighMemoryUsage',
    component: CP,
    critical: false,
    for: '10m',
    source: 'cAdvisor, kube-state-metrics',
    summary: 'a container above 90 % of its memory limit for 10 minutes',
    expr: 'max by (namespace, pod, container) (container_memory_working_set_bytes{namespace="NS",container!=""} / on (namespace, pod, container) kube_pod_container_resource_limits{namespace="NS",resource="memory"}) > 0.9',
  },
  {
    alert: 'PodCrashLoopBackOff',
    component: CP,
    critical: true,
    for: '5m',
    source: 'kube-state-metrics',
    summary: 'a container waiting in CrashLoopBackOff for 5 minutes',
    expr: 'max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{namespace="NS",reason="CrashLoopBackOff"}) == 1',
  },
  {
    alert: 'HighErrorRate',
    component: CP,
    critical: true,
    for: '5m',
    source: "the services' http_requests_total (code label)",
    summary: "more than 5 % of a service's requests answered 5xx for 5 minutes",
    expr: 'sum by (namespace, service) (rate(http_requests_total{namespace="NS",code=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total{namespace="NS"}[5m])) > 0.05',
  },
  {
    alert: 'DatabaseConnectionExhausted',
    component: CP,
    critical: true,
    for: '5m',
    source: 'pgbouncer_exporter',
    summary: 'clients waiting for a PgBouncer server connection for 5 minutes (the pool is exhausted)',
    expr: 'max by (namespace, database) (pgbouncer_pools_client_waiting_connections{namespace="NS"}) > 0',
  },
  {
    alert: 'CertificateExpiringSoon',
    component: CP,
    critical: false,
    for: '1h',
    source: 'cert-manager',
    summary: 'a cert-manager Certificate expiring within 14 days',
    expr: 'min by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds - time()) < 14 * 24 * 3600',
  },
  {
    alert: 'HighLatency',
    component: CP,
    critical: false,
    for: '10m',
    source: "the services' http_request_duration_seconds histogram",
    summary: "a service's p99 latency above 1 s for 10 minutes",
    expr: 'histogram_quantile(0.99, sum by (le, namespace, service) (rate(http_request_duration_seconds_bucket{namespace="NS"}[5m]))) > 1',
  },
  {
    alert: 'GslbEndpointDown',
    component: CP,
    critical: true,
    for: '2m',
    source: 'blackbox_exporter probing each GSLB backend (job gslb-endpoints)',
    summary: 'a GSLB backend failing its health probe for 2 minutes',
    expr: 'min by (instance) (probe_success{job="gslb-endpoints"}) == 0',
  },
  {
    alert: 'OpenBaoSealed',
    component: CP,
    critical: true,
    for: '1m',
    source: 'OpenBao telemetry (vault_core_unsealed)',
    summary: 'an OpenBao server sealed for 1 minute',
    expr: 'max by (namespace, pod) (vault_core_unsealed) == 0',
  },
  {
    alert: 'JetstreamLagHigh',
    component: CP,
    critical: false,
    for: '10m',
    source: 'prometheus-nats-exporter (JetStream)',
    summary: 'a JetStream consumer more than 1,000 messages behind for 10 minutes',
    expr: 'max by (stream_name, consumer_name) (nats_consumer_num_pending) > 1000',
  },
  // §4.2 AI Hub (GPUUtilizationLow and GPUMemoryExhausted: gpu-alerts.ts)
  {
    alert: 'VLLMHighLatency',
    component: AI,
    critical: false,
    for: '10m',
    source: 'vLLM',
    summary: 'vLLM p95 end-to-end request latency above 10 s for 10 minutes',
    expr: 'histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket[5m]))) > 10',
  },
  {
    alert: 'VLLMOOMKilled',
    component: AI,
    critical: true,
    for: '0m',
    source: 'kube-state-metrics',
    summary: 'a vLLM container last terminated OOMKilled',
    expr: 'max by (namespace, pod) (kube_pod_container_status_last_terminated_reason{container=~"vllm.*",reason="OOMKilled"}) == 1',
  },
  {
    alert: 'MilvusQuerySlow',
    component: AI,
    critical: false,
    for: '10m',
    source: 'Milvus proxy',
    summary: 'Milvus p95 search latency above 1 s for 10 minutes',
    expr: 'histogram_quantile(0.95, sum by (le) (rate(milvus_proxy_sq_latency_bucket[5m]))) > 1000',
  },
  {
    alert: 'EmbeddingQueueBacklog',
    component: AI,
    critical: false,
    for: '10m',
    source: 'text-embeddings-inference (BGE)',
    summary: 'more than 100 embedding requests queued for 10 minutes',
    expr: 'max by (namespace, pod) (te_queue_size) > 100',
  },
  {
    alert: 'RAGRetrievalEmpty',
    component: AI,
    critical: false,
    for: '15m',
    source: "the RAG service's retrieval counters",
    summary: 'more than 20 % of RAG retrievals returned nothing for 15 minutes',
    expr: 'sum(rate(rag_retrieval_empty_total[15m])) / sum(rate(rag_retrieval_total[15m])) > 0.2',
  },
  {
    alert: 'LLMGatewayQuotaExhausted',
    component: AI,
    critical: false,
    for: '5m',
    source: "the LLM gateway's quota gauge",
    summary: 'a tenant above 100 % of its LLM gateway quota',
    expr: 'max by (tenant) (llm_gateway_quota_used_ratio) >= 1',
  },
  // §4.2 Open Banking
  {
    alert: 'KeycloakHighLatency',
    component: OB,
    critical: false,
    for: '10m',
    source: 'Keycloak (http_server_requests_seconds)',
    summary: 'Keycloak p95 request latency above 1 s for 10 minutes',
    expr: 'histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{namespace="NS",job=~".*keycloak.*"}[5m]))) > 1',
  },
  {
    alert: 'QuotaServiceDown',
    component: OB,
    critical: true,
    for: '2m',
    source: 'Prometheus (up)',
    summary: 'no quota service target up for 2 minutes',
    expr: 'absent(up{namespace="NS",job=~".*quota.*"} == 1)',
  },
  {
    alert: 'BillingWebhookFailed',
    component: OB,
    critical: false,
    for: '10m',
    source: "the billing service's webhook counters",
    summary: 'billing webhook deliveries failing for 10 minutes',
    expr: 'sum(rate(billing_webhook_failures_total{namespace="NS"}[10m])) > 0',
  },
  {
    alert: 'TPPCertExpiring',
    component: OB,
    critical: false,
    for: '1h',
    source: 'cert-manager',
    summary: 'a TPP (third-party provider) certificate expiring within 30 days',
    expr: 'min by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{name=~"tpp-.*"} - time()) < 30 * 24 * 3600',
  },
];
