/**
 * `plimsoll status`: each stage's Flux Kustomization (the rendered dist/<env>/flux/ objects, `plimsoll-<NN>-<stage>`
 * in the environment's Flux namespace) with its Ready condition and revision, in canonical order. Each stage
 * dependsOn the previous one, so the first stage that is not Ready blocks every stage after it: that one is marked.
 */
import type { ClusterClient, JsonObject } from './client';
import { FLUX_STAGE, type RenderedDist } from './rendered';
import { condition } from './conditions';

export type StageState = 'ready' | 'not-ready' | 'progressing' | 'suspended' | 'missing';

export interface StageStatus {
  readonly stage: string;
  readonly kustomization: { readonly namespace: string; readonly name: string };
  readonly state: StageState;
  /** Ready condition status: True, False, Unknown, or '' when missing. */
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  /** status.lastAppliedRevision ('' when never applied). */
  readonly revision: string;
  /** status.lastAttemptedRevision, when it differs from the applied one. */
  readonly attemptedRevision: string;
  /** The first stage that is not ready: it blocks the rest. */
  readonly blocking: boolean;
}

export interface StatusResult {
  readonly stages: readonly StageStatus[];
  /** The blocking stage, if any. */
  readonly blockedAt?: string;
}

function stateOf(live: JsonObject | null): StageState {
  if (!live) return 'missing';
  if ((live.spec as { suspend?: boolean } | undefined)?.suspend === true) return 'suspended';
  const ready = condition(live, 'Ready');
  if (ready?.status === 'True') return 'ready';
  if (!ready || ready.status === 'Unknown' || ready.reason === 'Progressing' || condition(live, 'Reconciling')?.status === 'True') return 'progressing';
  return 'not-ready';
}

export async function stageStatus(client: ClusterClient, rendered: RenderedDist): Promise<StatusResult> {
  const kustomizations = rendered.items.filter(
    (i) => i.stage === FLUX_STAGE && i.kind === 'Kustomization' && i.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/'),
  );
  const stageOf = (path: unknown) =>
    String(path ?? '')
      .split('/')
      .filter(Boolean)
      .pop() ?? '';
  const rows = kustomizations
    .map((k) => ({ item: k, stage: stageOf((k.object.spec as { path?: string } | undefined)?.path) }))
    .sort((a, b) => rendered.order.indexOf(a.stage) - rendered.order.indexOf(b.stage));
  const stages: StageStatus[] = [];
  let blockedAt: string | undefined;
  for (const { item, stage } of rows) {
    const live = await client.get(item);
    const state = stateOf(live);
    const ready = condition(live, 'Ready');
    const status = (live?.status ?? {}) as { lastAppliedRevision?: string; lastAttemptedRevision?: string };
    const blocking = state !== 'ready' && blockedAt === undefined;
    if (blocking) blockedAt = stage;
    stages.push({
      stage,
      kustomization: { namespace: item.namespace, name: item.name },
      state,
      ready: ready?.status ?? '',
      reason: state === 'missing' ? 'NotFound' : state === 'suspended' ? 'Suspended' : (ready?.reason ?? ''),
      message:
        state === 'missing' ? `Kustomization ${item.namespace}/${item.name} does not exist: apply dist/${rendered.environment}/flux` : (ready?.message ?? ''),
      revision: status.lastAppliedRevision ?? '',
      attemptedRevision: status.lastAttemptedRevision && status.lastAttemptedRevision !== status.lastAppliedRevision ? status.lastAttemptedRevision : '',
      blocking,
    });
  }
  return { stages, blockedAt };
}

/** 0 every stage Ready, 1 a stage is not (it blocks the rest). */
export function statusExitCode(result: StatusResult): number {
  return result.blockedAt ? 1 : 0;
}

export function formatStatusText(result: StatusResult, header: string): string {
  const width = Math.max(5, ...result.stages.map((s) => s.stage.length));
  const rev = Math.max(8, ...result.stages.map((s) => s.revision.length));
  const out = [header, '', `  ${'STAGE'.padEnd(width)}  READY    ${'REVISION'.padEnd(rev)}  MESSAGE`];
  const after = new Set<string>();
  let blocked = false;
  for (const s of result.stages) {
    if (blocked) after.add(s.stage);
    if (s.blocking) blocked = true;
  }
  for (const s of result.stages) {
    const ready = (s.state === 'missing' ? '-' : s.state === 'suspended' ? 'Suspended' : s.ready || 'Unknown').padEnd(7);
    const message = [s.reason, s.message].filter(Boolean).join(': ') + (s.attemptedRevision ? ` (attempted ${s.attemptedRevision})` : '');
    const mark = s.blocking
      ? `   ◀ blocks ${after.size ? [...after].join(', ') : 'nothing after it (last stage)'}`
      : after.has(s.stage) && s.state !== 'ready'
        ? '   (waits)'
        : '';
    out.push(`${s.blocking ? '✗' : s.state === 'ready' ? '✓' : ' '} ${s.stage.padEnd(width)}  ${ready}  ${(s.revision || '-').padEnd(rev)}  ${message}${mark}`);
  }
  out.push('', result.blockedAt ? `blocked at ${result.blockedAt}` : `all ${result.stages.length} stages Ready`);
  return `${out.join('\n')}\n`;
}

export function formatStatusJson(result: StatusResult, meta: { environment: string; context: string; server: string }): string {
  return `${JSON.stringify({ ...meta, stages: result.stages, blockedAt: result.blockedAt ?? null }, null, 2)}\n`;
}
