/**
 * A validation worker: reads and parses its share of the files, runs the object-scope rules on each file's
 * objects (they need nothing else), resolves those findings' lines while the text is at hand, and streams back
 * the objects (as JSON, cheaper to move than structured clones) for the inventory-scope rules on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFile } from './load';
import { Inventory } from './inventory';
import { loadPolicy, type EnvironmentSelector } from './policy';
import { PositionCache } from './locate';
import { WaiverSet } from './waiver-set';
import { inventoryView } from './projection';
import type { InputProblem, K8sObject } from './types';
import { makeItem } from './inventory';

export interface WorkerInput {
  /** [position in the whole input, path] */
  readonly files: ReadonlyArray<readonly [number, string]>;
  readonly policyFile: string;
  readonly environment?: EnvironmentSelector;
  /** Object-scope rules to run here. */
  readonly ruleIds: readonly string[];
  readonly batchSize: number;
  /** Every CustomResourceDefinition of the input: [file, doc, object]. */
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
  readonly files: Array<{ index: number; file: string; stage?: { index: number; id: string }; objects: string; findings: WorkerFinding[]; problems: InputProblem[] }>;
}

function run(input: WorkerInput): void {
  const rules = loadPolicy(input.policyFile)
    .activeRules(input.environment)
    .filter((r) => input.ruleIds.includes(r.rule.meta.id));
  const noWaivers = new WaiverSet();
  const crds = input.crds.map(([file, doc, object]) => makeItem(object, file, doc));
  const now = new Date();
  let batch: WorkerBatch['files'] = [];
  for (const [index, path] of input.files) {
    const loaded = loadFile(path);
    const findings: WorkerFinding[] = [];
    if (loaded.items.length) {
      const inventory = new Inventory(loaded.items);
      const positions = new PositionCache(() => loaded.text);
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
    });
    if (batch.length >= input.batchSize) {
      parentPort!.postMessage({ type: 'batch', files: batch } satisfies WorkerBatch);
      batch = [];
    }
  }
  parentPort!.postMessage({ type: 'batch', files: batch } satisfies WorkerBatch);
  parentPort!.postMessage({ type: 'done' });
}

try {
  run(workerData as WorkerInput);
} catch (err) {
  parentPort!.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
}
