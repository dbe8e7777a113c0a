/** The validation engine's entry points: any manifests on disk, or an in-memory inventory (synth). */
import { collectFiles, loadManifests, readSource } from './load';
import { PARALLEL_MIN_BYTES, totalBytes, validateFilesParallel, workerCount } from './parallel';
import { PositionCache } from './locate';
import { makeReport, runRules } from './engine';
import type { EnvironmentSelector, ResolvedPolicy } from './policy';
import type { Inventory } from './inventory';
import type { Report } from './types';
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

export function validateInventory(inventory: Inventory, files: number, source: (file: string) => string | undefined, options: ValidateOptions): Report {
  const findings = runRules(inventory, options.policy.activeRules(options.environment), new PositionCache(source), options);
  return makeReport(findings, files, inventory.items.length);
}

export function validatePaths(paths: readonly string[], options: ValidateOptions): Report {
  const { inventory, files } = loadManifests(paths);
  return validateInventory(inventory, files.length, readSource, options);
}

/** validatePaths on every core when the input is large enough to pay for the worker threads. */
export async function validatePathsFast(paths: readonly string[], options: ValidateOptions): Promise<Report> {
  const workers = workerCount();
  if (workers < 2) return validatePaths(paths, options);
  const { files } = collectFiles(paths);
  if (totalBytes(files) < PARALLEL_MIN_BYTES) return validatePaths(paths, options);
  return validateFilesParallel(paths, { ...options, policyFile: options.policy.file }, workers);
}

export { Inventory } from './inventory';
export { loadPolicy, PLATFORM_POLICY, RECOMMENDED_POLICY } from './policy';
export { loadWaivers, DEFAULT_WAIVERS_FILE } from './waivers';
export type { Report, Finding } from './types';
