/**
 * PodDisruptionBudget headroom: `status.disruptionsAllowed > 0` wherever the rendered objects promise headroom (the
 * budget's minAvailable is below the target's rendered replicas, or maxUnavailable is above zero). Without it node
 * drains block (shipshape runbook "Prod PDB Disruptions Exhausted"; Zen Watcher guide "Pod Disruption Budget").
 */
import type { RenderedItem } from '../rendered';
import { itemsOfKind, num, type VerifyCheck, type VerifyContext, type VerifyFinding } from './types';

/** The replicas the rendered workload selected by the budget runs (an HPA's minReplicas when one scales it). */
function renderedReplicas(ctx: VerifyContext, pdb: RenderedItem): number | undefined {
  const selector = (pdb.object.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {};
  const entries = Object.entries(selector);
  if (!entries.length) return undefined;
  const target = ctx.rendered.items.find((i) => {
    if (!['Deployment', 'StatefulSet'].includes(i.kind) || i.namespace !== pdb.namespace) return false;
    const labels = (i.object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels ?? {};
    return entries.every(([k, v]) => labels[k] === v);
  });
  if (!target) return undefined;
  const hpa = ctx.rendered.items.find(
    (i) =>
      i.kind === 'HorizontalPodAutoscaler' &&
      i.namespace === target.namespace &&
      (i.object.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef?.name === target.name,
  );
  if (hpa) return num((hpa.object.spec as { minReplicas?: number }).minReplicas) || 1;
  const replicas = (target.object.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

/** Whether the rendered budget promises at least one voluntary disruption. */
export function headroomRequired(ctx: VerifyContext, pdb: RenderedItem): boolean {
  const spec = (pdb.object.spec ?? {}) as { minAvailable?: unknown; maxUnavailable?: unknown };
  if (spec.maxUnavailable !== undefined) return typeof spec.maxUnavailable === 'number' ? spec.maxUnavailable > 0 : String(spec.maxUnavailable) !== '0%';
  if (typeof spec.minAvailable === 'number') {
    const replicas = renderedReplicas(ctx, pdb);
    return replicas === undefined || spec.minAvailable < replicas;
  }
  // A percentage minAvailable: below 100% promises headroom once there are enough replicas.
  return String(spec.minAvailable ?? '') !== '100%';
}

export const pdbHeadroom: VerifyCheck = {
  id: 'cluster-pdb-headroom',
  description: 'PodDisruptionBudgets that the rendered replicas give headroom allow at least one disruption.',
  remediation: "Bring the selected pods back to healthy, or scale the workload above the budget's minAvailable, so node drains and evictions can proceed.",
  category: 'reliability',
  async run(ctx) {
    const findings: VerifyFinding[] = [];
    for (const item of itemsOfKind(ctx, 'PodDisruptionBudget')) {
      if (!headroomRequired(ctx, item)) continue;
      const live = await ctx.live(item);
      if (!live) continue;
      const s = (live.status ?? {}) as Record<string, unknown>;
      if (num(s.disruptionsAllowed) <= 0) {
        findings.push({
          item,
          path: '/status/disruptionsAllowed',
          message: `allows 0 disruptions (currentHealthy ${num(s.currentHealthy)}, desiredHealthy ${num(s.desiredHealthy)}, expectedPods ${num(s.expectedPods)}): node drains and evictions will block`,
        });
      }
    }
    return findings;
  },
};
