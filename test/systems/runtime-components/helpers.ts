/** Shared by the runtime-components construct tests: run validator rules on synthesized objects. */
import { runRules } from '../../../src/validate/engine';
import { Inventory, makeItem } from '../../../src/check/inventory';
import { PositionCache } from '../../../src/validate/locate';
import { loadPolicy, PLATFORM_POLICY } from '../../../src/validate/policy';

/** Findings of the platform policy's `rules` (all when omitted) on `objects`, as `rule: message`. */
export function findings(objects: unknown[], rules?: string[], environment = { name: 'lab', tier: 'lab' as const }): string[] {
  const active = loadPolicy(PLATFORM_POLICY)
    .activeRules(environment)
    .filter((r) => !rules || rules.includes(r.rule.meta.id));
  const items = objects.map((o, i) => makeItem(o as any, `object-${i}.yaml`, 0));
  return runRules(new Inventory(items), active, new PositionCache(() => undefined)).map((f) => `${f.rule}: ${f.message}`);
}
