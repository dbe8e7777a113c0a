/**
 * A validation worker: takes chunks of files (see nextChunk), parses them, runs the object-scope rules on each
 * chunk's objects, and streams back the inventory-rule view of the objects (as JSON, cheaper to move than
 * structured clones) with the findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFile, type LoadedFile } from './load';
import { inventoryView } from './projection';
import { checkExcept, fileChecker, nextChunk, type FileFinding, type RuleCrash } from './file-check';
import { RULES_BY_ID } from '../rules';
import { timing } from '../lib/timings';
import type { InputProblem, StageRef } from '../check/types';
import type { KubernetesVersion } from './schemas/versions';

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
  /** Indexes into `files` of context files (see EngineOptions.contextFiles): loaded, not judged. */
  readonly context: readonly number[];
  readonly kubernetesVersion: KubernetesVersion;
  /** Every rule the run runs (RuleContext.activeRules), not only these. */
  readonly activeRules: readonly string[];
}

export interface WorkerFile {
  readonly index: number;
  readonly file: string;
  readonly stage?: StageRef;
  /** JSON of [doc, pointer ('' for a whole document), inventory-rule view] triples. */
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

function run(input: WorkerInput): void {
  timing('worker starts');
  const rules = input.rules.map(({ id, options }) => ({ rule: RULES_BY_ID.get(id)!, options }));
  const claims = new Int32Array(input.claims);
  const check = fileChecker(rules, new Date(input.now), { kubernetesVersion: input.kubernetesVersion, activeRules: new Set(input.activeRules) });
  const context = new Set(input.context);
  for (let chunk = nextChunk(claims, input.chunkSize, input.files.length); chunk; chunk = nextChunk(claims, input.chunkSize, input.files.length)) {
    const loaded: LoadedFile[] = [];
    for (let index = chunk.from; index < chunk.to; index++) loaded.push(loadFile(input.files[index]));
    const { findings, crashes } = checkExcept(check, loaded, (i) => context.has(chunk.from + i));
    const files = loaded.map((file, i): WorkerFile => {
      const objects = JSON.stringify(file.items.map((item) => [item.doc, item.pointer ?? '', inventoryView(item)]));
      return { index: chunk.from + i, file: file.file, stage: file.items[0]?.stage, objects, findings: findings[i], problems: file.problems, documents: file.documents };
    });
    parentPort!.postMessage({ type: 'files', files, crashes: crashes.map((c) => ({ ...c, at: chunk.from })) } satisfies WorkerMessage);
  }
  timing('worker done');
  parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

try {
  run(workerData as WorkerInput);
} catch (err) {
  parentPort!.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) } satisfies WorkerMessage);
}
// Nothing else keeps the thread alive: it exits on its own, which lets the compile cache save (see build.ts).
parentPort!.close();
