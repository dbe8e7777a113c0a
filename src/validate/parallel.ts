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
import { loadFile, readSource } from './load';
import { WaiverSet } from '../check/waiver-set';
import { crdVersions } from './schemas/inventory-crds';
import { Inventory, itemKey, makeItem, withObject } from '../check/inventory';
import { PositionCache } from './locate';
import { makeReport, runRules } from './engine';
import { checkExcept, fileChecker, nextChunk, type FileFinding, type ObjectRule, type RuleCrash } from './file-check';
import { displayPath as display } from '../lib/paths';
import { inventoryView } from './projection';
import { timing } from '../lib/timings';
import type { ValidateOptions } from './index';
import { schemaCrds } from './crd-files';
import type { WorkerInput, WorkerMessage } from './parallel-worker';
import type { InputProblem, InventoryItem, K8sObject, Report, RuleFinding } from '../check/types';
import type { RunContext } from './engine';

/**
 * Below this much input, starting workers costs more than it saves (each thread warms its own JIT). Measured on
 * 2 cores with the bench corpus: 6 MB 0.60 s parallel vs 0.51 s single-threaded; 12 MB 0.77 vs 0.76; 24 MB 1.05 vs 1.21.
 */
export const PARALLEL_MIN_BYTES = 12 * 1024 * 1024;

export function workerCount(): number {
  const env = Number(process.env.PLIMSOLL_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  return Math.min(availableParallelism(), 8);
}

export function totalBytes(files: readonly string[]): number {
  let n = 0;
  for (const f of files) {
    try {
      n += statSync(f).size;
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

/** Files a thread takes at a time: small enough to balance the threads, large enough to keep messages few. */
const CHUNK_SIZE = 16;
/** How long a worker that has sent everything may take to exit before it is stopped. */
const WORKER_EXIT_GRACE_MS = 2000;

/** Starts a worker on `input`; settles when it has sent everything and exited. */
function startWorker(input: WorkerInput, onFiles: (m: Extract<WorkerMessage, { type: 'files' }>) => void): Promise<void> {
  const worker = new Worker(join(__dirname, 'parallel-worker.cjs'), { workerData: input });
  return new Promise<void>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'files') onFiles(m);
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

/** `threads` counts the main thread, which takes chunks too. */
export async function validateFilesParallel(
  files: readonly string[],
  problems: readonly InputProblem[],
  options: ValidateOptions,
  threads = workerCount(),
): Promise<Report> {
  timing('parallel validation starts');
  const active = options.policy.activeRules(options.environment);
  const objectRules = active.filter((r) => r.rule.meta.scope === 'object');
  const now = options.now ?? new Date();
  const kubernetesVersion = options.kubernetesVersion ?? options.policy.kubernetesVersion;
  const activeRules = new Set(active.map((r) => r.rule.meta.id));
  const run: RunContext = { kubernetesVersion, activeRules };

  const perFile: Array<{ items: InventoryItem[]; problems: InputProblem[] } | undefined> = new Array(files.length);
  const precomputed: Precomputed = new Map(objectRules.map((r) => [r.rule.meta.id, []]));
  const documentCounts = new Map<string, number>();
  const paths = new Map<string, string>();
  const record = (index: number, file: string, items: InventoryItem[], findings: FileFinding[], fileProblems: InputProblem[], documents?: number) => {
    if (documents !== undefined) documentCounts.set(file, documents);
    paths.set(file, files[index]);
    // Threads finish in any order; the inventory keeps the input order regardless.
    perFile[index] = { items, problems: fileProblems };
    if (!findings.length) return;
    const byKey = new Map(items.map((i) => [itemKey(i), i]));
    for (const f of findings) precomputed.get(f.rule)!.push({ item: byKey.get(itemKey({ file, doc: f.doc, pointer: f.pointer }))!, path: f.path, message: f.message, line: f.line, severity: f.severity, once: f.once });
  };
  // A rule that threw anywhere is reported once, as the single-threaded path does: the first crash in input order.
  const crashes = new Map<string, { message: string; at: number }>();
  const crashed = (list: readonly RuleCrash[], at: number) => {
    for (const c of list) if ((crashes.get(c.rule)?.at ?? Infinity) > at) crashes.set(c.rule, { message: c.message, at });
  };
  const fromWorker = (m: Extract<WorkerMessage, { type: 'files' }>) => {
    for (const c of m.crashes) crashed([c], c.at);
    for (const f of m.files) {
      const items = (JSON.parse(f.objects) as Array<[number, string, K8sObject]>).map(([doc, pointer, object]) => makeItem(object, f.file, doc, f.stage, pointer || undefined));
      record(f.index, f.file, items, f.findings, f.problems, f.documents);
    }
  };

  const claims = new SharedArrayBuffer(4);
  const input: WorkerInput = {
    files,
    claims,
    chunkSize: CHUNK_SIZE,
    rules: objectRules.map((r) => ({ id: r.rule.meta.id, options: r.options })),
    now: now.getTime(),
    context: options.contextFiles?.size ? files.flatMap((f, i) => (options.contextFiles!.has(display(f)) ? [i] : [])) : [],
    kubernetesVersion,
    activeRules: [...activeRules],
  };
  const context = new Set(input.context);
  const running = Array.from({ length: Math.max(0, threads - 1) }, () => startWorker(input, fromWorker));
  const check = fileChecker(objectRules, now, run);
  const counter = new Int32Array(claims);
  for (let chunk = nextChunk(counter, CHUNK_SIZE, files.length); chunk; chunk = nextChunk(counter, CHUNK_SIZE, files.length)) {
    const loaded = files.slice(chunk.from, chunk.to).map(loadFile);
    const checked = checkExcept(check, loaded, (i) => context.has(chunk.from + i));
    crashed(checked.crashes, chunk.from);
    checked.findings.forEach((findings, i) => {
      const items = loaded[i].items.map((item) => withObject(item, inventoryView(item)));
      record(chunk.from + i, loaded[i].file, items, findings, loaded[i].problems, loaded[i].documents);
    });
    // Lets the workers' messages in between chunks, so their objects are taken in while this thread still works.
    await yieldToEvents();
  }
  timing('main thread done with its chunks');
  await Promise.all(running);
  timing('workers done');

  const items = perFile.flatMap((p) => p?.items ?? []);
  const inventory = new Inventory(items, [...problems, ...perFile.flatMap((p) => p?.problems ?? [])]);
  const crds = schemaCrds(inventory, options);
  try {
    const schema = objectRules.find((r) => r.rule.meta.id === 'schema');
    recheckCustomResources(inventory, crds, schema, precomputed, (file) => paths.get(file)!, now, run);
  } catch (err) {
    crashed([{ rule: 'schema', message: (err as Error).message }], Number.MAX_SAFE_INTEGER);
  }
  const positions = new PositionCache(readSource, (file) => documentCounts.get(file));
  const findings = runRules(inventory, active, positions, {
    ...options,
    precomputed,
    projected: true,
    crds,
    kubernetesVersion,
    crashed: new Map([...crashes].map(([rule, c]) => [rule, c.message])),
  });
  timing('inventory rules done');
  // Context files (see EngineOptions.contextFiles) are counted apart.
  if (!context.size) return makeReport(findings, files.length, items.length);
  const contextObjects = items.filter((i) => options.contextFiles!.has(i.file)).length;
  return makeReport(findings, files.length - context.size, items.length - contextObjects, { files: options.contextFiles!.size, objects: contextObjects });
}
