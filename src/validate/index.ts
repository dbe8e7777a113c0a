/** The validation engine's entry points: any manifests on disk, or an in-memory inventory (synth). */
import { collectFiles, loadFiles, readSource } from './load';
import { groupByEnvironment } from './environments';
import { PARALLEL_MIN_BYTES, totalBytes, validateFilesParallel, workerCount } from './parallel';
import { PositionCache } from './locate';
import { makeReport, mergeReports, runRules } from './engine';
import { timing } from '../lib/timings';
import type { EnvironmentSelector, ResolvedPolicy } from './policy';
import type { Inventory } from './inventory';
import type { InputProblem, Report } from './types';
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
}

export function validateInventory(
  inventory: Inventory,
  files: number,
  source: (file: string) => string | undefined,
  options: ValidateOptions,
  documentCounts?: ReadonlyMap<string, number>,
): Report {
  const positions = new PositionCache(source, (file) => documentCounts?.get(file));
  const findings = runRules(inventory, options.policy.activeRules(options.environment), positions, options);
  return makeReport(findings, files, inventory.items.length);
}

function validateFiles(files: readonly string[], problems: readonly InputProblem[], options: ValidateOptions): Report {
  const { inventory, documentCounts } = loadFiles(files, problems);
  return validateInventory(inventory, files.length, readSource, options, documentCounts);
}

/**
 * Plimsoll output is validated one environment at a time (see environments.ts): explicit --env/--tier win,
 * otherwise each environment folder's manifest.json gives its tier.
 */
function plan(paths: readonly string[], options: ValidateOptions): Array<{ files: string[]; problems: InputProblem[]; options: ValidateOptions }> {
  timing('validation starts');
  const { files, problems } = collectFiles(paths);
  const groups = groupByEnvironment(files);
  timing(`${files.length} files found`);
  if (!groups.length) return [{ files: [], problems, options }];
  return groups.map((g, i) => ({
    files: g.files,
    problems: i === 0 ? problems : [],
    options: { ...options, environment: options.environment ?? g.environment },
  }));
}

export function validatePaths(paths: readonly string[], options: ValidateOptions): Report {
  return mergeReports(plan(paths, options).map((p) => validateFiles(p.files, p.problems, p.options)));
}

/** validatePaths on every core for groups large enough to pay for the worker threads. */
export async function validatePathsFast(paths: readonly string[], options: ValidateOptions): Promise<Report> {
  const workers = workerCount();
  const reports: Report[] = [];
  for (const p of plan(paths, options)) {
    const parallel = workers >= 2 && totalBytes(p.files) >= PARALLEL_MIN_BYTES;
    reports.push(parallel ? await validateFilesParallel(p.files, p.problems, p.options, workers) : validateFiles(p.files, p.problems, p.options));
  }
  return mergeReports(reports);
}

export { Inventory } from './inventory';
export { loadPolicy, PLATFORM_POLICY, RECOMMENDED_POLICY } from './policy';
export { loadWaivers, DEFAULT_WAIVERS_FILE } from './waivers';
export type { Report, Finding } from './types';
