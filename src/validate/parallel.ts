/**
 * Validation of large inputs on every core: files are split across worker threads that parse them and run the
 * object-scope rules; the main thread rebuilds the inventory from their objects and runs the inventory-scope
 * rules. Findings, waivers and the report are exactly those of the single-threaded path.
 */
import { availableParallelism } from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadFile, readSource } from './load';
import { Inventory, makeItem } from './inventory';
import { PositionCache } from './locate';
import { makeReport, runRules } from './engine';
import { timing } from '../lib/timings';
import type { ValidateOptions } from './index';
import type { WorkerBatch, WorkerCrds, WorkerInput } from './parallel-worker';
import type { InputProblem, InventoryItem, K8sObject, Report, RuleFinding } from './types';

/** Below this much input, starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

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

/** Contiguous shares of similar byte size, one per worker. */
function split(files: readonly string[], parts: number): Array<Array<[number, string]>> {
  const sizes = files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  const shares: Array<Array<[number, string]>> = Array.from({ length: parts }, () => []);
  let acc = 0;
  files.forEach((f, i) => {
    shares[Math.min(parts - 1, Math.floor((acc / Math.max(total, 1)) * parts))].push([i, f]);
    acc += sizes[i];
  });
  return shares.filter((s) => s.length);
}

/**
 * CustomResourceDefinitions anywhere in the input, found before the workers start (a text scan, then a parse of
 * only the files that mention the kind), so each worker checks custom resources against all of them.
 */
function customResourceDefinitions(files: readonly string[]): InventoryItem[] {
  const out: InventoryItem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!/^kind:\s*["']?CustomResourceDefinition\b|"kind"\s*:\s*"CustomResourceDefinition"/m.test(text)) continue;
    out.push(...loadFile(file).items.filter((i) => i.kind === 'CustomResourceDefinition'));
  }
  return out;
}

interface RunningWorker {
  /** Sends the CRDs the worker waits for; it then streams batches to onBatch. */
  start(crds: WorkerCrds): void;
  /** Settles when the worker has sent everything and exited. */
  readonly finished: Promise<void>;
}

function startWorker(input: WorkerInput, onBatch: (b: WorkerBatch) => void): RunningWorker {
  const worker = new Worker(join(__dirname, 'parallel-worker.cjs'), { workerData: input });
  const finished = new Promise<void>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: WorkerBatch | { type: 'done' } | { type: 'error'; message: string }) => {
      if (m.type === 'batch') onBatch(m);
      else if (m.type === 'done') done = true;
      else reject(new Error(`validation worker failed: ${m.message}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (done ? resolve() : reject(new Error(`validation worker exited (code ${code}) before it finished`))));
  });
  return { start: (crds) => worker.postMessage(crds), finished };
}

export async function validateFilesParallel(
  files: readonly string[],
  problems: readonly InputProblem[],
  options: ValidateOptions,
  workers = workerCount(),
): Promise<Report> {
  timing('parallel validation starts');
  const active = options.policy.activeRules(options.environment);
  const objectRules = active.filter((r) => r.rule.meta.scope === 'object');

  const perFile: Array<{ items: InventoryItem[]; problems: InputProblem[] } | undefined> = new Array(files.length);
  const allProblems: InputProblem[] = [...problems];
  const precomputed = new Map<string, Array<RuleFinding & { line: number | null }>>(objectRules.map((r) => [r.rule.meta.id, []]));
  const documentCounts = new Map<string, number>();
  const accept = (batch: WorkerBatch) => {
    for (const f of batch.files) {
      if (f.documents !== undefined) documentCounts.set(f.file, f.documents);
      const fileItems: InventoryItem[] = [];
      const byDoc = new Map<number, InventoryItem>();
      for (const [doc, object] of JSON.parse(f.objects) as Array<[number, K8sObject]>) {
        const item = makeItem(object, f.file, doc, f.stage);
        fileItems.push(item);
        byDoc.set(doc, item);
      }
      // Workers finish in any order; the inventory keeps the input order regardless.
      perFile[f.index] = { items: fileItems, problems: f.problems };
      for (const w of f.findings) precomputed.get(w.rule)!.push({ item: byDoc.get(w.doc)!, path: w.path, message: w.message, line: w.line });
    }
  };
  const rules = objectRules.map((r) => ({ id: r.rule.meta.id, options: r.options }));
  // Workers load their code while this thread scans for CRDs.
  const running = split(files, Math.max(1, workers)).map((share) => startWorker({ files: share, rules, batchSize: 64 }, accept));
  const crds = customResourceDefinitions(files);
  timing('CRD pre-scan done');
  for (const w of running) w.start({ crds: crds.map((c) => [c.file, c.doc, c.object] as const) });
  await Promise.all(running.map((w) => w.finished));
  timing('workers done');

  const items = perFile.flatMap((p) => p?.items ?? []);
  allProblems.push(...perFile.flatMap((p) => p?.problems ?? []));
  const inventory = new Inventory(items, allProblems);
  const positions = new PositionCache(readSource, (file) => documentCounts.get(file));
  const findings = runRules(inventory, active, positions, { ...options, precomputed, projected: true, crds });
  timing('inventory rules done');
  return makeReport(findings, files.length, items.length);
}
