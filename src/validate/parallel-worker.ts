/**
 * A validation worker: takes batches (see batch.ts) through the shared counter, parses them, runs the object-scope
 * rules, and streams back the inventory-rule view of the objects (as JSON, cheaper to move than structured clones)
 * with the findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileChecker, nextChunk, type FileFinding, type RuleCrash } from './file-check';
import { objectsJson, runBatch, type Batch } from './batch';
import { RULES_BY_ID } from '../rules';
import { compileCustomRule, type CustomRuleDeclaration } from './custom-rules';
import { timing } from '../lib/timings';
import type { InputProblem, StageRef } from '../check/types';
import type { KubernetesVersion } from './schemas/versions';
import { BUILTIN_POD_TEMPLATES, PodTemplateModel, type PodTemplateKind } from '../lib/pod-specs';

export interface WorkerInput {
  /** Every file of the input, in input order. */
  readonly files: readonly string[];
  /** The run's work; claimed one at a time through `claims`. */
  readonly batches: readonly Batch[];
  /** One Int32 shared by all threads: the next batch number. */
  readonly claims: SharedArrayBuffer;
  /** Object-scope rules to run here, with the options the policy resolved for them (validated by the main thread). */
  readonly rules: ReadonlyArray<{ readonly id: string; readonly options: Record<string, unknown>; readonly custom?: CustomRuleDeclaration }>;
  /** The run's notion of now (ms since the epoch). */
  readonly now: number;
  /** Indexes into `files` of context files (see EngineOptions.contextFiles): loaded, not judged. */
  readonly context: readonly number[];
  readonly kubernetesVersion: KubernetesVersion;
  /** The policy's custom pod templates (ResolvedPolicy.podTemplates). */
  readonly podTemplates: readonly PodTemplateKind[];
  /** Every rule the run runs (RuleContext.activeRules), not only these. */
  readonly activeRules: readonly string[];
  /** Whether to send each file's cache key (cache.ts). */
  readonly keys: boolean;
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
  readonly key?: string;
}

/** A part of a large file (parts.ts): as WorkerFile, documents and lines the file's. */
export interface WorkerPart {
  readonly file: number;
  readonly index: number;
  readonly trusted: boolean;
  readonly stage?: StageRef;
  readonly objects: string;
  readonly findings: FileFinding[];
  readonly documents: number;
}

export type WorkerMessage =
  { type: 'batch'; files: WorkerFile[]; parts: WorkerPart[]; crashes: RuleCrash[]; at: number } | { type: 'done' } | { type: 'error'; message: string };

function run(input: WorkerInput): void {
  timing('worker starts');
  // A policy's custom rules compiled again here (the main thread has checked that they compile).
  const rules = input.rules.map(({ id, options, custom }) => ({ rule: custom ? compileCustomRule(custom) : RULES_BY_ID.get(id)!, options }));
  const claims = new Int32Array(input.claims);
  const podTemplates = input.podTemplates.length ? new PodTemplateModel(input.podTemplates) : BUILTIN_POD_TEMPLATES;
  const check = fileChecker(rules, new Date(input.now), { kubernetesVersion: input.kubernetesVersion, activeRules: new Set(input.activeRules), podTemplates });
  const context = { files: input.files, check, context: new Set(input.context), keys: input.keys, podTemplates };
  for (let claim = nextChunk(claims, 1, input.batches.length); claim; claim = nextChunk(claims, 1, input.batches.length)) {
    const batch = input.batches[claim.from];
    const result = runBatch(batch, context);
    const files = result.files.map(({ items, ...f }): WorkerFile => ({ ...f, stage: items[0]?.stage, objects: objectsJson(items) }));
    const parts = result.parts.map(({ items, ...p }): WorkerPart => ({ ...p, stage: items[0]?.stage, objects: objectsJson(items) }));
    const at = 'part' in batch ? batch.part.file : batch.files[0];
    parentPort!.postMessage({ type: 'batch', files, parts, crashes: result.crashes, at } satisfies WorkerMessage);
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
