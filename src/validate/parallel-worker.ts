/**
 * A validation worker: takes chunks of files (see nextChunk), parses them, runs the object-scope rules on each
 * file's objects, and streams back the inventory-rule view of the objects (as JSON, cheaper to move than
 * structured clones) with the findings. It starts parsing while the main thread still scans for
 * CustomResourceDefinitions, and checks files once they have arrived (one message).
 */
import { once } from 'node:events';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadFile, type LoadedFile } from './load';
import { makeItem } from './inventory';
import { inventoryView } from './projection';
import { fileChecker, nextChunk, type CheckedFiles, type FileFinding, type RuleCrash } from './file-check';
import { RULES_BY_ID } from '../rules';
import { timing } from '../lib/timings';
import type { InputProblem, InventoryItem, K8sObject, StageRef } from './types';

export interface WorkerInput {
  /** Every file of the input, in input order; chunks of them are claimed through `claims`. */
  readonly files: readonly string[];
  /** One Int32 shared by all threads: the next chunk number. */
  readonly claims: SharedArrayBuffer;
  readonly chunkSize: number;
  /** Object-scope rules to run here, with the options the policy resolved for them (validated by the main thread). */
  readonly rules: ReadonlyArray<{ readonly id: string; readonly options: Record<string, unknown> }>;
  /** The run's notion of now (ms since the epoch). */
  readonly now: number;
}

/** The main thread's one message to a worker: every CustomResourceDefinition of the input, as [file, doc, object]. */
export interface WorkerCrds {
  readonly crds: ReadonlyArray<readonly [string, number, K8sObject]>;
}

export interface WorkerFile {
  readonly index: number;
  readonly file: string;
  readonly stage?: StageRef;
  /** JSON of [doc, inventory-rule view] pairs. */
  readonly objects: string;
  readonly findings: FileFinding[];
  readonly problems: InputProblem[];
  /** See LoadedFile.documents. */
  readonly documents?: number;
}

export type WorkerMessage =
  | { type: 'files'; files: WorkerFile[]; crashes: Array<RuleCrash & { at: number }> }
  | { type: 'done' }
  | { type: 'error'; message: string };

const crdItems = (m: WorkerCrds): InventoryItem[] => m.crds.map(([file, doc, object]) => makeItem(object, file, doc));

async function run(input: WorkerInput): Promise<void> {
  timing('worker starts');
  const rules = input.rules.map(({ id, options }) => ({ rule: RULES_BY_ID.get(id)!, options }));
  const claims = new Int32Array(input.claims);
  let check: ((files: readonly LoadedFile[]) => CheckedFiles) | undefined;
  const ready = (m: WorkerCrds) => (check = fileChecker(rules, crdItems(m), new Date(input.now)));
  const waiting: Array<[number, LoadedFile]> = [];
  const send = (batch: Array<[number, LoadedFile]>) => {
    const { findings, crashes } = check!(batch.map(([, loaded]) => loaded));
    const files = batch.map(([index, loaded], i): WorkerFile => {
      const first = loaded.items[0];
      const objects = JSON.stringify(loaded.items.map((i) => [i.doc, inventoryView(i)]));
      return { index, file: loaded.file, stage: first?.stage, objects, findings: findings[i], problems: loaded.problems, documents: loaded.documents };
    });
    parentPort!.postMessage({ type: 'files', files, crashes: crashes.map((c) => ({ ...c, at: batch[0][0] })) } satisfies WorkerMessage);
  };
  for (let chunk = nextChunk(claims, input.chunkSize, input.files.length); chunk; chunk = nextChunk(claims, input.chunkSize, input.files.length)) {
    const batch: Array<[number, LoadedFile]> = [];
    for (let index = chunk.from; index < chunk.to; index++) batch.push([index, loadFile(input.files[index])]);
    if (!check) {
      const m = receiveMessageOnPort(parentPort!);
      if (m) ready(m.message as WorkerCrds);
    }
    // Files parsed before the CRDs arrive wait (a few chunks at most: the scan is quick).
    if (!check) waiting.push(...batch);
    else send([...waiting.splice(0), ...batch]);
  }
  if (!check) ready(((await once(parentPort!, 'message')) as [WorkerCrds])[0]);
  if (waiting.length) send(waiting);
  timing('worker done');
  parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

run(workerData as WorkerInput).then(
  // Nothing else keeps the thread alive: it exits on its own, which lets the compile cache save (see build.ts).
  () => parentPort!.close(),
  (err) => {
    parentPort!.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) } satisfies WorkerMessage);
    parentPort!.close();
  },
);
