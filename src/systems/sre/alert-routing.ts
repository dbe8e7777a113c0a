/**
 * One Alertmanager routing tree, from two sources, rendered two ways (alertmanager-file.ts: a plain
 * alertmanager.yaml with credential files; alertmanager-routing-config.ts: an AlertmanagerConfig with Secret key
 * references), so the two can never route differently.
 *
 * Sources:
 * - SRE handbook §12: root receiver `gitea-actions` (Gitea Actions dispatch webhook, bearer `credentials_file`,
 *   `send_resolved`), `group_by: [alertname, namespace]`, `group_wait: 30s`; critical alerts to `gitea-actions`
 *   with `group_wait: 10s`; namespace routes (cortex → `ai-oncall`, `group_by: [alertname, model]`).
 * - Shipshape runbook, alert routing ownership matrix: warning → `shipshape-warning` (Slack `#shipshape-oncall`),
 *   critical → `shipshape-critical` (PagerDuty service `shipshape-prod` + `#shipshape-incidents`).
 *
 * The matrix routes come first and `continue`, so a shipshape alert reaches its people and, after them, the
 * automation routes (a critical one is dispatched to Gitea Actions as well as paged). The matrix's critical route
 * waits 10 s like every critical route.
 */
import type { SreSettings } from './settings';

export interface Matcher {
  readonly name: string;
  readonly value: string;
}

export interface RouteModel {
  readonly receiver: string;
  readonly matchers: readonly Matcher[];
  readonly groupBy?: readonly string[];
  readonly groupWait?: string;
  readonly continue?: boolean;
}

export interface ReceiverModel {
  readonly name: string;
  /** Webhooks authenticated with the automation bearer token. */
  readonly webhooks?: ReadonlyArray<{ readonly url: string; readonly sendResolved?: boolean }>;
  readonly slack?: ReadonlyArray<{ readonly channel: string; readonly sendResolved: boolean }>;
  /** PagerDuty Events v2, one per paged service (the routing key identifies it). */
  readonly pagerDuty?: ReadonlyArray<{ readonly service: string; readonly sendResolved: boolean }>;
}

export interface AlertRouting {
  readonly root: { readonly receiver: string; readonly groupBy: readonly string[]; readonly groupWait: string };
  readonly routes: readonly RouteModel[];
  readonly receivers: readonly ReceiverModel[];
}

/** The environment's alerting settings, with the automation webhook's URL resolved. */
export interface AlertRoutingInput extends Pick<SreSettings['alerting'], 'groupBy' | 'groupWait' | 'criticalGroupWait' | 'namespaceRoutes' | 'matrix'> {
  readonly automation: { readonly receiver: string; readonly url: string };
}

const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/** The routing tree; throws on a duplicate receiver name or a malformed duration. */
export function alertRouting(input: AlertRoutingInput): AlertRouting {
  for (const [what, d] of [
    ['groupWait', input.groupWait],
    ['criticalGroupWait', input.criticalGroupWait],
  ] as const) {
    if (!DURATION.test(d)) throw new Error(`alert routing: ${what} must be a Prometheus duration such as 30s, got "${d}"`);
  }
  const { matrix, automation } = input;
  const routes: RouteModel[] = [
    {
      receiver: matrix.critical.receiver,
      matchers: [
        { name: 'namespace', value: matrix.namespace },
        { name: 'severity', value: 'critical' },
      ],
      groupWait: input.criticalGroupWait,
      continue: true,
    },
    {
      receiver: matrix.warning.receiver,
      matchers: [
        { name: 'namespace', value: matrix.namespace },
        { name: 'severity', value: 'warning' },
      ],
      continue: true,
    },
    { receiver: automation.receiver, matchers: [{ name: 'severity', value: 'critical' }], groupWait: input.criticalGroupWait },
    ...input.namespaceRoutes.map((r) => ({
      receiver: r.receiver,
      matchers: [{ name: 'namespace', value: r.namespace }],
      ...(r.groupBy ? { groupBy: r.groupBy } : {}),
    })),
  ];
  const receivers: ReceiverModel[] = [
    { name: automation.receiver, webhooks: [{ url: automation.url, sendResolved: true }] },
    ...input.namespaceRoutes.map((r) => ({ name: r.receiver, webhooks: [{ url: r.url }] })),
    { name: matrix.warning.receiver, slack: [{ channel: matrix.warning.slackChannel, sendResolved: true }] },
    {
      name: matrix.critical.receiver,
      pagerDuty: [{ service: matrix.critical.pagerDutyService, sendResolved: true }],
      slack: [{ channel: matrix.critical.slackChannel, sendResolved: true }],
    },
  ];
  const seen = new Set<string>();
  for (const r of receivers) {
    if (seen.has(r.name)) throw new Error(`alert routing: receiver "${r.name}" is defined twice; give each route its own receiver name`);
    seen.add(r.name);
  }
  return { root: { receiver: automation.receiver, groupBy: input.groupBy, groupWait: input.groupWait }, routes, receivers };
}
