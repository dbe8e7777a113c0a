/**
 * Runs the active rules over an inventory and turns their minimal findings into reported ones: rule id,
 * severity, file, line (resolved lazily), object, and waiver state.
 */
import type { ActiveRule } from './policy';
import { Inventory, itemKey } from '../check/inventory';
import type { Finding, InventoryItem, Report, RuleFinding } from '../check/types';
import type { PositionCache } from './locate';
import { isExpired, WaiverSet } from '../check/waiver-set';
import { projectInventory } from './projection';
import { timing } from '../lib/timings';
import type { KubernetesVersion } from './schemas/versions';
import type { RuleContext } from '../rules/types';
import type { ApplyNamespaces } from '../lib/apply-namespace';
import type { PodTemplateModel } from '../lib/pod-specs';
import { checkFinding, crashFinding, objectRef } from '../check/finding';

export interface EngineOptions {
  readonly waivers?: WaiverSet;
  /** Ignore every waiver, annotation and file alike (`--no-waivers`). */
  readonly noWaivers?: boolean;
  /**
   * Honour `plimsoll.dev/waive.<rule>` annotations (default true). The admission guard turns this off: an object
   * must not waive the rules that judge it by its own annotations; only the waivers file counts there.
   */
  readonly annotationWaivers?: boolean;
  /** Why annotation waivers are off, appended to a finding that such an annotation would have waived. */
  readonly annotationWaiversIgnored?: string;
  readonly now?: Date;
  /**
   * Findings already computed elsewhere (object rules run beside parsing, in workers), by rule id, with their
   * lines resolved; those rules are not run again here.
   */
  readonly precomputed?: ReadonlyMap<string, ReadonlyArray<RuleFinding & { readonly line?: number | null }>>;
  /** The inventory is already the inventory-rule view (see projection.ts). */
  readonly projected?: boolean;
  /** Every CustomResourceDefinition of the input (see RuleContext.crds); default: those in the inventory. */
  readonly crds?: readonly InventoryItem[];
  /** Rules that threw where they ran elsewhere (rule id → error message): reported as if they threw here. */
  readonly crashed?: ReadonlyMap<string, string>;
  /**
   * Files (display paths) whose objects are context: rules see them, their findings are not reported. A context
   * file that did not parse is reported as a warning, since the findings on the rest may miss its objects.
   */
  readonly contextFiles?: ReadonlySet<string>;
  /** See RuleContext.kubernetesVersion. */
  readonly kubernetesVersion?: KubernetesVersion;
  /** See RuleContext.namespaces. */
  readonly namespaces?: ApplyNamespaces;
  /** See RuleContext.podTemplates. */
  readonly podTemplates?: PodTemplateModel;
  /** See RuleContext.whole: needed with `projected`, where the inventory holds views only. */
  readonly whole?: (item: InventoryItem) => InventoryItem;
}

/** What every rule of a run is told besides its options (see RuleContext). */
export type RunContext = Pick<RuleContext<unknown>, 'kubernetesVersion' | 'activeRules' | 'podTemplates'>;

export const WAIVE_ANNOTATION_PREFIX = 'plimsoll.dev/waive.';

function waiverReason(item: InventoryItem, ruleId: string): string | undefined | null {
  const annotations = item.object.metadata?.annotations;
  if (!annotations || typeof annotations !== 'object') return undefined;
  const reason = (annotations as Record<string, unknown>)[`${WAIVE_ANNOTATION_PREFIX}${ruleId}`];
  if (reason === undefined) return undefined;
  // Present but empty: a waiver must say why, so it does not count.
  return typeof reason === 'string' && reason.trim() ? reason.trim() : null;
}

export function runRules(inventory: Inventory, rules: readonly ActiveRule[], positions: PositionCache, engine: EngineOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const now = engine.now ?? new Date();
  const waivers = engine.noWaivers ? new WaiverSet() : (engine.waivers ?? new WaiverSet());
  let view: Inventory | undefined = engine.projected ? inventory : undefined;
  const crds = engine.crds ?? inventory.ofKind('CustomResourceDefinition');
  const context = engine.contextFiles?.size ? engine.contextFiles : undefined;
  // Object rules judge each object alone: context objects need not be judged at all.
  const judged = context
    ? new Inventory(
        inventory.items.filter((i) => !context.has(i.file)),
        inventory.problems,
      )
    : inventory;
  const run: RunContext = {
    kubernetesVersion: engine.kubernetesVersion,
    activeRules: new Set(rules.map((r) => r.rule.meta.id)),
    podTemplates: engine.podTemplates,
  };
  let byKey: Map<string, InventoryItem> | undefined;
  const whole =
    engine.whole ??
    (engine.projected ? undefined : (item: InventoryItem) => (byKey ??= new Map(inventory.items.map((i) => [itemKey(i), i]))).get(itemKey(item)) ?? item);
  for (const { rule, severity, options } of rules) {
    let raw: ReadonlyArray<RuleFinding & { readonly line?: number | null }>;
    const crashed = engine.crashed?.get(rule.meta.id);
    if (crashed !== undefined) {
      findings.push(crashFinding(rule.meta, crashed, 'rule'));
      continue;
    }
    try {
      const precomputed = engine.precomputed?.get(rule.meta.id);
      const input = rule.meta.scope === 'inventory' ? (view ??= projectInventory(inventory, engine.podTemplates)) : judged;
      raw = precomputed ?? [...rule.check({ inventory: input, options, waivers, now, crds, ...run, namespaces: engine.namespaces, whole })];
      if (!precomputed) timing(`rule ${rule.meta.id} done`);
    } catch (err) {
      findings.push(crashFinding(rule.meta, (err as Error).message, 'rule'));
      continue;
    }
    for (const f of reportedOnce(raw)) {
      if (!f.item) {
        if (context?.has(f.file)) {
          findings.push(
            checkFinding(
              rule.meta,
              'warning',
              { file: f.file, line: f.line, object: null, path: f.path },
              `${f.message} (a context file: its objects are missing from the inventory the validated files are judged against)`,
            ),
          );
        } else {
          findings.push(checkFinding(rule.meta, severity, { file: f.file, line: f.line, object: null, path: f.path }, f.message));
        }
        continue;
      }
      const { item } = f;
      if (context?.has(item.file)) continue;
      let reason = engine.noWaivers ? undefined : waiverReason(item, rule.meta.id);
      let note = reason === null ? ` (the ${WAIVE_ANNOTATION_PREFIX}${rule.meta.id} annotation has no reason, so it does not waive this)` : '';
      if (reason !== undefined && engine.annotationWaivers === false) {
        note = ` (the ${WAIVE_ANNOTATION_PREFIX}${rule.meta.id} annotation is ignored${engine.annotationWaiversIgnored ? ` ${engine.annotationWaiversIgnored}` : ''})`;
        reason = undefined;
      }
      const fileWaiver = reason ? undefined : waivers.find(rule.meta.id, item);
      if (fileWaiver && isExpired(fileWaiver, now)) note = ` (the waiver at ${fileWaiver.file}:${fileWaiver.line ?? '?'} expired on ${fileWaiver.expires})`;
      else if (fileWaiver)
        reason = `${fileWaiver.reason} (owner ${fileWaiver.owner}, until ${fileWaiver.expires}, ${fileWaiver.file}:${fileWaiver.line ?? '?'})`;
      const line = f.line !== undefined ? f.line : positions.lineOfItem(item, f.path);
      findings.push(
        checkFinding(
          rule.meta,
          f.severity ?? severity,
          // A List item's path is reported from its document's root (`/items/3/spec/...`), so that the file's own
          // structure leads to it, as it does for the List's parse problems; rules see paths relative to the object.
          { file: item.file, line, object: objectRef(item), path: item.pointer ? item.pointer + f.path : f.path },
          f.message + note,
          reason || undefined,
        ),
      );
    }
  }
  return sortFindings(findings);
}

type Raw = RuleFinding & { readonly line?: number | null };

/** `raw` with the findings that share a `once` key kept on their first object only (see RuleFinding.once). */
function reportedOnce(raw: ReadonlyArray<Raw>): ReadonlyArray<Raw> {
  const groups = new Map<string, Raw[]>();
  for (const f of raw) {
    if (!f.item || !f.once) continue;
    const group = groups.get(f.once);
    if (group) group.push(f);
    else groups.set(f.once, [f]);
  }
  if (!groups.size) return raw;
  const before = (a: Raw, b: Raw) => {
    const [x, y] = [a.item!, b.item!];
    return x.file !== y.file ? x.file < y.file : x.doc !== y.doc ? x.doc < y.doc : a.path < b.path;
  };
  const first = new Map<Raw, number>();
  for (const group of groups.values())
    first.set(
      group.reduce((min, f) => (before(f, min) ? f : min)),
      group.length,
    );
  return raw.flatMap((f) => {
    if (!f.item || !f.once) return [f];
    const count = first.get(f);
    if (count === undefined) return [];
    return count > 1 ? [{ ...f, message: `${f.message} (reported once: ${count - 1} more object${count === 2 ? '' : 's'} alike)` }] : [f];
  });
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path));
}

/** One report from several (environments validated separately); findings in the usual order. */
export function mergeReports(reports: readonly Report[]): Report {
  if (reports.length === 1) return reports[0];
  const sum = (k: keyof Report['summary']) => reports.reduce((n, r) => n + (r.summary[k] ?? 0), 0);
  const context = reports.some((r) => r.summary.contextFiles !== undefined) ? { contextFiles: sum('contextFiles'), contextObjects: sum('contextObjects') } : {};
  return {
    findings: sortFindings(reports.flatMap((r) => r.findings)),
    summary: { files: sum('files'), objects: sum('objects'), errors: sum('errors'), warnings: sum('warnings'), waived: sum('waived'), ...context },
  };
}

/** `context`: files and objects loaded as context only (see EngineOptions.contextFiles), when there were any. */
export function makeReport(findings: Finding[], files: number, objects: number, context?: { files: number; objects: number }): Report {
  let errors = 0;
  let warnings = 0;
  let waived = 0;
  for (const f of findings) {
    if (f.waived) waived++;
    else if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
  }
  const summary = { files, objects, errors, warnings, waived };
  return { findings, summary: context ? { ...summary, contextFiles: context.files, contextObjects: context.objects } : summary };
}
