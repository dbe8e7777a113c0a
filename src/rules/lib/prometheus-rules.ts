/** Rules inside PrometheusRule objects (spec.groups[].rules[]), with their JSON pointers. */
import type { Inventory } from '../../check/inventory';
import type { InventoryItem } from '../../check/types';

export interface PromRuleAt {
  readonly item: InventoryItem;
  readonly rule: { alert?: unknown; record?: unknown; expr?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> };
  readonly path: string;
}

export function* prometheusRules(inventory: Inventory): Iterable<PromRuleAt> {
  for (const item of inventory.ofKind('PrometheusRule')) {
    const groups = (item.object.spec as { groups?: unknown } | undefined)?.groups;
    if (!Array.isArray(groups)) continue;
    for (let g = 0; g < groups.length; g++) {
      const rules = (groups[g] as { rules?: unknown } | null)?.rules;
      if (!Array.isArray(rules)) continue;
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r];
        if (rule && typeof rule === 'object' && !Array.isArray(rule)) yield { item, rule: rule as PromRuleAt['rule'], path: `/spec/groups/${g}/rules/${r}` };
      }
    }
  }
}
