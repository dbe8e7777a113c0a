/**
 * Source positions, recovered only when needed: a file is parsed for positions (with `yaml`'s CST-backed
 * Documents) the first time a finding in it needs a line, and that parse is cached for the rest of the report.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { parsePointer } from '../lib/json-pointer';
import { lineOfPointer, nodeTree } from './locate-fast';

export interface YamlPositions {
  /** 1-based line of the node at `pointer` in document `doc`, or of its deepest existing ancestor. */
  lineOf(doc: number, pointer: string): number | null;
}

export function yamlPositions(text: string): YamlPositions {
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

/** js-yaml's event tree (fast); undefined when js-yaml cannot read the text (the caller falls back to `yaml`). */
function fastPositions(text: string): YamlPositions | undefined {
  try {
    const roots = nodeTree(text);
    return { lineOf: (doc, pointer) => lineOfPointer(roots, doc, pointer) };
  } catch {
    return undefined;
  }
}

/** Caches positions per file; `source(file)` supplies the text (from disk, or from memory during synth). */
export class PositionCache {
  private readonly cache = new Map<string, YamlPositions | null>();

  constructor(private readonly source: (file: string) => string | undefined) {}

  public lineOf(file: string, doc: number, pointer: string): number | null {
    let positions = this.cache.get(file);
    if (positions === undefined) {
      const text = this.source(file);
      positions = text === undefined ? null : fastPositions(text) ?? yamlPositions(text);
      this.cache.set(file, positions);
    }
    return positions ? positions.lineOf(doc, pointer) : null;
  }
}
