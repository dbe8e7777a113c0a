/**
 * One large file split at its document boundaries into parts that threads parse and judge apart. Boundaries come
 * from documentStarts (a `---` at the start of a line, which ends any scalar or collection in YAML, block scalars
 * included; texts with `...` or `%` lines are not split). A part is trusted only when it parses cleanly into as many
 * documents as the scan gave it and stays inside its share of the file's alias and merge allowance: anything else
 * (a parse error, a non-object document, a limit reached) sends the whole file back to the single-file path, so
 * the result is always the one a whole-file parse gives.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { documentRanges, documentStarts } from './locate-fast';
import { aliasNodeLimit } from './yaml-limits';
import { parseManifestText, type LoadedFile } from './load';
import { makeItem } from '../check/inventory';
import { parseStageDir } from '../lib/stage-dir';
import { isKustomizePatch } from './kustomization';

/** Files smaller than this are never split: one part of them is a thread's fair share already. */
export const SPLIT_MIN_BYTES = 2 * 1024 * 1024;
/** About how much text a part holds. */
export const PART_BYTES = 1024 * 1024;

export interface FilePart {
  /** Index of the file in the run's list. */
  readonly file: number;
  readonly index: number;
  /** Byte range in the file. */
  readonly byteStart: number;
  readonly byteEnd: number;
  /** Index in the file of the part's first document, and the 0-based line it starts on. */
  readonly firstDoc: number;
  readonly firstLine: number;
  /** Documents the scan found in the part. */
  readonly documents: number;
  /** This part's share of the file's alias and merge allowance. */
  readonly limit: number;
  /** The part's text, for standard input (which only the main thread can read); else read from the file. */
  readonly text?: string;
}

/** Parts of `text` (the file's decoded bytes), or undefined when it does not split into two or more. */
export function splitFile(file: number, text: string, inline: boolean, partBytes = PART_BYTES): FilePart[] | undefined {
  const starts = documentStarts(text);
  if (!starts || starts.length < 2) return undefined;
  const allowance = aliasNodeLimit(text.length);
  const ranges = documentRanges(text, starts, partBytes);
  if (ranges.length < 2) return undefined;
  let byteStart = 0;
  return ranges.map((r, index) => {
    const slice = text.slice(r.start, r.end);
    const bytes = Buffer.byteLength(slice);
    const part: FilePart = {
      file,
      index,
      byteStart,
      byteEnd: byteStart + bytes,
      firstDoc: r.from,
      firstLine: r.line,
      documents: r.to - r.from,
      // Shares in proportion to length, rounded down: parts within theirs are within the file's.
      limit: Math.floor((allowance * slice.length) / text.length),
      ...(inline ? { text: slice } : {}),
    };
    byteStart += bytes;
    return part;
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function readRange(path: string, start: number, end: number): Buffer {
  const buffer = Buffer.allocUnsafe(end - start);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return read === buffer.length ? buffer : buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

export interface LoadedPart {
  /** Items and text of the part alone: documents and lines counted from the part's start. */
  readonly loaded: LoadedFile;
  /** Whether the part can stand for its documents (see the module comment). */
  readonly trusted: boolean;
}

/** Reads and parses one part; `path` as given to the run, `file` as displayed. */
export function loadPart(path: string, file: string, part: FilePart): LoadedPart {
  let text: string;
  try {
    text = part.text ?? decoder.decode(readRange(path, part.byteStart, part.byteEnd));
  } catch {
    return { loaded: { file, items: [], problems: [] }, trusted: false };
  }
  const parsed = parseManifestText(text, file, part.limit);
  const trusted = !parsed.problems.length && !parsed.limitReached && parsed.documents === part.documents;
  const stage = parseStageDir(basename(dirname(path)));
  const patch = isKustomizePatch(path);
  const items = parsed.objects.map(({ object, doc, pointer }) =>
    patch ? { ...makeItem(object, file, doc, stage, pointer), patch } : makeItem(object, file, doc, stage, pointer),
  );
  return { loaded: { file, items, problems: parsed.problems, text, documents: parsed.documents }, trusted };
}
