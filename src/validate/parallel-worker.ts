/**
 * A validation worker: reads and parses its share of the files, runs the object-scope rules on each file's
 * objects (they need nothing else), resolves those findings' lines while the text is at hand, and streams back
 * the objects (as JSON, cheaper to move than structured clones) for the inventory-scope rules on the main thread.
 * It starts parsing while the main thread still scans for CustomResourceDefinitions, and checks files once they
 * have arrived (one message).
 */
import { once } from 'node:events';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadFile, type LoadedFile } from './load';
import { Inventory, makeItem } from './inventory';
import { PositionCache } from './locate';
import { WaiverSet } from './waiver-set';
import { inventoryView } from './projection';
import { RULES_BY_ID } from '../rules';
import { timing } from '../lib/timings';
import type { InputProblem, InventoryItem, K8sObject } from './types';

export interface WorkerInput {
  /** [position in the whole input, path] */
  readonly files: ReadonlyArray<readonly [number, string]>;
  /** Object-scope rules to run here, with the options the policy resolved for them (validated by the main thread). */
  readonly rules: ReadonlyArray<{ readonly id: string; readonly options: Record<string, unknown> }>;
  readonly batchSize: number;
}

/** The main thread's one message to a worker: every CustomResourceDefinition of the input, as [file, doc, object]. */
export interface WorkerCrds {
  readonly crds: ReadonlyArray<readonly [string, number, K8sObject]>;
}

export interface WorkerFinding {
  readonly rule: string;
  readonly doc: number;
  readonly path: string;
  readonly message: string;
  readonly line: number | null;
}

export interface WorkerBatch {
  readonly type: 'batch';
  /** One entry per file: its display path, stage, objects (JSON) and findings. */
  readonly files: Array<{
    index: number;
    file: string;
    stage?: { index: number; id: string };
    objects: string;
    findings: WorkerFinding[];
    problems: InputProblem[];
    /** See LoadedFile.documents. */
    documents?: number;
  }>;
}

const crdItems = (m: WorkerCrds): InventoryItem[] => m.crds.map(([file, doc, object]) => makeItem(object, file, doc));

async function run(input: WorkerInput): Promise<void> {
  timing(`worker with ${input.files.length} files starts`);
  const rules = input.rules.map(({ id, options }) => ({ rule: RULES_BY_ID.get(id)!, options }));
  const noWaivers = new WaiverSet();
  const now = new Date();
  let crds: InventoryItem[] | undefined;
  let batch: WorkerBatch['files'] = [];

  const check = (index: number, path: string, loaded: LoadedFile) => {
    const findings: WorkerFinding[] = [];
    if (loaded.items.length) {
      const inventory = new Inventory(loaded.items);
      const positions = new PositionCache(() => loaded.text, () => loaded.documents);
      for (const { rule, options } of rules) {
        for (const f of rule.check({ inventory, options, waivers: noWaivers, now, crds })) {
          if (!f.item) continue;
          findings.push({ rule: rule.meta.id, doc: f.item.doc, path: f.path, message: f.message, line: positions.lineOf(f.item.file, f.item.doc, f.path) });
        }
      }
    }
    batch.push({
      index,
      file: loaded.items[0]?.file ?? path,
      stage: loaded.items[0]?.stage,
      objects: JSON.stringify(loaded.items.map((i) => [i.doc, inventoryView(i)])),
      findings,
      problems: loaded.problems,
      documents: loaded.documents,
    });
    if (batch.length >= input.batchSize) {
      parentPort!.postMessage({ type: 'batch', files: batch } satisfies WorkerBatch);
      batch = [];
    }
  };

  // Files parsed before the CRDs arrive wait here (a few hundred at most: the scan is quick).
  const waiting: Array<[number, string, LoadedFile]> = [];
  for (const [index, path] of input.files) {
    const loaded = loadFile(path);
    if (!crds) {
      const m = receiveMessageOnPort(parentPort!);
      if (m) crds = crdItems(m.message as WorkerCrds);
    }
    if (!crds) {
      waiting.push([index, path, loaded]);
      continue;
    }
    for (const w of waiting.splice(0)) check(...w);
    check(index, path, loaded);
  }
  crds ??= crdItems(((await once(parentPort!, 'message')) as [WorkerCrds])[0]);
  for (const w of waiting.splice(0)) check(...w);
  parentPort!.postMessage({ type: 'batch', files: batch } satisfies WorkerBatch);
  timing('worker done');
  parentPort!.postMessage({ type: 'done' });
}

run(workerData as WorkerInput).then(
  // Nothing else keeps the thread alive: it exits on its own, which lets the compile cache save (see build.ts).
  () => parentPort!.close(),
  (err) => {
    parentPort!.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
    parentPort!.close();
  },
);
