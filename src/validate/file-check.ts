/**
 * One file through the object-scope rules, as the parallel path does it on every thread: run the rules on the
 * file's objects (they need nothing else), and resolve those findings' lines while the text is at hand.
 */
import type { LoadedFile } from './load';
import { Inventory } from './inventory';
import { PositionCache } from './locate';
import { WaiverSet } from './waiver-set';
import type { Rule } from '../rules/types';
import type { InventoryItem } from './types';

export interface ObjectRule {
  readonly rule: Rule<any>;
  readonly options: Record<string, unknown>;
}

export interface FileFinding {
  readonly rule: string;
  readonly doc: number;
  readonly path: string;
  readonly message: string;
  readonly line: number | null;
}

export interface CheckedFile {
  readonly loaded: LoadedFile;
  readonly findings: FileFinding[];
}

/** Checks loaded files against `rules`; custom resources are judged against `crds` (every CRD of the input). */
export function fileChecker(rules: readonly ObjectRule[], crds: readonly InventoryItem[], now: Date): (loaded: LoadedFile) => CheckedFile {
  const noWaivers = new WaiverSet();
  return (loaded) => {
    const findings: FileFinding[] = [];
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
    return { loaded, findings };
  };
}

/**
 * The next chunk of files for this thread: every thread takes chunks from one shared counter, so a thread that
 * starts late or runs slow simply takes fewer. Undefined when none are left.
 */
export function nextChunk(claims: Int32Array, chunkSize: number, files: number): { from: number; to: number } | undefined {
  const from = Atomics.add(claims, 0, 1) * chunkSize;
  return from < files ? { from, to: Math.min(files, from + chunkSize) } : undefined;
}
