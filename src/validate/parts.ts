/**
 * One large file split at its document boundaries into parts that threads parse and judge apart. Boundaries come
 * from documentStartsInBytes (a `---` at the start of a line, which ends any scalar or collection in YAML, block scalars
 * included; texts with `...` or `%` lines are not split). A part is trusted only when it parses cleanly into as many
 * documents as the scan gave it and stays inside its share of the file's alias and merge allowance: anything else
 * (a parse error, a non-object document, a limit reached) sends the whole file back to the single-file path, so
 * the result is always the one a whole-file parse gives.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { documentStartsInBytes, utf16Length, type DocumentStart } from './locate-fast';
import { aliasNodeLimit } from './yaml-limits';
import { parseManifestText, type LoadedFile } from './load';
import { makeItem } from '../check/inventory';
import { parseStageDir } from '../lib/stage-dir';
import { isKustomizePatch } from './kustomization';

const decoder = new TextDecoder('utf-8', { fatal: true });

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

/** A large file's parts, and where each of its documents starts (bytes and lines: for the lines of findings later). */
export interface SplitFile {
  readonly parts: FilePart[];
  readonly starts: readonly DocumentStart[];
}

/**
 * Parts of a file given as its bytes, or undefined when it does not split into two or more (or the byte scan
 * declines it: see documentStartsInBytes). The bytes are scanned, never decoded whole; `inline` parts carry their
 * text (standard input).
 */
export function splitBytes(file: number, bytes: Uint8Array, inline: boolean, partBytes = PART_BYTES): SplitFile | undefined {
  const scan = documentStartsInBytes(bytes);
  if (!scan || scan.starts.length < 2) return undefined;
  const { starts, bom } = scan;
  const chars = utf16Length(bytes, bom);
  const allowance = aliasNodeLimit(chars);
  const parts: FilePart[] = [];
  let from = 0;
  const close = (to: number) => {
    const byteStart = from === 0 ? 0 : starts[from].offset;
    const byteEnd = to < starts.length ? starts[to].offset : bytes.length;
    parts.push({
      file,
      index: parts.length,
      byteStart,
      byteEnd,
      firstDoc: from,
      firstLine: from === 0 ? 0 : starts[from].line,
      documents: to - from,
      // Shares in proportion to length, rounded down: parts within theirs are within the file's.
      limit: Math.floor((allowance * utf16Length(bytes, Math.max(byteStart, bom), byteEnd)) / chars),
      ...(inline ? { text: decoder.decode(bytes.subarray(byteStart, byteEnd)) } : {}),
    });
    from = to;
  };
  for (let i = 1; i < starts.length; i++) if (starts[i].offset - (from === 0 ? 0 : starts[from].offset) >= partBytes) close(i);
  close(starts.length);
  return parts.length < 2 ? undefined : { parts, starts };
}

/** Bytes `start`…`end` (default: the end of the file) of a file as text (a document's, for its findings' lines). */
export function readText(path: string, start: number, end?: number): string {
  return readRange(path, start, end ?? statSync(path).size).toString('utf8');
}

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
