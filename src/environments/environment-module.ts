/**
 * An environment file's export, loaded through tsx. Each load runs in its own tsx namespace, so a long-lived
 * process (the CLI run in-process, a test run) sees an environment file, or a shared base it imports, as it is now
 * on disk rather than as Node's require cache kept it; unchanged files are not loaded again.
 */
import { statSync } from 'node:fs';

interface Stamp {
  readonly file: string;
  readonly mtimeMs: number;
  readonly size: number;
}

interface Loaded {
  readonly exported: unknown;
  /** The environment file and every module its load evaluated. */
  readonly stamps: readonly Stamp[];
}

const loaded = new Map<string, Loaded>();
let namespaces = 0;

function stamp(file: string): Stamp {
  const s = statSync(file);
  return { file, mtimeMs: s.mtimeMs, size: s.size };
}

function unchanged(s: Stamp): boolean {
  try {
    const now = statSync(s.file);
    return now.mtimeMs === s.mtimeMs && now.size === s.size;
  } catch {
    return false;
  }
}

/** The default export (else the module) of the TypeScript file `file`; throws what loading it throws. */
export function requireEnvironmentModule(file: string): unknown {
  const known = loaded.get(file);
  if (known && known.stamps.every(unchanged)) return known.exported;
  const tsx = require('tsx/cjs/api') as typeof import('tsx/cjs/api');
  const namespace = `plimsoll-environment-${++namespaces}`;
  const api = tsx.register({ namespace });
  // tsx keys the namespace's modules `<file>?namespace=<namespace>` in require.cache.
  const suffix = `?namespace=${namespace}`;
  const keys = () => Object.keys(require.cache).filter((key) => key.endsWith(suffix));
  try {
    const mod = api.require(file, __filename);
    const exported = mod?.default ?? mod;
    const files = new Set([file, ...keys().map((key) => key.slice(0, -suffix.length))]);
    loaded.set(file, { exported, stamps: [...files].map(stamp) });
    return exported;
  } finally {
    api.unregister();
    for (const key of keys()) delete require.cache[key];
  }
}
