/**
 * `plimsoll synth`: load environments and their peers → assemble and render each → validate the in-memory output
 * with the same engine `plimsoll validate` uses, and compare peers (src/render/peer-parity.ts) → write atomically
 * only if there is no error finding and no peer disagreement. Peers that were not asked for are rendered to be
 * compared, never written.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadEnvironments, DEFAULT_ENVIRONMENTS_DIR, type Environment } from '../environments/load-environment';
import { loadPeers } from '../environments/peers';
import { sreSettings } from '../systems/sre/settings';
import { InputError } from '../lib/errors';
import { peerParityFindings } from './peer-parity';
import { Inventory, makeItem } from '../check/inventory';
import { validateInventory } from '../validate';
import { loadPolicy, PLATFORM_POLICY, type ResolvedPolicy } from '../validate/policy';
import { DEFAULT_WAIVERS_FILE, loadWaivers, type WaiverSet } from '../validate/waivers';
import type { Finding, Report } from '../check/types';
import { makeReport } from '../validate/engine';
import { renderEnvironment, type RenderedEnvironment, type RenderInputs } from './render-environment';
import { loadImagesLock } from '../config/images-lock';
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
  /** How long to wait for another synth writing the same output folder. @default 60_000 */
  readonly lockTimeoutMs?: number;
  /** The root of what Flux's source artifact holds; Flux paths are outDir relative to it. @default process.cwd() */
  readonly repositoryRoot?: string;
  /** Told about waiting for the output folder's lock, stale locks taken over and interrupted runs recovered. @default - stderr */
  readonly onMessage?: (line: string) => void;
}

/**
 * The Flux Kustomization path prefix for `outDir`: `./<outDir relative to the repository root>`. An outDir outside
 * the repository root cannot be in the artifact, so the environment's flux.pathPrefix is kept (undefined here).
 */
export function fluxPathPrefixFor(outDir: string, repositoryRoot: string): string | undefined {
  const rel = relative(resolve(repositoryRoot), resolve(outDir)).split(sep).join('/');
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel ? `./${rel}` : '.';
}

export interface SynthResult {
  readonly rendered: readonly RenderedEnvironment[];
  readonly reports: ReadonlyMap<string, Report>;
  /**
   * Disagreements between peer environments, as `peer-parity` error findings (each names both), over the files
   * and objects of every environment compared; any of them stops the write.
   */
  readonly peerParity: Report;
  /** True when nothing had an error finding or peer disagreement and the output was written. */
  readonly written: boolean;
}

/** Validates one rendered environment in memory; files are named as they will be on disk. */
export function validateRendered(
  rendered: RenderedEnvironment,
  outDir: string,
  env: { name: string; tier: 'lab' | 'production' },
  policy: ResolvedPolicy,
  waivers?: WaiverSet,
): Report {
  const base = join(displayPath(outDir), rendered.name);
  const items = rendered.objects.map((o) => makeItem(o.object, join(base, o.file), 0, o.stage && { index: o.stage.index, id: o.stage.id }));
  const source = (file: string) => rendered.files.get(relative(base, file));
  return validateInventory(new Inventory(items), new Set(items.map((i) => i.file)).size, source, { policy, environment: env, waivers });
}

/**
 * An air-gapped environment pulls only from its internal registry: the policy must enforce exactly that with
 * allowed-registries for the environment (policies/platform.yaml `environments.<name>.rules.allowed-registries`),
 * so `plimsoll validate dist/` enforces it too. The policy says how strict, the environment says where from; synth
 * refuses a policy that does not say it.
 */
export function checkAirGapPolicy(env: Readonly<Environment>, policy: ResolvedPolicy): void {
  const { airGap } = sreSettings(env);
  if (!airGap.enabled || !airGap.registry) return;
  const rule = policy.activeRules({ name: env.name, tier: env.tier }).find((r) => r.rule.meta.id === 'allowed-registries');
  const registries = ((rule?.options.registries as string[] | undefined) ?? []).map((r) => r.replace(/\/+$/, ''));
  const want = airGap.registry.replace(/\/+$/, '');
  if (rule?.severity !== 'error' || registries.length !== 1 || registries[0] !== want) {
    const got = !rule ? 'off' : `${rule.severity} with registries ${JSON.stringify(registries)}`;
    throw new InputError(
      `environment ${env.name} is air-gapped (sre.airGap.registry ${want}) but policy ${policy.source} has allowed-registries ${got} for it; expected severity error with exactly that registry:\n` +
        `  environments:\n    ${env.name}:\n      rules:\n        allowed-registries:\n          severity: error\n          options:\n            registries: [${want}]`,
    );
  }
}

export function synth(options: SynthOptions): SynthResult {
  const dir = options.environmentsDir ?? DEFAULT_ENVIRONMENTS_DIR;
  const loaded = loadEnvironments(options.environments, dir);
  // Input errors (exit 2) before any rendering work.
  const policy = loadPolicy(options.policyFile ?? PLATFORM_POLICY);
  const waiversFile = resolve(options.waiversFile ?? DEFAULT_WAIVERS_FILE);
  const waivers = loadWaivers(
    waiversFile,
    policy.customRules.map((r) => r.meta.id),
  );
  // Read once, handed to every system through the Platform (systems read no files).
  const fluxPathPrefix = fluxPathPrefixFor(options.outDir, options.repositoryRoot ?? process.cwd());
  const inputs: RenderInputs = { imagesLock: loadImagesLock(), policy, waivers, waiversFile, ...(fluxPathPrefix ? { fluxPathPrefix } : {}) };
  const known = new Map<string, Readonly<Environment>>(loaded.map(({ env }) => [env.name, env]));
  const peersOf = new Map<string, ReadonlyArray<Readonly<Environment>>>();
  const queue = [...known.values()];
  while (queue.length) {
    const env = queue.shift()!;
    const peers = loadPeers(env, dir, known);
    peersOf.set(env.name, peers);
    for (const peer of peers) {
      if (!known.has(peer.name)) {
        known.set(peer.name, peer);
        queue.push(peer);
      }
    }
  }
  for (const { env } of loaded) checkAirGapPolicy(env, policy);

  const rendered: RenderedEnvironment[] = [];
  const compared = new Map<string, RenderedEnvironment>();
  const reports = new Map<string, Report>();
  for (const { env } of loaded) {
    const r = renderEnvironment(env, peersOf.get(env.name), inputs);
    rendered.push(r);
    compared.set(env.name, r);
    reports.set(env.name, validateRendered(r, options.outDir, env, policy, waivers));
  }
  const peerFindings: Finding[] = [];
  const pairs = new Set<string>();
  const paired = new Set<string>();
  for (const { env } of loaded) {
    for (const peer of peersOf.get(env.name) ?? []) {
      const key = [env.name, peer.name].sort().join('\0');
      if (pairs.has(key)) continue;
      pairs.add(key);
      if (!compared.has(peer.name)) compared.set(peer.name, renderEnvironment(peer, peersOf.get(peer.name), inputs));
      paired.add(env.name).add(peer.name);
      peerFindings.push(...peerParityFindings(compared.get(env.name)!, compared.get(peer.name)!));
    }
  }
  const inPairs = [...compared.values()].filter((r) => paired.has(r.name));
  const peerParity = makeReport(
    peerFindings,
    inPairs.reduce((n, r) => n + r.files.size, 0),
    inPairs.reduce((n, r) => n + r.objects.length, 0),
  );
  const failed = [...reports.values()].some((r) => r.summary.errors > 0) || peerParity.summary.errors > 0;
  if (!failed) {
    writeEnvironments(options.outDir, rendered, {
      pruneOthers: options.environments.length === 0,
      lockTimeoutMs: options.lockTimeoutMs,
      onMessage: options.onMessage,
    });
    if (options.cdk8sOutDir) writeCdk8sOutput(options.cdk8sOutDir, rendered);
  }
  return { rendered, reports, peerParity, written: !failed };
}
