/**
 * Source positions, recovered only when needed: the first time a finding needs a line, the finding's document is
 * parsed for positions (js-yaml events; the whole file with `yaml`'s CST-backed Documents when that cannot be
 * trusted), and that parse is cached for the rest of the report.
 */
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import { parsePointer } from '../lib/json-pointer';
import { documentStarts, lineOfPointer, nodeTree, type DocumentStart } from './locate-fast';
import type { InventoryItem } from '../check/types';

export interface YamlPositions {
  /** 1-based line of the node at `pointer` in document `doc`, or of its deepest existing ancestor. */
  lineOf(doc: number, pointer: string): number | null;
}

export function yamlPositions(text: string): YamlPositions {
  // Loaded here, not at the top: only files js-yaml cannot read need it.
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } = require('yaml') as typeof Yaml;
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const line = (offset: number | undefined): number | null => (offset === undefined ? null : counter.linePos(offset).line);
  return {
    lineOf(doc, pointer) {
      const document = list[doc];
      if (!document) return null;
      let node: unknown = document.contents;
      let best = line((node as Node | null)?.range?.[0] ?? document.range?.[0]);
      for (const token of parsePointer(pointer)) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === token);
          if (!pair) break;
          best = line((pair.key as Node).range?.[0]) ?? best;
          node = pair.value;
        } else if (isSeq(node) && /^\d+$/.test(token) && Number(token) < node.items.length) {
          node = node.items[Number(token)];
          best = line((node as Node | null)?.range?.[0]) ?? best;
        } else {
          break;
        }
      }
      return best;
    },
  };
}

/**
 * js-yaml's event tree (fast), with `yaml` (parsed on first need) for the pointers the tree cannot place (see
 * lineOfPointer); undefined when js-yaml cannot read the text (the caller falls back to `yaml`).
 */
function fastPositions(text: string): YamlPositions | undefined {
  try {
    const roots = nodeTree(text);
    let slow: YamlPositions | undefined;
    return {
      lineOf: (doc, pointer) => {
        const line = lineOfPointer(roots, doc, pointer);
        return line !== undefined ? line : (slow ??= yamlPositions(text)).lineOf(doc, pointer);
      },
    };
  } catch {
    return undefined;
  }
}

/**
 * Positions in one small file (a policy, a waiver file), parsed on the first line asked for: js-yaml's events
 * where they place the pointer, `yaml` only where they cannot.
 */
export function lazyPositions(text: string): YamlPositions {
  let positions: YamlPositions | undefined;
  return { lineOf: (doc, pointer) => (positions ??= fastPositions(text) ?? yamlPositions(text)).lineOf(doc, pointer) };
}

/** A file known by where its documents start (bytes): a document's text is read alone (see PositionCache). */
export interface DocumentSource {
  readonly starts: readonly DocumentStart[];
  /** The text of bytes `start`…`end` (default: to the end) of the file. */
  text(start: number, end?: number): string;
}

interface FilePositions {
  /** The whole text: given, or read on first need when `source` reads documents alone. */
  text?: string;
  readonly source?: DocumentSource;
  /** Document starts, when their count matches the parser's (see documentStarts). */
  readonly starts?: readonly DocumentStart[];
  readonly documents: Map<number, YamlPositions | null>;
  whole?: YamlPositions;
}

/**
 * Caches positions per file; `source(file)` supplies the text (from disk, or from memory during synth), and
 * `documentCount(file)`, where known, how many documents the loader found in it: with that, a line costs a parse
 * of one document instead of the whole file.
 */
export class PositionCache {
  /** The files looked up last, most recent last: a report's findings come rule by rule, file by file in each. */
  private readonly cache = new Map<string, FilePositions | null>();
  /** Files kept parsed at once: every file with a finding kept its text and node trees till the report's end (200 MB at 200,000 objects). */
  private static readonly FILES = 16;

  constructor(
    private readonly source: (file: string) => string | undefined,
    private readonly documentCount: (file: string) => number | undefined = () => undefined,
    /** Files whose documents can be read alone (a large file that was split): never read whole unless needed. */
    private readonly documentSource: (file: string) => DocumentSource | undefined = () => undefined,
  ) {}

  /** Line of `path` (a finding's, relative to the item's object: a List's item is not its document) in the item's file. */
  public lineOfItem(item: Pick<InventoryItem, 'file' | 'doc' | 'pointer'>, path: string): number | null {
    return this.lineOf(item.file, item.doc, item.pointer ? item.pointer + path : path);
  }

  public lineOf(file: string, doc: number, pointer: string): number | null {
    let entry = this.cache.get(file);
    if (entry !== undefined) {
      this.cache.delete(file);
      this.cache.set(file, entry);
    } else {
      const source = this.documentSource(file);
      if (source) entry = { source, starts: source.starts, documents: new Map() };
      else {
        const text = this.source(file);
        const count = text === undefined ? undefined : this.documentCount(file);
        const starts = count === undefined ? undefined : documentStarts(text!);
        entry = text === undefined ? null : { text, starts: starts?.length === count ? starts : undefined, documents: new Map() };
      }
      this.cache.set(file, entry);
      if (this.cache.size > PositionCache.FILES) this.cache.delete(this.cache.keys().next().value!);
    }
    if (!entry) return null;
    const one = entry.starts?.[doc] && this.document(entry, doc);
    if (one) return one.lineOf(0, pointer);
    entry.text ??= this.source(file);
    if (entry.text === undefined) return null;
    entry.whole ??= fastPositions(entry.text) ?? yamlPositions(entry.text);
    return entry.whole.lineOf(doc, pointer);
  }

  /** Positions within document `doc` alone, lines counted from the top of the file; null if it does not parse alone. */
  private document(entry: FilePositions, doc: number): YamlPositions | null {
    let positions = entry.documents.get(doc);
    if (positions === undefined) {
      const start = entry.starts![doc];
      const end = entry.starts![doc + 1]?.offset;
      const local = fastPositions(entry.source ? entry.source.text(start.offset, end) : entry.text!.slice(start.offset, end));
      const shift = (line: number | null) => (line === null ? null : line + start.line);
      positions = local ? { lineOf: (_doc, pointer) => shift(local.lineOf(0, pointer)) } : null;
      entry.documents.set(doc, positions);
      // One large file may have findings in thousands of documents: keep the trees of the last few only.
      if (entry.documents.size > 256) entry.documents.delete(entry.documents.keys().next().value!);
    }
    return positions;
  }
}
