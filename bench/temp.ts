/**
 * The bench's temporary folders: all under one root made at start and removed at exit (normal end, an exception,
 * Ctrl-C), so a run leaves nothing behind in the OS temp folder.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempRoot {
  readonly dir: string;
  /** A fresh folder under the root. */
  folder(name: string): string;
  /** Removes the root and everything in it (also done at exit). */
  remove(): void;
}

export function tempRoot(prefix = 'plimsoll-bench-'): TempRoot {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', remove);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      remove();
      process.exit(130);
    });
  }
  return {
    dir,
    folder(name) {
      const folder = join(dir, `${n++}-${name}`);
      mkdirSync(folder, { recursive: true });
      return folder;
    },
    remove,
  };
}
