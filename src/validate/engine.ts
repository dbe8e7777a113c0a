/**
 * Runs the active rules over an inventory and turns their minimal findings into reported ones: rule id,
 * severity, file, line (resolved lazily), object, and waiver state.
 */
import type { ActiveRule } from './policy';
import type { Inventory } from './inventory';
import type { Finding, InventoryItem, Report, RuleFinding } from './types';
import type { PositionCache } from './locate';

export const WAIVE_ANNOTATION_PREFIX = 'plimsoll.dev/waive.';

function waiverReason(item: InventoryItem, ruleId: string): string | undefined | null {
  const annotations = item.object.metadata?.annotations;
  if (!annotations || typeof annotations !== 'object') return undefined;
  const reason = (annotations as Record<string, unknown>)[`${WAIVE_ANNOTATION_PREFIX}${ruleId}`];
  if (reason === undefined) return undefined;
  // Present but empty: a waiver must say why, so it does not count.
  return typeof reason === 'string' && reason.trim() ? reason.trim() : null;
}

export function runRules(inventory: Inventory, rules: readonly ActiveRule[], positions: PositionCache): Finding[] {
  const findings: Finding[] = [];
  for (const { rule, severity, options } of rules) {
    let raw: RuleFinding[];
    try {
      raw = [...rule.check({ inventory, options })];
    } catch (err) {
      findings.push({
        rule: rule.meta.id,
        severity: 'error',
        file: '',
        line: null,
        object: null,
        path: '',
        message: `rule crashed (a Plimsoll bug; please report it with the input): ${(err as Error).message}`,
      });
      continue;
    }
    for (const f of raw) {
      if (!f.item) {
        findings.push({ rule: rule.meta.id, severity, file: f.file, line: f.line, object: null, path: f.path, message: f.message });
        continue;
      }
      const { item } = f;
      const reason = waiverReason(item, rule.meta.id);
      findings.push({
        rule: rule.meta.id,
        severity: f.severity ?? severity,
        file: item.file,
        line: positions.lineOf(item.file, item.doc, f.path),
        object: { apiVersion: item.apiVersion, kind: item.kind, namespace: item.namespace, name: item.name },
        path: f.path,
        message: reason === null ? `${f.message} (the ${WAIVE_ANNOTATION_PREFIX}${rule.meta.id} annotation has no reason, so it does not waive this)` : f.message,
        ...(reason ? { waived: reason } : {}),
      });
    }
  }
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path),
  );
}

export function makeReport(findings: Finding[], files: number, objects: number): Report {
  let errors = 0;
  let warnings = 0;
  let waived = 0;
  for (const f of findings) {
    if (f.waived) waived++;
    else if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { findings, summary: { files, objects, errors, warnings, waived } };
}
