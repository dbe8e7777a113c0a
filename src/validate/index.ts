/** The validation engine's entry points: any manifests on disk, or an in-memory inventory (synth). */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectFiles, loadFiles, readSource } from './load';
import { groupByEnvironment } from './environments';
import { PARALLEL_MIN_BYTES, totalBytes, validateFilesParallel, workerCount } from './parallel';
import { PositionCache } from './locate';
import { makeReport, mergeReports, runRules } from './engine';
import { timing } from '../lib/timings';
import { schemaCrds } from './crd-files';
import type { EnvironmentSelector, ResolvedPolicy } from './policy';
import type { Inventory } from './inventory';
import type { InputProblem, InventoryItem, Report, SkippedFile } from './types';
import type { WaiverSet } from './waivers';

export interface ValidateOptions {
  readonly policy: ResolvedPolicy;
  /** Applies the policy's tier and environment overrides. */
  readonly environment?: EnvironmentSelector;
  readonly waivers?: WaiverSet;
  /** Ignore all waivers (annotations and file). */
  readonly noWaivers?: boolean;
  /** Expiry is judged against this moment (default: now). */
  readonly now?: Date;
  /** CustomResourceDefinitions used only as schemas (`--crds`, see crd-files.ts); the input's own CRDs come first. */
  readonly crdSchemas?: readonly InventoryItem[];
}

export function validateInventory(
  inventory: Inventory,
  files: number,
  source: (file: string) => string | undefined,
  options: ValidateOptions,
  documentCounts?: ReadonlyMap<string, number>,
): Report {
  const positions = new PositionCache(source, (file) => documentCounts?.get(file));
  const findings = runRules(inventory, options.policy.activeRules(options.environment), positions, { ...options, crds: schemaCrds(inventory, options) });
  return makeReport(findings, files, inventory.items.length);
}

function validateFiles(files: readonly string[], problems: readonly InputProblem[], options: ValidateOptions): Report {
  const { inventory, documentCounts } = loadFiles(files, problems);
  return validateInventory(inventory, files.length, readSource, options, documentCounts);
}

interface Plan {
  readonly runs: Array<{ files: string[]; problems: InputProblem[]; options: ValidateOptions }>;
  readonly skipped: SkippedFile[];
  readonly warnings: string[];
}

/**
 * Plimsoll output is validated one environment at a time (see environments.ts): explicit --env/--tier win,
 * otherwise each environment folder's manifest.json gives its tier. Files named on the command line are always
 * validated, even when a manifest.json calls them artifacts.
 */
function plan(paths: readonly string[], options: ValidateOptions): Plan {
  timing('validation starts');
  const { files, problems } = collectFiles(paths);
  // collectFiles has checked that every path exists.
  const explicit = new Set(paths.filter((p) => statSync(p).isFile()).map((p) => resolve(p)));
  const { groups, skipped, warnings } = groupByEnvironment(files, explicit);
  timing(`${files.length} files found`);
  const runs = groups.length
    ? groups.map((g, i) => ({
        files: g.files,
        problems: i === 0 ? problems : [],
        options: { ...options, environment: options.environment ?? g.environment },
      }))
    : [{ files: [], problems, options }];
  return { runs, skipped, warnings };
}

/**
 * The merged report with what discovery left out: every skipped file, counted and listed, and its warnings. Only
 * when there is any, so a report stays the same object shape as one of validateFilesParallel's; the CLI prints
 * the fields always (withDiscoveryFields).
 */
function withDiscovery(report: Report, p: Plan): Report {
  if (!p.skipped.length && !p.warnings.length) return report;
  return { ...report, summary: { ...report.summary, skipped: p.skipped.length }, skipped: p.skipped, inputWarnings: p.warnings };
}

/** `report` with summary.skipped, skipped and inputWarnings set (empty when nothing was skipped): the shape `validate` prints. */
export function withDiscoveryFields(report: Report): Report {
  const skipped = report.skipped ?? [];
  return { ...report, summary: { ...report.summary, skipped: skipped.length }, skipped, inputWarnings: report.inputWarnings ?? [] };
}

export function validatePaths(paths: readonly string[], options: ValidateOptions): Report {
  const p = plan(paths, options);
  return withDiscovery(mergeReports(p.runs.map((r) => validateFiles(r.files, r.problems, r.options))), p);
}

/** validatePaths on every core for groups large enough to pay for the worker threads. */
export async function validatePathsFast(paths: readonly string[], options: ValidateOptions): Promise<Report> {
  const workers = workerCount();
  const reports: Report[] = [];
  const p = plan(paths, options);
  for (const r of p.runs) {
    const parallel = workers >= 2 && totalBytes(r.files) >= PARALLEL_MIN_BYTES;
    reports.push(parallel ? await validateFilesParallel(r.files, r.problems, r.options, workers) : validateFiles(r.files, r.problems, r.options));
  }
  return withDiscovery(mergeReports(reports), p);
}

export { Inventory } from './inventory';
export { loadPolicy, PLATFORM_POLICY, RECOMMENDED_POLICY } from './policy';
export { loadWaivers, DEFAULT_WAIVERS_FILE } from './waivers';
export type { Report, Finding, SkippedFile } from './types';
