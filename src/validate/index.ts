/** The validation engine's entry points: any manifests on disk, or an in-memory inventory (synth). */
import { loadManifests, readSource } from './load';
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

export { Inventory } from './inventory';
export { loadPolicy, PLATFORM_POLICY, RECOMMENDED_POLICY } from './policy';
export { loadWaivers, DEFAULT_WAIVERS_FILE } from './waivers';
export type { Report, Finding } from './types';
