import { defineRule } from './types';
import { selectedTemplates, type Selector } from './lib/selectors';
import type { InventoryItem, RuleFinding } from '../check/types';
import type { Inventory } from '../check/inventory';
import { obj } from './lib/values';

/** Replicas a workload runs at its lowest: an HPA's minReplicas when one targets it, else spec.replicas (default 1). */
function lowestReplicas(inventory: Inventory, workload: InventoryItem): number | undefined {
  if (workload.kind === 'DaemonSet') return undefined; // one per node: not a replica count
  const hpa = inventory
    .ofKind('HorizontalPodAutoscaler')
    .find(
      (h) =>
        h.namespace === workload.namespace &&
        obj(obj(h.object.spec).scaleTargetRef).kind === workload.kind &&
        obj(obj(h.object.spec).scaleTargetRef).name === workload.name,
    );
  if (hpa) return Number(obj(hpa.object.spec).minReplicas ?? 1);
  const replicas = obj(workload.object.spec).replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0' || v === '0%';
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'pdb-allows-disruption',
    description:
      'A PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0, minAvailable 100 % or >= the replicas it covers), so every node drain blocks.',
    remediation: 'Keep minAvailable below the lowest replica count (e.g. replicas 2, minAvailable 1), or raise replicas; a PDB is headroom, not a lock.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const pdb of inventory.ofKind('PodDisruptionBudget')) {
      const spec = obj(pdb.object.spec);
      if (isZero(spec.maxUnavailable)) {
        yield {
          item: pdb,
          path: '/spec/maxUnavailable',
          message: `PDB ${pdb.name} sets maxUnavailable ${String(spec.maxUnavailable)}: no pod may ever be evicted`,
        };
        continue;
      }
      if (spec.minAvailable === undefined) continue;
      if (spec.minAvailable === '100%') {
        yield { item: pdb, path: '/spec/minAvailable', message: `PDB ${pdb.name} requires 100% available: no pod may ever be evicted` };
        continue;
      }
      if (typeof spec.minAvailable !== 'number') continue;
      const workloads = selectedTemplates(inventory, pdb.namespace, obj(spec.selector) as Selector).filter((t) => t.item.kind !== 'Pod');
      for (const { item } of workloads) {
        const replicas = lowestReplicas(inventory, item);
        if (replicas !== undefined && spec.minAvailable >= replicas) {
          yield {
            item: pdb,
            path: '/spec/minAvailable',
            message: `PDB ${pdb.name} minAvailable ${spec.minAvailable} >= ${replicas} replica${replicas === 1 ? '' : 's'} of ${item.kind} ${item.name}: drains block`,
          };
        }
      }
    }
  },
});
