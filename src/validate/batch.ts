/**
 * One unit of the parallel path's work, done alike on the main thread and in the workers: a batch of whole files,
 * or one part of a large file (parts.ts), parsed and judged by the object-scope rules. Results keep the inventory
 * view of the objects only (projection.ts); a part's documents and lines are shifted to the file's.
 */
import { displayInput, loadFile, type LoadedFile } from './load';
import { inventoryView } from './projection';
import { checkExcept, type CheckedFiles, type FileFinding, type RuleCrash } from './file-check';
import { loadPart, type FilePart } from './parts';
import { fileKey, type ObjectEntry } from './cache';
import { makeItem, withObject } from '../check/inventory';
import type { InputProblem, InventoryItem } from '../check/types';
import type { PodTemplateModel } from '../lib/pod-specs';

export type Batch = { readonly files: readonly number[] } | { readonly part: FilePart };

export interface FileResult {
  readonly index: number;
  readonly file: string;
  /** Inventory views. */
  readonly items: InventoryItem[];
  readonly findings: FileFinding[];
  readonly problems: InputProblem[];
  readonly documents?: number;
  /** The file's cache key (cache.ts), when the run keeps a cache. */
  readonly key?: string;
}

export interface PartResult {
  readonly file: number;
  readonly index: number;
  /** False: the part cannot stand for its documents and the file is done whole instead (see parts.ts). */
  readonly trusted: boolean;
  readonly items: InventoryItem[];
  readonly findings: FileFinding[];
  readonly documents: number;
}

export interface BatchResult {
  readonly files: FileResult[];
  readonly parts: PartResult[];
  readonly crashes: RuleCrash[];
}

export interface BatchContext {
  readonly files: readonly string[];
  readonly check: (files: readonly LoadedFile[]) => CheckedFiles;
  /** Indexes of context files: loaded, not judged. */
  readonly context: ReadonlySet<number>;
  /** Whether to compute each whole file's cache key (from the bytes read for parsing). */
  readonly keys: boolean;
  /** Where pods live (the inventory view empties their specs). */
  readonly podTemplates: PodTemplateModel;
}

/** Items as [doc, pointer, object] JSON: what workers send and the cache keeps (cache.ts). */
export const objectsJson = (items: readonly InventoryItem[]) => JSON.stringify(items.map((i): ObjectEntry => [i.doc, i.pointer ?? '', i.object]));

export function runBatch(batch: Batch, run: BatchContext): BatchResult {
  if ('part' in batch) {
    const { part } = batch;
    const { loaded, trusted } = loadPart(run.files[part.file], displayInput(run.files[part.file]), part);
    if (!trusted) return { files: [], parts: [{ file: part.file, index: part.index, trusted, items: [], findings: [], documents: 0 }], crashes: [] };
    const checked = checkExcept(run.check, [loaded], () => run.context.has(part.file));
    const shift = (line: number | null) => (line === null ? null : line + part.firstLine);
    return {
      files: [],
      parts: [
        {
          file: part.file,
          index: part.index,
          trusted,
          items: loaded.items.map((i) => makeItem(inventoryView(i, run.podTemplates), i.file, i.doc + part.firstDoc, i.stage, i.pointer)),
          findings: checked.findings[0].map((f) => ({ ...f, doc: f.doc + part.firstDoc, line: shift(f.line) })),
          documents: loaded.documents!,
        },
      ],
      crashes: checked.crashes,
    };
  }
  const keys: Array<string | undefined> = [];
  const loaded = batch.files.map((index, i) =>
    loadFile(run.files[index], run.keys ? (bytes) => (keys[i] = fileKey(displayInput(run.files[index]), run.context.has(index), bytes)) : undefined),
  );
  const checked = checkExcept(run.check, loaded, (i) => run.context.has(batch.files[i]));
  return {
    files: loaded.map((l, i) => ({
      index: batch.files[i],
      file: l.file,
      items: l.items.map((item) => withObject(item, inventoryView(item, run.podTemplates))),
      findings: checked.findings[i],
      problems: l.problems,
      documents: l.documents,
      ...(run.keys ? { key: keys[i] } : {}),
    })),
    parts: [],
    crashes: checked.crashes,
  };
}
