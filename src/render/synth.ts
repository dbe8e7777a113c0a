/**
 * `plimsoll synth`: load environments → assemble and render each → validate the in-memory output with the same
 * engine `plimsoll validate` uses → write atomically only if there is no error finding.
 */
import { join, relative } from 'node:path';
import { loadEnvironments, DEFAULT_ENVIRONMENTS_DIR } from '../config/load-environment';
import { Inventory, makeItem } from '../validate/inventory';
import { validateInventory } from '../validate';
import { loadPolicy, PLATFORM_POLICY, type ResolvedPolicy } from '../validate/policy';
import { DEFAULT_WAIVERS_FILE, loadWaivers, type WaiverSet } from '../validate/waivers';
import type { Report } from '../validate/types';
import { renderEnvironment, type RenderedEnvironment } from './render-environment';
import { writeCdk8sOutput, writeEnvironments } from './write';
import { displayPath } from '../lib/paths';

export interface SynthOptions {
  /** Environments to render; empty renders all. */
  readonly environments: readonly string[];
  readonly outDir: string;
  readonly environmentsDir?: string;
  readonly policyFile?: string;
  /** Waivers file (default policies/waivers.yaml). */
  readonly waiversFile?: string;
  /** Also write flat manifests here (the cdk8s CLI's CDK8S_OUTDIR). */
  readonly cdk8sOutDir?: string;
}

export interface SynthResult {
  readonly rendered: readonly RenderedEnvironment[];
  readonly reports: ReadonlyMap<string, Report>;
  /** True when nothing had an error finding and the output was written. */
  readonly written: boolean;
}

/** Validates one rendered environment in memory; files are named as they will be on disk. */
export function validateRendered(rendered: RenderedEnvironment, outDir: string, env: { name: string; tier: 'lab' | 'production' }, policy: ResolvedPolicy, waivers?: WaiverSet): Report {
  const base = join(displayPath(outDir), rendered.name);
  const items = rendered.objects.map((o) => makeItem(o.object, join(base, o.file), 0, o.stage && { index: o.stage.index, id: o.stage.id }));
  const source = (file: string) => rendered.files.get(relative(base, file));
  return validateInventory(new Inventory(items), new Set(items.map((i) => i.file)).size, source, { policy, environment: env, waivers });
}

export function synth(options: SynthOptions): SynthResult {
  const loaded = loadEnvironments(options.environments, options.environmentsDir ?? DEFAULT_ENVIRONMENTS_DIR);
  // Input errors (exit 2) before any rendering work.
  const policy = loadPolicy(options.policyFile ?? PLATFORM_POLICY);
  const waivers = loadWaivers(options.waiversFile ?? DEFAULT_WAIVERS_FILE);
  const rendered: RenderedEnvironment[] = [];
  const reports = new Map<string, Report>();
  for (const { env } of loaded) {
    const r = renderEnvironment(env);
    rendered.push(r);
    reports.set(env.name, validateRendered(r, options.outDir, env, policy, waivers));
  }
  const failed = [...reports.values()].some((r) => r.summary.errors > 0);
  if (!failed) {
    writeEnvironments(options.outDir, rendered, { pruneOthers: options.environments.length === 0 });
    if (options.cdk8sOutDir) writeCdk8sOutput(options.cdk8sOutDir, rendered);
  }
  return { rendered, reports, written: !failed };
}
