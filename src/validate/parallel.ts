/**
 * Validation of large inputs on every core: the main thread and worker threads take chunks of files from one
 * shared counter, parse them and run the object-scope rules; the main thread rebuilds the inventory (the
 * workers send the inventory-rule view of their objects), judges custom resources again against every CRD of the
 * input, and runs the inventory-scope rules. Findings, waivers and the report are exactly those of the
 * single-threaded path.
 */
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { displayInput, loadFile, readInput, readSource, STDIN } from './load';
import { WaiverSet } from '../check/waiver-set';
import { crdVersions } from './schemas/inventory-crds';
import { Inventory, itemKey, makeItem } from '../check/inventory';
import { PositionCache, type DocumentSource } from './locate';
import { makeReport, runRules } from './engine';
import { declarationOf } from './custom-rules';
import { isProjected } from './projection';
import { fileChecker, nextChunk, type FileFinding, type ObjectRule, type RuleCrash } from './file-check';
import { objectsJson, runBatch, type Batch, type BatchContext, type BatchResult, type FileResult, type PartResult } from './batch';
import { readText, splitBytes, SPLIT_MIN_BYTES } from './parts';
import type { DocumentStart } from './locate-fast';
import { fileKey, statId, type CachedFile, type FileStat, type ObjectEntry, type ValidationCache } from './cache';
import { timing } from '../lib/timings';
import type { ValidateOptions } from './index';
import { schemaCrds } from './crd-files';
import type { WorkerInput, WorkerMessage, WorkerFile } from './parallel-worker';
import type { InputProblem, InventoryItem, Report, RuleFinding } from '../check/types';
import type { RunContext } from './engine';

/**
 * Below this much input, starting workers costs more than it saves (each thread warms its own JIT). Measured on
 * 2 cores with the bench corpus: 6 MB 0.60 s parallel vs 0.51 s single-threaded; 12 MB 0.77 vs 0.76; 24 MB 1.05 vs 1.21.
 */
export const PARALLEL_MIN_BYTES = 12 * 1024 * 1024;

/** Input above which this thread's results are copied (see validateFilesParallel's `take`): what text they could keep alive. */
export const COPY_ABOVE_BYTES = 96 * 1024 * 1024;

export function workerCount(): number {
  const env = Number(process.env.PLIMSOLL_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  return Math.min(availableParallelism(), 8);
}

export function totalBytes(files: readonly string[]): number {
  let n = 0;
  for (const f of files) {
    try {
      n += f === STDIN ? readInput(f).length : statSync(f).size;
    } catch {
      // unreadable: the loader reports it
    }
  }
  return n;
}

type Precomputed = Map<string, Array<RuleFinding & { line?: number | null }>>;

/**
 * Threads judge custom resources against the CRDs of their own chunk only (nothing waits for a scan of the whole
 * input). Objects whose kind a CRD anywhere in the input defines (a List's items among them: they are objects of
 * their own, see lists.ts) and the CRDs themselves are judged again here against all of them, replacing what their thread found: the
 * result is the single-threaded one. They are read again from their files: the inventory holds only the view of a custom
 * resource that shares a workload's kind name (an OpenKruise StatefulSet), not the whole object.
 */
function recheckCustomResources(
  inventory: Inventory,
  crds: readonly InventoryItem[],
  schema: ObjectRule | undefined,
  precomputed: Precomputed,
  pathOf: (file: string) => string,
  now: Date,
  run: RunContext,
): void {
  if (!schema || !crds.length) return;
  const defined = crdVersions(crds);
  // The CRDs too: whether one is reported as unusable depends on the others (a later one for the same kind is moot).
  const again = new Set(inventory.items.filter((i) => defined.has(`${i.apiVersion}/${i.kind}`) || i.kind === 'CustomResourceDefinition'));
  if (!again.size) return;
  const keys = new Set([...again].map(itemKey));
  const whole = [...new Set([...again].map((i) => i.file))].flatMap((file) => loadFile(pathOf(file)).items.filter((i) => keys.has(itemKey(i))));
  const id = schema.rule.meta.id;
  const kept = (precomputed.get(id) ?? []).filter((f) => !f.item || !again.has(f.item));
  // No line: the engine finds it in the file (these are few).
  const judged = [...schema.rule.check({ inventory: new Inventory(whole), options: schema.options, waivers: new WaiverSet(), now, crds, ...run })];
  precomputed.set(id, [...kept, ...judged]);
}

/** Whole files a batch holds: small enough to balance the threads, large enough to keep messages few. */
const CHUNK_SIZE = 16;
/** How long a worker that has sent everything may take to exit before it is stopped. */
const WORKER_EXIT_GRACE_MS = 2000;

/** Starts a worker on `input`; settles when it has sent everything and exited. */
function startWorker(input: WorkerInput, onBatch: (m: Extract<WorkerMessage, { type: 'batch' }>) => void): Promise<void> {
  const worker = new Worker(join(__dirname, 'parallel-worker.cjs'), { workerData: input });
  return new Promise<void>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'batch') onBatch(m);
      else if (m.type === 'error') reject(new Error(`validation worker failed: ${m.message}`));
      else {
        done = true;
        // The worker exits by itself (so its compile cache is saved); should anything keep it alive, end it.
        setTimeout(() => void worker.terminate(), WORKER_EXIT_GRACE_MS).unref();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (done ? resolve() : reject(new Error(`validation worker exited (code ${code}) before it finished`))));
  });
}

/** Items from their [doc, pointer, view] triples. */
function itemsOf(objects: string | readonly ObjectEntry[], file: string, stage: WorkerFile['stage']): InventoryItem[] {
  const list = typeof objects === 'string' ? (JSON.parse(objects) as ObjectEntry[]) : objects;
  return list.map(([doc, pointer, object]) => makeItem(object, file, doc, stage, pointer || undefined));
}

/**
 * The work of a run as batches: files the cache does not answer, in batches of CHUNK_SIZE, and each large file (with
 * two threads or more) as parts of its own (parts.ts). Standard input only this thread can read: a large one goes
 * out as parts holding its text, a small one stays here (`here`).
 */
function planBatches(
  files: readonly string[],
  todo: readonly number[],
  threads: number,
): {
  batches: Batch[];
  here: number[];
  parts: Map<number, number>;
  starts: Map<number, readonly DocumentStart[]>;
  bytes: Map<number, Buffer>;
  text: (index: number, start: number, end?: number) => string;
} {
  const batches: Batch[] = [];
  const here: number[] = [];
  const parts = new Map<number, number>();
  const starts = new Map<number, readonly DocumentStart[]>();
  const bytes = new Map<number, Buffer>();
  let group: number[] = [];
  for (const index of todo) {
    const path = files[index];
    let size = 0;
    try {
      size = path === STDIN ? readInput(path).length : statSync(path).size;
    } catch {
      // the loader reports it
    }
    // Split on one thread too: a part's whole objects are dropped once judged, a whole file's only at its end.
    if (size >= SPLIT_MIN_BYTES) {
      try {
        const read = readInput(path);
        const split = splitBytes(index, read, path === STDIN);
        if (split) {
          bytes.set(index, read);
          parts.set(index, split.parts.length);
          starts.set(index, split.starts);
          for (const part of split.parts) batches.push({ part });
          continue;
        }
      } catch {
        // unreadable or not UTF-8: the loader reports it
      }
    }
    if (path === STDIN) {
      here.push(index);
      continue;
    }
    group.push(index);
    if (group.length === CHUNK_SIZE) {
      batches.push({ files: group });
      group = [];
    }
  }
  if (group.length) batches.push({ files: group });
  // A range of a split file as text: read from the file, or from standard input's bytes (kept by readInput).
  const text = (index: number, start: number, end?: number): string =>
    files[index] === STDIN ? readInput(STDIN).subarray(start, end).toString('utf8') : readText(files[index], start, end);
  return { batches, here, parts, starts, bytes, text };
}

/**
 * `threads` counts the main thread, which takes batches too. With `cache`, files it holds are not read again but
 * taken from it, and what this run computes is added (see cache.ts); the report is the same either way.
 * `inputBytes` is the files' total size where the caller has it (validatePathsFast stats them all already).
 */
export async function validateFilesParallel(
  files: readonly string[],
  problems: readonly InputProblem[],
  options: ValidateOptions,
  threads = workerCount(),
  cache?: ValidationCache,
  inputBytes?: number,
): Promise<Report> {
  timing('parallel validation starts');
  const active = options.policy.activeRules(options.environment);
  const objectRules = active.filter((r) => r.rule.meta.scope === 'object');
  const now = options.now ?? new Date();
  const kubernetesVersion = options.kubernetesVersion ?? options.policy.kubernetesVersion;
  const activeRules = new Set(active.map((r) => r.rule.meta.id));
  const podTemplates = options.policy.podTemplates;
  const run: RunContext = { kubernetesVersion, activeRules, podTemplates };
  const contextIndexes = options.contextFiles?.size ? files.flatMap((f, i) => (options.contextFiles!.has(displayInput(f)) ? [i] : [])) : [];
  const context = new Set(contextIndexes);

  const perFile: Array<{ items: InventoryItem[]; problems: InputProblem[] } | undefined> = new Array(files.length);
  const precomputed: Precomputed = new Map(objectRules.map((r) => [r.rule.meta.id, []]));
  const documentCounts = new Map<string, number>();
  const paths = new Map<string, string>();
  const record = (index: number, file: string, items: InventoryItem[], findings: readonly FileFinding[], fileProblems: InputProblem[], documents?: number) => {
    if (documents !== undefined) documentCounts.set(file, documents);
    paths.set(file, files[index]);
    // Threads finish in any order; the inventory keeps the input order regardless.
    perFile[index] = { items, problems: fileProblems };
    if (!findings.length) return;
    const byKey = new Map(items.map((i) => [itemKey(i), i]));
    for (const f of findings)
      precomputed.get(f.rule)!.push({
        item: byKey.get(itemKey({ file, doc: f.doc, pointer: f.pointer }))!,
        path: f.path,
        message: f.message,
        line: f.line,
        severity: f.severity,
        once: f.once,
      });
  };
  // A rule that threw anywhere is reported once, as the single-threaded path does: the first crash in input order.
  const crashes = new Map<string, { message: string; at: number }>();
  const crashed = (list: readonly RuleCrash[], at: number) => {
    for (const c of list) if ((crashes.get(c.rule)?.at ?? Infinity) > at) crashes.set(c.rule, { message: c.message, at });
  };

  // Files the cache holds; keys of the others are computed where they are read (in the workers too).
  const keys = new Map<number, string>();
  const computed = new Map<number, CachedFile>();
  const todo: number[] = [];
  // Each file's stat before it is read: a file whose stat is as the last run noted it is not read again to be hashed.
  const stats = new Map<number, { id: string; stat: FileStat; taken: bigint }>();
  if (cache)
    files.forEach((path, index) => {
      if (path === STDIN) return;
      try {
        const taken = BigInt(Date.now()) * 1_000_000n; // wall clock, as file times are
        stats.set(index, { id: statId(path, displayInput(path), context.has(index)), stat: statSync(path, { bigint: true }), taken });
      } catch {
        // the loader reports it
      }
    });
  let byStat = 0;
  if (cache?.size) {
    files.forEach((path, index) => {
      const known = stats.get(index);
      const statKey = known && cache.keyByStat(known.id, known.stat);
      let key: string;
      if (statKey) {
        key = statKey;
        byStat++;
      } else {
        let bytes: Buffer;
        try {
          bytes = readInput(path);
        } catch {
          todo.push(index);
          return;
        }
        key = fileKey(displayInput(path), context.has(index), bytes);
      }
      keys.set(index, key);
      const hit = cache.get(key);
      if (hit) record(index, hit.file, itemsOf(hit.objects, hit.file, hit.stage), hit.findings, hit.problems, hit.documents);
      else todo.push(index);
    });
    timing(`cache: ${files.length - todo.length} of ${files.length} files reused (${byStat} known by their stat, not read)`);
  } else {
    todo.push(...files.keys());
  }

  const plan = planBatches(files, todo, threads);
  if (cache) for (const [index, bytes] of plan.bytes) keys.set(index, keys.get(index) ?? fileKey(displayInput(files[index]), context.has(index), bytes));
  plan.bytes.clear();
  const remember = (index: number, entry: CachedFile) => {
    const key = keys.get(index);
    if (cache && key) computed.set(index, entry);
  };
  const partResults = new Map<number, PartResult[]>();
  const takeFile = (f: FileResult, objects: () => string) => {
    if (f.key) keys.set(f.index, f.key);
    record(f.index, f.file, f.items, f.findings, f.problems, f.documents);
    if (cache)
      remember(f.index, { file: f.file, stage: f.items[0]?.stage, objects: objects(), findings: f.findings, problems: f.problems, documents: f.documents });
  };
  const takePart = (p: PartResult) => {
    const list = partResults.get(p.file) ?? [];
    list.push(p);
    partResults.set(p.file, list);
  };
  // On a large input this thread's results are kept as copies, as the workers' arrive: a view or message made here
  // shares strings with the parsed objects, and V8 keeps a whole file's text alive for a substring of it (200,000
  // objects held their 200 MB of source so); a copy holds its own strings only. Below COPY_ABOVE_BYTES what could be
  // held is less than the copy's cost is worth (7 % of a 50,000-object run).
  const copy = (inputBytes ?? totalBytes(files)) > COPY_ABOVE_BYTES;
  const take = (result: BatchResult, at: number) => {
    crashed(result.crashes, at);
    for (const f of result.files) {
      if (!copy) {
        takeFile(f, () => objectsJson(f.items));
        continue;
      }
      const objects = objectsJson(f.items);
      takeFile(
        { ...f, items: itemsOf(objects, f.file, f.items[0]?.stage), findings: structuredClone(f.findings), problems: structuredClone(f.problems) },
        () => objects,
      );
    }
    for (const p of result.parts)
      takePart(
        copy ? { ...p, items: itemsOf(objectsJson(p.items), displayInput(files[p.file]), p.items[0]?.stage), findings: structuredClone(p.findings) } : p,
      );
  };
  const fromWorker = (m: Extract<WorkerMessage, { type: 'batch' }>) => {
    crashed(m.crashes, m.at);
    for (const f of m.files) {
      const stage = f.stage;
      takeFile({ ...f, items: itemsOf(f.objects, f.file, stage) }, () => f.objects);
    }
    for (const p of m.parts) takePart({ ...p, items: itemsOf(p.objects, displayInput(files[p.file]), p.stage) });
  };

  const claims = new SharedArrayBuffer(4);
  const input: WorkerInput = {
    files,
    batches: plan.batches,
    claims,
    rules: objectRules.map((r) => ({ id: r.rule.meta.id, options: r.options, custom: declarationOf(r.rule) })),
    now: now.getTime(),
    context: contextIndexes,
    kubernetesVersion,
    podTemplates: podTemplates.kinds,
    activeRules: [...activeRules],
    keys: cache !== undefined,
  };
  const workers = Math.min(Math.max(0, threads - 1), Math.max(0, plan.batches.length - 1));
  const running = Array.from({ length: workers }, () => startWorker(input, fromWorker));
  const batchContext: BatchContext = { files, check: fileChecker(objectRules, now, run), context, keys: cache !== undefined, podTemplates };
  const at = (batch: Batch) => ('part' in batch ? batch.part.file : batch.files[0]);
  const counter = new Int32Array(claims);
  for (let claim = nextChunk(counter, 1, plan.batches.length); claim; claim = nextChunk(counter, 1, plan.batches.length)) {
    const batch = plan.batches[claim.from];
    take(runBatch(batch, batchContext), at(batch));
    // Lets the workers' messages in between batches, so their objects are taken in while this thread still works.
    await yieldToEvents();
  }
  timing('main thread done with its batches');
  await Promise.all(running);
  timing('workers done');

  // A split file whose parts all stand is put together; any other is done whole, here, with what stays here.
  const here = [...plan.here];
  const split = new Map<string, DocumentSource>();
  for (const [index, count] of plan.parts) {
    const list = (partResults.get(index) ?? []).sort((a, b) => a.index - b.index);
    if (list.length !== count || list.some((p) => !p.trusted)) {
      here.push(index);
      continue;
    }
    const items = list.flatMap((p) => p.items);
    const file = displayInput(files[index]);
    split.set(file, { starts: plan.starts.get(index)!, text: (start, end) => plan.text(index, start, end) });
    takeFile({ index, file, items, findings: list.flatMap((p) => p.findings), problems: [], documents: list.reduce((n, p) => n + p.documents, 0) }, () =>
      objectsJson(items),
    );
  }
  for (const index of here.sort((a, b) => a - b)) take(runBatch({ files: [index] }, batchContext), index);

  const items = perFile.flatMap((p) => p?.items ?? []);
  const inventory = new Inventory(items, [...problems, ...perFile.flatMap((p) => p?.problems ?? [])]);
  const crds = schemaCrds(inventory, options);
  try {
    const schema = objectRules.find((r) => r.rule.meta.id === 'schema');
    recheckCustomResources(inventory, crds, schema, precomputed, (file) => paths.get(file)!, now, run);
  } catch (err) {
    crashed([{ rule: 'schema', message: (err as Error).message }], Number.MAX_SAFE_INTEGER);
  }
  // A split file's findings are located by reading their documents alone, not the whole file again.
  const positions = new PositionCache(
    readSource,
    (file) => documentCounts.get(file),
    (file) => split.get(file),
  );
  // The whole object behind a view, for the few inventory rules that need one (RuleContext.whole): its file read again, once.
  const reread = new Map<string, Map<string, InventoryItem>>();
  const whole = (item: InventoryItem): InventoryItem => {
    if (!isProjected(item, podTemplates)) return item;
    let byKey = reread.get(item.file);
    if (!byKey) reread.set(item.file, (byKey = new Map(loadFile(paths.get(item.file)!).items.map((i) => [itemKey(i), i]))));
    return byKey.get(itemKey(item)) ?? item;
  };
  const findings = runRules(inventory, active, positions, {
    ...options,
    whole,
    precomputed,
    projected: true,
    crds,
    kubernetesVersion,
    podTemplates,
    crashed: new Map([...crashes].map(([rule, c]) => [rule, c.message])),
  });
  timing('inventory rules done');
  if (cache) {
    // A file whose rules crashed is not kept: its findings are incomplete.
    if (!crashes.size) for (const [index, entry] of computed) cache.put(keys.get(index)!, entry);
    for (const [index, { id, stat, taken }] of stats) {
      const key = keys.get(index);
      if (key) cache.noteStat(id, stat, taken, key);
    }
    cache.save();
    timing(`cache saved (${computed.size} files added)`);
  }
  // Context files (see EngineOptions.contextFiles) are counted apart.
  if (!context.size) return makeReport(findings, files.length, items.length);
  const contextObjects = items.filter((i) => options.contextFiles!.has(i.file)).length;
  return makeReport(findings, files.length - context.size, items.length - contextObjects, { files: options.contextFiles!.size, objects: contextObjects });
}
