/**
 * Files through the object-scope rules, as the parallel path does it on every thread: run the rules on the files'
 * objects (they need nothing else), and resolve those findings' lines while the texts are at hand.
 */
import type { LoadedFile } from './load';
import { Inventory } from '../check/inventory';
import { PositionCache } from './locate';
import { WaiverSet } from '../check/waiver-set';
import type { Rule } from '../rules/types';
import type { RunContext } from './engine';

export interface ObjectRule {
  readonly rule: Rule<any>;
  readonly options: Record<string, unknown>;
}

export interface FileFinding {
  readonly rule: string;
  readonly doc: number;
  /** See InventoryItem.pointer. */
  readonly pointer?: string;
  readonly path: string;
  readonly message: string;
  readonly line: number | null;
  /** A finding the rule lowered to a warning (RuleFinding.severity). */
  readonly severity?: 'warning' | 'info';
  /** RuleFinding.once: reported on the first object alike only. */
  readonly once?: string;
}

/** A rule that threw (a Plimsoll bug): the engine reports it as one finding, as when it throws there. */
export interface RuleCrash {
  readonly rule: string;
  readonly message: string;
}

export interface CheckedFiles {
  /** Each file's findings, in the order of the files checked. */
  readonly findings: FileFinding[][];
  readonly crashes: RuleCrash[];
}

/**
 * Checks loaded files against `rules`. The files of one call are checked together (one inventory, one pass of
 * each rule: cheaper than file by file). Custom resources are judged against the CRDs among these files only:
 * the caller judges again the objects a CRD elsewhere in the input defines (see parallel.ts).
 */
export function fileChecker(rules: readonly ObjectRule[], now: Date, run: RunContext): (files: readonly LoadedFile[]) => CheckedFiles {
  const noWaivers = new WaiverSet();
  const check = (files: readonly LoadedFile[]): CheckedFiles => {
    const byFile = new Map(files.map((loaded) => [loaded.file, { loaded, findings: [] as FileFinding[] }]));
    // Two paths shown alike (`a.yaml`, `./a.yaml`) would mix their findings: check those one at a time.
    if (byFile.size < files.length) {
      const each = files.map((f) => check([f]));
      return { findings: each.flatMap((c) => c.findings), crashes: each.flatMap((c) => c.crashes) };
    }
    const inventory = new Inventory(files.flatMap((f) => f.items));
    const positions = new PositionCache(
      (file) => byFile.get(file)?.loaded.text,
      (file) => byFile.get(file)?.loaded.documents,
    );
    const crashes: RuleCrash[] = [];
    for (const { rule, options } of rules) {
      try {
        for (const f of rule.check({ inventory, options, waivers: noWaivers, now, ...run })) {
          if (!f.item) continue;
          const line = positions.lineOfItem(f.item, f.path);
          byFile.get(f.item.file)!.findings.push({
            rule: rule.meta.id,
            doc: f.item.doc,
            pointer: f.item.pointer,
            path: f.path,
            message: f.message,
            line,
            ...(f.severity ? { severity: f.severity } : {}),
            ...(f.once ? { once: f.once } : {}),
          });
        }
      } catch (err) {
        // Its findings so far are moot: the whole rule is reported as crashed.
        crashes.push({ rule: rule.meta.id, message: (err as Error).message });
      }
    }
    return { findings: files.map((f) => byFile.get(f.file)!.findings), crashes };
  };
  return check;
}

/**
 * `check` on the files `skip` does not name (by index in `files`): context files are loaded for the inventory
 * only, so no object rule need judge them. Skipped files get no findings.
 */
export function checkExcept(
  check: (files: readonly LoadedFile[]) => CheckedFiles,
  files: readonly LoadedFile[],
  skip: (index: number) => boolean,
): CheckedFiles {
  const kept = files.map((_, i) => i).filter((i) => !skip(i));
  if (kept.length === files.length) return check(files);
  const checked = check(kept.map((i) => files[i]));
  const findings: FileFinding[][] = files.map(() => []);
  kept.forEach((fileIndex, i) => (findings[fileIndex] = checked.findings[i]));
  return { findings, crashes: checked.crashes };
}

/**
 * The next chunk of files for this thread: every thread takes chunks from one shared counter, so a thread that
 * starts late or runs slow simply takes fewer. Undefined when none are left.
 */
export function nextChunk(claims: Int32Array, chunkSize: number, files: number): { from: number; to: number } | undefined {
  const from = Atomics.add(claims, 0, 1) * chunkSize;
  return from < files ? { from, to: Math.min(files, from + chunkSize) } : undefined;
}
