import { defineRule } from './types';
import { selectedTemplates, type Selector } from './lib/selectors';
import type { InventoryItem, RuleFinding } from '../check/types';
import type { Inventory } from '../check/inventory';
import { obj } from './lib/values';

const keyOf = (namespace: string, kind: string, name: string) => `${namespace}\0${kind}\0${name}`;

/** HPA minReplicas (default 1) by the namespace, kind and name of its target, indexed once per run. */
function hpaMinimums(inventory: Inventory): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of inventory.ofKind('HorizontalPodAutoscaler')) {
    const spec = obj(h.object.spec);
    const ref = obj(spec.scaleTargetRef);
    if (typeof ref.kind !== 'string' || typeof ref.name !== 'string') continue;
    const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    const key = keyOf(h.namespace, ref.kind, ref.name);
    out.set(key, Math.min(out.get(key) ?? Infinity, min));
  }
  return out;
}

/**
 * Pods a workload runs at its lowest: an HPA's minReplicas when one targets it, else spec.replicas (default 1);
 * a bare Pod is one. Undefined where the count is not a replica count (a DaemonSet runs one per node).
 */
function lowestReplicas(hpas: Map<string, number>, workload: InventoryItem): number | undefined {
  if (workload.kind === 'Pod') return 1;
  if (workload.kind === 'DaemonSet') return undefined;
  const min = hpas.get(keyOf(workload.namespace, workload.kind, workload.name));
  if (min !== undefined) return min;
  const replicas = obj(workload.object.spec).replicas;
  return replicas === undefined ? 1 : typeof replicas === 'number' ? replicas : undefined;
}

/** `"NN%"` as a number, or undefined for anything else. */
function percent(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^([0-9]+)%$/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default defineRule<Record<string, never>>({
  meta: {
    id: 'pdb-allows-disruption',
    description:
      'A PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0, or minAvailable that at the lowest scale of the pods it selects leaves none to evict), so every node drain blocks; or it is one the API server rejects (both minAvailable and maxUnavailable, minAvailable over 100%).',
    model:
      'As the disruption controller counts: the pods a PDB covers are those of every workload in its namespace whose pod template its selector matches, each at its lowest scale (an HPA’s minReplicas, default 1, when one targets it; else `replicas`, default 1; a bare Pod counts one; a DaemonSet’s count is unknown, so a PDB over one is judged only when its verdict holds for any count). A percentage is of that sum and rounds up, for minAvailable and maxUnavailable alike: minAvailable 50% of 1 pod is 1, so nothing may be evicted; maxUnavailable 1% of any pods is at least 1.',
    remediation: 'Keep minAvailable below the lowest replica count (e.g. replicas 2, minAvailable 1), or raise replicas; a PDB is headroom, not a lock.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, podTemplates }): Iterable<RuleFinding> {
    const budgets = inventory.ofKind('PodDisruptionBudget');
    if (!budgets.length) return;
    const hpas = hpaMinimums(inventory);
    for (const pdb of budgets) {
      const spec = obj(pdb.object.spec);
      if (spec.maxUnavailable !== undefined && spec.minAvailable !== undefined) {
        yield { item: pdb, path: '/spec', message: `PDB ${pdb.name} sets both minAvailable and maxUnavailable: the API server rejects it (set one)` };
        continue;
      }
      if (spec.maxUnavailable !== undefined) {
        // Rounded up, any percentage above 0 of one pod or more is at least 1: only zero blocks.
        if (spec.maxUnavailable === 0 || percent(spec.maxUnavailable) === 0 || spec.maxUnavailable === '0')
          yield {
            item: pdb,
            path: '/spec/maxUnavailable',
            message: `PDB ${pdb.name} sets maxUnavailable ${String(spec.maxUnavailable)}: no pod may ever be evicted`,
          };
        continue;
      }
      const min = spec.minAvailable;
      const pct = percent(min);
      if (pct === undefined && typeof min !== 'number') continue;
      if (pct !== undefined && pct >= 100) {
        const message = pct > 100 ? `minAvailable ${min} is over 100%: the API server rejects it` : `requires ${min} available: no pod may ever be evicted`;
        yield { item: pdb, path: '/spec/minAvailable', message: `PDB ${pdb.name} ${message}` };
        continue;
      }
      const selected = selectedTemplates(inventory, pdb.namespace, obj(spec.selector) as Selector, podTemplates);
      if (!selected.length) continue; // selects nothing: dangling-reference says so
      let pods = 0;
      const counted: string[] = [];
      for (const item of new Set(selected.map((t) => t.item))) {
        const n = lowestReplicas(hpas, item);
        if (n === undefined) {
          pods = NaN;
          break;
        }
        // A percentage is of the controllers' scale: bare Pods have none and do not count (the controller skips them).
        if (pct !== undefined && item.kind === 'Pod') continue;
        pods += n;
        counted.push(`${item.kind} ${item.name}`);
      }
      if (Number.isNaN(pods) || pods === 0) continue;
      const desired = pct === undefined ? (min as number) : Math.ceil((pct * pods) / 100);
      if (desired < pods) continue;
      const of = counted.length === 1 ? `of ${counted[0]}` : `of ${counted.join(', ')} together`;
      const message =
        pct === undefined
          ? `PDB ${pdb.name} minAvailable ${desired} >= ${plural(pods, 'replica')} ${of} at ${counted.length === 1 ? 'its' : 'their'} lowest scale: drains block`
          : `PDB ${pdb.name} minAvailable ${min} of ${plural(pods, 'replica')} ${of} rounds up to ${desired}: no pod may be evicted, drains block`;
      yield { item: pdb, path: '/spec/minAvailable', message };
    }
  },
});
