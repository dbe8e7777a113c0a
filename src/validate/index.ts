/** The validation engine's entry points: any manifests on disk, or an in-memory inventory (synth). */
import { setFlagsFromString } from 'node:v8';
import { statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { collectFiles, loadFiles, readSource, STDIN, type CollectedFiles, type InputFilter } from './load';
import { InputError } from '../lib/errors';
import { groupByEnvironment, isEnvironmentManifest, type FileGroup } from './environments';
import { displayPath as display } from '../lib/paths';
import { PARALLEL_MIN_BYTES, totalBytes, validateFilesParallel, workerCount } from './parallel';
import { PositionCache } from './locate';
import { makeReport, mergeReports, runRules } from './engine';
import { declarationOf } from './custom-rules';
import { timing } from '../lib/timings';
import { schemaCrds } from './crd-files';
import type { EnvironmentSelector, ResolvedPolicy } from './policy';
import type { Inventory } from '../check/inventory';
import type { InputProblem, InventoryItem, Report, SkippedFile } from '../check/types';
import type { WaiverSet } from './waivers';
import type { KubernetesVersion } from './schemas/versions';
import type { ApplyNamespaces } from '../lib/apply-namespace';
import { kustomizeNamespaces } from './kustomization';
import { configKey, ValidationCache } from './cache';

export interface ValidateOptions {
  readonly policy: ResolvedPolicy;
  /** Applies the policy's tier and environment overrides. */
  readonly environment?: EnvironmentSelector;
  readonly waivers?: WaiverSet;
  /** Ignore all waivers (annotations and file). */
  readonly noWaivers?: boolean;
  /** Expiry is judged against this moment (default: now). */
  readonly now?: Date;
  /**
   * Files or folders loaded as inventory only (`--context`): cross-object rules see their objects, nothing is
   * reported on them. Files inside a Plimsoll environment folder get the rest of that folder by themselves.
   */
  readonly context?: readonly string[];
  /** Display paths of the files a run loads as context (set by plan, per environment). */
  readonly contextFiles?: ReadonlySet<string>;
  /** The release to judge against (`--kubernetes-version`); default: the policy's (ResolvedPolicy.kubernetesVersion). */
  readonly kubernetesVersion?: KubernetesVersion;
  /** Where namespace-less objects land; the folders' kustomization namespaces are added per run (plan). */
  readonly namespaces?: ApplyNamespaces;
  /** CustomResourceDefinitions used only as schemas (`--crds`, see crd-files.ts); the input's own CRDs come first. */
  readonly crdSchemas?: readonly InventoryItem[];
  /** Input and context paths left out unread (`--exclude`); counted in summary.excluded. */
  readonly exclude?: InputFilter;
}

export function validateInventory(
  inventory: Inventory,
  files: number,
  source: (file: string) => string | undefined,
  options: ValidateOptions,
  documentCounts?: ReadonlyMap<string, number>,
): Report {
  const positions = new PositionCache(source, (file) => documentCounts?.get(file));
  const findings = runRules(inventory, options.policy.activeRules(options.environment), positions, {
    ...options,
    kubernetesVersion: options.kubernetesVersion ?? options.policy.kubernetesVersion,
    podTemplates: options.policy.podTemplates,
    crds: schemaCrds(inventory, options),
  });
  const context = options.contextFiles;
  const contextObjects = context?.size ? inventory.items.filter((i) => context.has(i.file)).length : 0;
  return makeReport(findings, files, inventory.items.length - contextObjects, context?.size ? { files: context.size, objects: contextObjects } : undefined);
}

/** `files` holds the run's context files too (see Run); `options.contextFiles` says which they are. */
function validateFiles(files: readonly string[], problems: readonly InputProblem[], options: ValidateOptions): Report {
  const { inventory, documentCounts } = loadFiles(files, problems);
  const named = options.contextFiles?.size ? files.filter((f) => !options.contextFiles!.has(display(f))).length : files.length;
  return validateInventory(inventory, named, readSource, options, documentCounts);
}

interface Run {
  /** Validated files and context files, in the order a walk of their common tree gives (as a whole-tree run has them). */
  readonly files: string[];
  readonly problems: InputProblem[];
  readonly options: ValidateOptions;
}

interface Plan {
  readonly runs: Run[];
  readonly skipped: SkippedFile[];
  readonly warnings: string[];
  /** Input files --exclude left out; undefined without --exclude (the report then has no count). */
  readonly excluded?: number;
}

/**
 * Plimsoll output is validated one environment at a time (see environments.ts): explicit --env/--tier win,
 * otherwise each environment folder's manifest.json gives its tier. Files named on the command line are always
 * validated, even when a manifest.json calls them artifacts.
 */
function plan(paths: readonly string[], options: ValidateOptions): Plan {
  timing('validation starts');
  const { files, problems, otherJson, excluded } = collectFiles(paths, options.exclude);
  // collectFiles has checked that every path exists.
  const explicit = new Set(paths.filter((p) => p !== STDIN && statSync(p).isFile()).map((p) => resolve(p)));
  const { groups, skipped: artifacts, warnings } = groupByEnvironment(files, explicit);
  // JSON that holds no Kubernetes object is listed as the artifact its manifest.json says it is, or as what it is.
  const json = groupByEnvironment(otherJson);
  const other = json.groups.flatMap((g) => g.files).filter((f) => !isEnvironmentManifest(f));
  const skipped = [...artifacts, ...json.skipped, ...other.map((f) => ({ file: display(f), reason: 'JSON that holds no Kubernetes object' }))];
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  timing(`${files.length} files found`);
  const context = contextOf(groups, files, problems, options.context ?? [], options.exclude);
  warnings.push(...context.warnings);
  const runs = groups.length
    ? groups.map((g, i): Run => {
        const extra = context.byRoot.get(g.root ?? '') ?? [];
        const files = extra.length ? [...g.files, ...extra].sort(byTreeOrder) : g.files;
        return {
          files,
          problems: i === 0 ? problems : [],
          options: {
            ...options,
            environment: options.environment ?? g.environment,
            namespaces: withKustomizations(options.namespaces, files),
            ...(extra.length ? { contextFiles: new Set(extra.map(display)) } : {}),
          },
        };
      })
    : [{ files: [], problems, options }];
  return { runs, skipped, warnings, excluded: options.exclude ? excluded.length : undefined };
}

function collectContext(paths: readonly string[], exclude: InputFilter | undefined): CollectedFiles {
  try {
    return collectFiles(paths, exclude);
  } catch (err) {
    throw err instanceof InputError ? new InputError(`--context: ${err.message}`) : err;
  }
}

/** Orders paths as collectFiles' walk does (entries sorted by name, folder by folder), so merged lists keep it. */
function byTreeOrder(a: string, b: string): number {
  const x = resolve(a).split(sep);
  const y = resolve(b).split(sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
}

/**
 * The context files of each environment group (by root, '' for input that is not Plimsoll output): the
 * `--context` paths, and for a group inside an environment folder the rest of that folder, so a few of its files
 * are judged against the whole environment. Files validated are never context; artifacts are skipped as usual.
 */
function contextOf(
  groups: readonly FileGroup[],
  validated: readonly string[],
  validatedProblems: readonly InputProblem[],
  paths: readonly string[],
  exclude: InputFilter | undefined,
): { byRoot: Map<string, string[]>; warnings: string[] } {
  const warnings: string[] = [];
  const roots = groups.map((g) => g.root).filter((r): r is string => r !== undefined);
  if (!paths.length && !roots.length) return { byRoot: new Map(), warnings };
  const named = collectContext(paths, exclude);
  const auto = roots.length ? collectFiles(roots, exclude) : { files: [], problems: [] };
  // An entry of the walk that cannot be read (a broken symlink) is a parse-error in a whole-tree run: here a warning.
  const unreadable = new Map([...named.problems, ...auto.problems].map((p) => [p.file, p]));
  for (const p of validatedProblems) unreadable.delete(p.file);
  for (const p of unreadable.values()) warnings.push(`context ${p.file}: ${p.message}; not loaded`);
  const taken = new Set(validated.map((f) => resolve(f)));
  const candidates = [...named.files, ...auto.files].filter((f) => {
    const full = resolve(f);
    if (taken.has(full)) return false;
    taken.add(full);
    return true;
  });
  const discovery = groupByEnvironment(candidates);
  warnings.push(...discovery.warnings);
  const byRoot = new Map<string, string[]>();
  const wanted = new Set(groups.map((g) => g.root ?? ''));
  for (const g of discovery.groups) {
    const key = g.root ?? '';
    // One cluster's objects never resolve another's references (see environments.ts).
    if (!wanted.has(key)) {
      const where = g.root ? `in environment folder ${display(g.root)}` : 'outside every environment folder';
      warnings.push(
        `context: ${g.files.length} file${g.files.length === 1 ? '' : 's'} ${where} (${display(g.files[0])}${g.files.length > 1 ? ', …' : ''}), where no validated file is; not loaded`,
      );
      continue;
    }
    byRoot.set(key, g.files);
  }
  return { byRoot, warnings };
}

/** The kustomization namespaces of the folders of a run's files, added to where namespace-less objects land. */
function withKustomizations(namespaces: ApplyNamespaces | undefined, files: readonly string[]): ApplyNamespaces | undefined {
  const folders = kustomizeNamespaces(files);
  return folders.size ? { ...namespaces, folders } : namespaces;
}

/**
 * The merged report with what discovery left out: every skipped file, counted and listed, and its warnings. Only
 * when there is any, so a report stays the same object shape as one of validateFilesParallel's; the CLI prints
 * the fields always (withDiscoveryFields).
 */
function withDiscovery(report: Report, p: Plan): Report {
  const withExcluded = p.excluded === undefined ? report : { ...report, summary: { ...report.summary, excluded: p.excluded } };
  if (!p.skipped.length && !p.warnings.length) return withExcluded;
  return { ...withExcluded, summary: { ...withExcluded.summary, skipped: p.skipped.length }, skipped: p.skipped, inputWarnings: p.warnings };
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

/** Everything of a run's options that decides a file's cached results besides its bytes (see cache.ts). */
function cacheConfig(options: ValidateOptions): unknown {
  return {
    rules: options.policy.activeRules(options.environment).map((r) => [r.rule.meta.id, r.severity, r.options, declarationOf(r.rule) ?? null]),
    kubernetesVersion: options.kubernetesVersion ?? options.policy.kubernetesVersion,
    podTemplates: options.policy.podTemplates.kinds,
    crds: options.crdSchemas?.map((i) => [i.file, i.doc, i.object]) ?? [],
    namespaces: options.namespaces ? { flag: options.namespaces.flag, folders: [...(options.namespaces.folders ?? new Map())] } : null,
  };
}

/** Input from which the heap's growth is held to 1.5x (see validatePathsFast). */
export const BOUNDED_HEAP_BYTES = 128 * 1024 * 1024;

export interface FastOptions {
  /** The incremental cache's folder (cache.ts); none: no cache. */
  readonly cacheDir?: string;
}

/**
 * validatePaths on every core for groups large enough to pay for the worker threads (one large file, standard
 * input too, is split into parts), and with `cacheDir` reusing what an earlier run made of unchanged files.
 */
export async function validatePathsFast(paths: readonly string[], options: ValidateOptions, fast: FastOptions = {}): Promise<Report> {
  const workers = workerCount();
  const reports: Report[] = [];
  const p = plan(paths, options);
  const bytes = p.runs.map((r) => totalBytes(r.files));
  // V8 lets the heap grow to several times what survived the last full collection before the next one; on a very
  // large input that slack, not live data, was most of the peak (200,000 objects: 575 MB, 417 MB at 1.5x). Below
  // that the collections it costs outweigh the memory saved (a 50,000-object re-run spent a quarter of its time so).
  // Read by V8 at each collection, so setting it now applies to the worker threads too.
  if (bytes.reduce((a, b) => a + b, 0) >= BOUNDED_HEAP_BYTES) setFlagsFromString('--heap-growing-percent=50');
  for (const [i, r] of p.runs.entries()) {
    const large = bytes[i] >= PARALLEL_MIN_BYTES;
    const threads = large && workers >= 2 ? workers : 1;
    const cache = fast.cacheDir ? new ValidationCache(fast.cacheDir, configKey(cacheConfig(r.options))) : undefined;
    // A large input goes the batch path even on one thread: it keeps of each file only the objects' inventory view and
    // its findings (a 200,000-object tree peaked at 1.1 GB whole, under 500 MB so); the report is the same.
    reports.push(
      cache || large ? await validateFilesParallel(r.files, r.problems, r.options, threads, cache, bytes[i]) : validateFiles(r.files, r.problems, r.options),
    );
  }
  return withDiscovery(mergeReports(reports), p);
}

export { Inventory } from '../check/inventory';
export { loadPolicy, PLATFORM_POLICY, RECOMMENDED_POLICY } from './policy';
export { loadWaivers, DEFAULT_WAIVERS_FILE } from './waivers';
export type { Report, Finding, SkippedFile } from '../check/types';
