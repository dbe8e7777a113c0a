/**
 * The SRE handbook's alert-to-action tables (§4.2) as data: one runbook per alert, with the auto-action as a `run`
 * step and the verification as a `verify` step. OpenBaoSealed is the handbook's worked example (§14) verbatim.
 * Severities come from the incident tables (§13.2, §13.3) where they name the incident; rollback is the handbook's
 * `page-oncall` throughout.
 */
import type { SreComponent } from './settings';

export interface RunbookStep {
  readonly run?: string;
  readonly verify?: string;
}

export interface RunbookDefinition {
  /** Object name: the alert name in kebab case. */
  readonly name: string;
  readonly component: SreComponent;
  readonly description: string;
  readonly severity?: 'P1' | 'P2' | 'P3' | 'P4';
  readonly triggers: ReadonlyArray<{ readonly alertName: string }>;
  readonly preconditions?: ReadonlyArray<{ readonly check: string }>;
  readonly steps: readonly RunbookStep[];
  readonly rollback: string;
}

/** `GPUUtilizationLow` → `gpu-utilization-low` (runs of capitals read as one word: name those by hand). */
export function runbookName(alertName: string): string {
  return alertName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** A row of an alert-to-action table: alert, auto-action, verification. */
function row(
  component: SreComponent,
  alertName: string,
  action: string,
  verification: string,
  severity?: RunbookDefinition['severity'],
  name = runbookName(alertName),
): RunbookDefinition {
  return {
    name,
    component,
    description: `${alertName}: ${action.charAt(0).toLowerCase()}${action.slice(1)}, then ${verification.charAt(0).toLowerCase()}${verification.slice(1)} (SRE handbook §4.2).`,
    ...(severity ? { severity } : {}),
    triggers: [{ alertName }],
    steps: [{ run: action }, { verify: verification }],
    rollback: 'page-oncall',
  };
}

const CP = 'catalyst-control-plane' as const;
const AI = 'ai-hub' as const;
const OB = 'open-banking' as const;

export const RUNBOOK_CATALOG: readonly RunbookDefinition[] = [
  // §4.2 Catalyst control plane
  row(CP, 'HighMemoryUsage', 'Scale up deployment', 'Check memory'),
  row(CP, 'PodCrashLoopBackOff', 'Restart pod', 'Check pod status'),
  row(CP, 'HighErrorRate', 'Trigger rollback', 'Check error rate'),
  row(CP, 'DatabaseConnectionExhausted', 'Restart PgBouncer', 'Check connections'),
  row(CP, 'CertificateExpiringSoon', 'Trigger renewal', 'Check expiry'),
  row(CP, 'HighLatency', 'Scale service', 'Check latency'),
  row(
    CP,
    'GslbEndpointDown',
    'Check PowerDNS lua-record probe state (`pdnsutil get-meta`)',
    '`dig` the GSLB host and verify the unhealthy backend IP is absent from the response',
  ),
  {
    // §14: the handbook's typical runbook, verbatim; §13.2: OpenBao sealed is P1.
    name: 'openbao-sealed',
    component: CP,
    description: 'OpenBaoSealed: auto-unseal via SPIRE-attested unseal keys, then check unseal status (SRE handbook §4.2, §14).',
    severity: 'P1',
    triggers: [{ alertName: 'OpenBaoSealed' }],
    preconditions: [{ check: 'spire.server.healthy' }, { check: 'openbao.unseal.shamir.shares.available' }],
    steps: [{ run: 'openbao operator unseal --auto-shamir' }, { verify: 'openbao.status.sealed == false' }],
    rollback: 'page-oncall',
  },
  row(CP, 'JetstreamLagHigh', 'Add JetStream consumer replica', 'Check consumer lag', 'P2'),
  // §4.2 AI Hub (when bp-cortex installed)
  row(AI, 'VLLMHighLatency', 'Scale vLLM replicas', 'Check inference latency'),
  row(AI, 'VLLMOOMKilled', 'Reduce batch size', 'Check memory', 'P2', 'vllm-oom-killed'),
  row(AI, 'GPUUtilizationLow', 'Scale down GPU pods', 'Check utilization'),
  row(AI, 'GPUMemoryExhausted', 'Evict low-priority jobs', 'Check GPU memory', 'P2'),
  row(AI, 'MilvusQuerySlow', 'Rebuild index', 'Check query latency', 'P2'),
  row(AI, 'EmbeddingQueueBacklog', 'Scale BGE replicas', 'Check queue depth'),
  row(AI, 'RAGRetrievalEmpty', 'Alert + log', 'Check retrieval quality', 'P3'),
  row(AI, 'LLMGatewayQuotaExhausted', 'Notify user', 'Check quota'),
  // §4.2 Open Banking (when bp-fingate installed)
  row(OB, 'KeycloakHighLatency', 'Scale Keycloak', 'Check auth latency'),
  row(OB, 'QuotaServiceDown', 'Failover to backup', 'Check quota service'),
  row(OB, 'BillingWebhookFailed', 'Retry with backoff', 'Check webhook status'),
  row(OB, 'TPPCertExpiring', 'Alert sovereign-admin team', 'Check certificate'),
];

/** The runbooks of the given components, in table order. */
export function runbooksFor(components: ReadonlySet<SreComponent>): RunbookDefinition[] {
  return RUNBOOK_CATALOG.filter((r) => components.has(r.component));
}
