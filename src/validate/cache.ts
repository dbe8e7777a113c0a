/**
 * The incremental validation cache: per file, what parsing and the object-scope rules made of it (the inventory
 * view of its objects as JSON, its object-rule findings with lines, its problems, its document count), so a re-run
 * parses and judges only the files that changed; the inventory rules always run over the whole input.
 *
 * Layout: `<root>/<config>/<pack>.pack`, where `<config>` hashes everything besides a file's bytes that decides
 * those results (Plimsoll's version and code, the resolved policy, the Kubernetes version, the `--crds` schemas),
 * and an entry's key hashes the file's display path, whether it is context, and its bytes. A run reads every pack
 * of its config, then writes the entries it computed as one new pack (temp file + rename, so a concurrent run never
 * reads half a pack); past MAX_PACKS it writes one pack of every entry it used and deletes the packs it read. Each
 * pack carries a sha256 of its body: a corrupt or truncated one is never trusted, only deleted, and its files are
 * computed again and written anew. The whole root is kept under its byte limit by deleting the least recently used
 * packs (reading one touches it). Beside the packs, `stats.json` maps each file of the last run to its stat and key,
 * so a re-run reads and hashes only files whose stat changed (keyByStat; as git's index does).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PLIMSOLL_VERSION } from '../version';
import type { FileFinding } from './file-check';
import type { InputProblem, K8sObject, StageRef } from '../check/types';

export type ObjectEntry = [doc: number, pointer: string, view: K8sObject];

/** What a run keeps of one file: as a worker sends it (see parallel-worker.ts), without its place in the run. */
export interface CachedFile {
  readonly file: string;
  readonly stage?: StageRef;
  /**
   * [doc, pointer ('' for a whole document), inventory-rule view] triples: as JSON text when just computed (as the
   * workers send them), as values when read from a pack (which embeds the text as it is, parsed once).
   */
  readonly objects: string | ObjectEntry[];
  readonly findings: FileFinding[];
  readonly problems: InputProblem[];
  readonly documents?: number;
}

/** Bumped when CachedFile or the pack format changes: older packs then sit in another config folder and age out. */
const FORMAT = 1;
/** Packs a config folder may hold before a run compacts them into one. */
export const MAX_PACKS = 4;
/** Default bound of the whole cache folder. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** What configKey gives: the only folders pruning looks into. */
const CONFIG_FOLDER = /^[0-9a-f]{64}$/;
/** A temp file this old is a crashed run's: removed. */
const STALE_TEMP_MS = 60 * 60 * 1000;

function sha256(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p).update('\0');
  return hash.digest('hex');
}

/** What names a file in the stats: its real path, how findings name it, and whether it is only context (as fileKey). */
export function statId(path: string, display: string, context: boolean): string {
  return `${resolve(path)}\0${display}\0${context ? 'context' : 'validated'}`;
}

/** An entry's key: the file as findings name it, whether it is only context, and its bytes. */
export function fileKey(display: string, context: boolean, bytes: Buffer): string {
  return sha256(display, context ? 'context' : 'validated', bytes);
}

/**
 * What identifies this build of Plimsoll beyond its version: the bundle's size and time when running from lib/, else
 * the newest source file under src/ (an edited rule must never reuse results of the rule before the edit).
 */
function codeFingerprint(): string {
  if (__filename.endsWith('.cjs')) {
    const s = statSync(__filename);
    return `bundle:${s.size}:${s.mtimeMs}`;
  }
  let newest = 0;
  let count = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        count++;
        newest = Math.max(newest, statSync(full).mtimeMs);
      }
    }
  };
  walk(resolve(__dirname, '..'));
  return `source:${count}:${newest}`;
}

/** Everything besides a file's bytes that decides its cached results; see the module comment. */
export function configKey(config: unknown): string {
  return sha256(String(FORMAT), PLIMSOLL_VERSION, codeFingerprint(), JSON.stringify(config));
}

/**
 * The default cache folder for input at `start` (a file or folder; the cwd for standard input):
 * `node_modules/.cache/plimsoll/` beside the nearest package.json above it, as other tools keep theirs. Outside
 * any project: undefined, and validation runs without a cache unless `--cache-dir` names one.
 */
export function defaultCacheDir(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    try {
      if (statSync(join(dir, 'package.json')).isFile()) return join(dir, 'node_modules', '.cache', 'plimsoll');
    } catch {
      // not here
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

interface PackFile {
  readonly path: string;
  readonly entries: Record<string, CachedFile>;
}

/** A pack's text: a header line with the body's checksum, then the body. */
function encodePack(entries: Record<string, CachedFile>): string {
  const body = `{${Object.entries(entries)
    .map(
      ([key, { objects, ...rest }]) =>
        `${JSON.stringify(key)}:{"objects":${typeof objects === 'string' ? objects : JSON.stringify(objects)},"rest":${JSON.stringify(rest)}}`,
    )
    .join(',')}}`;
  return `${JSON.stringify({ format: FORMAT, sha256: sha256(body), bytes: Buffer.byteLength(body) })}\n${body}`;
}

/** The entries of a pack, or undefined when it is unreadable, truncated or does not match its checksum. */
function decodePack(text: string): Record<string, CachedFile> | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(text.slice(0, newline)) as { format?: unknown; sha256?: unknown };
    const body = text.slice(newline + 1);
    if (header.format !== FORMAT || header.sha256 !== sha256(body)) return undefined;
    const stored = JSON.parse(body) as Record<string, { objects: ObjectEntry[]; rest: Omit<CachedFile, 'objects'> }>;
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
    const entries: Record<string, CachedFile> = {};
    for (const [key, { objects, rest }] of Object.entries(stored)) entries[key] = { ...rest, objects };
    return entries;
  } catch {
    return undefined;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // a concurrent run removed it first
  }
}

export interface CacheOptions {
  /** Bound of the whole root folder (default DEFAULT_MAX_BYTES). */
  readonly maxBytes?: number;
}

/** A file's identity on disk, as `statSync(…, { bigint: true })` gives it. */
export interface FileStat {
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly ino: bigint;
}

/** [size, mtimeNs, ctimeNs, ino, when the stat was taken (ns since the epoch), key] as decimal strings. */
type StatRecord = [string, string, string, string, string, string];
const STATS_FILE = 'stats.json';
/** A file changed less than this before its stat was taken may change again within the same timestamp: never trusted. */
const RACY_NS = 2_000_000_000n;

export class ValidationCache {
  private readonly folder: string;
  /** By statId: the key a file's bytes had when it had this stat (read from stats.json, and noted this run). */
  private readonly stats = new Map<string, StatRecord>();
  private readonly noted = new Map<string, StatRecord>();
  private readonly packs: PackFile[] = [];
  private readonly entries = new Map<string, CachedFile>();
  /** Entries this run computed, and those it took from packs (for a compaction). */
  private readonly added = new Map<string, CachedFile>();
  private readonly used = new Map<string, CachedFile>();
  /** Packs found corrupt and removed (for tests and PLIMSOLL_TIMINGS). */
  public corrupt = 0;

  /** Reads every pack of `config` under `root`; a folder that cannot be read is an empty cache. */
  constructor(
    private readonly root: string,
    config: string,
    private readonly options: CacheOptions = {},
  ) {
    this.folder = join(root, config);
    let names: string[] = [];
    try {
      names = readdirSync(this.folder)
        .filter((n) => n.endsWith('.pack'))
        .sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(this.folder, name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // removed by a concurrent run's compaction or pruning
      }
      const entries = decodePack(text);
      if (!entries) {
        this.corrupt++;
        removeQuietly(path);
        continue;
      }
      this.packs.push({ path, entries });
      for (const [key, entry] of Object.entries(entries)) this.entries.set(key, entry);
    }
    try {
      const stored = JSON.parse(readFileSync(join(this.folder, STATS_FILE), 'utf8')) as Record<string, unknown>;
      for (const [id, record] of Object.entries(stored))
        if (
          Array.isArray(record) &&
          record.length === 6 &&
          record.slice(0, 5).every((v) => typeof v === 'string' && /^\d+$/.test(v)) &&
          typeof record[5] === 'string'
        )
          this.stats.set(id, record as StatRecord);
    } catch {
      // none yet, or damaged: keys are computed from the bytes
    }
  }

  /**
   * The key of a file from its stat alone, without reading it: when its size, mtime, ctime and inode are those it had
   * when a run last computed its key, that stat was taken well after its last change (a racily clean file is read),
   * and the cache holds the key. `id` names the file and how it is judged (statId).
   */
  public keyByStat(id: string, stat: FileStat): string | undefined {
    const record = this.stats.get(id);
    if (!record) return undefined;
    const [size, mtime, ctime, ino, taken, key] = record;
    if (size !== String(stat.size) || mtime !== String(stat.mtimeNs) || ctime !== String(stat.ctimeNs) || ino !== String(stat.ino)) return undefined;
    const changed = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
    if (changed > BigInt(taken) - RACY_NS) return undefined;
    return this.entries.has(key) ? key : undefined;
  }

  /** Notes that the file `id` had `stat`, taken at `takenNs` before it was read, and its bytes `key`. */
  public noteStat(id: string, stat: FileStat, takenNs: bigint, key: string): void {
    this.noted.set(id, [String(stat.size), String(stat.mtimeNs), String(stat.ctimeNs), String(stat.ino), String(takenNs), key]);
  }

  public get size(): number {
    return this.entries.size;
  }

  public get(key: string): CachedFile | undefined {
    const entry = this.entries.get(key);
    if (entry) this.used.set(key, entry);
    return entry;
  }

  public put(key: string, entry: CachedFile): void {
    this.added.set(key, entry);
    this.used.set(key, entry);
  }

  /**
   * Writes what this run computed, compacts past MAX_PACKS, marks the packs read as used, and prunes the root to
   * its bound. Never throws: a cache that cannot be written costs only the next run's time.
   */
  public save(): void {
    try {
      const now = new Date();
      const compact = this.packs.length + (this.added.size ? 1 : 0) > MAX_PACKS;
      const written = compact ? Object.fromEntries(this.used) : Object.fromEntries(this.added);
      if (compact || this.added.size) this.write(written);
      this.writeStats();
      for (const pack of this.packs) {
        if (compact) removeQuietly(pack.path);
        else {
          try {
            utimesSync(pack.path, now, now);
          } catch {
            // pruned by a concurrent run
          }
        }
      }
      this.prune();
    } catch {
      // see above
    }
  }

  /** The stats of the files this run used (noted now, else as read), when they changed: one small file, replaced whole. */
  private writeStats(): void {
    const kept: Record<string, StatRecord> = {};
    let changed = false;
    for (const [id, record] of this.noted) {
      if (!this.used.has(record[5])) continue;
      kept[id] = record;
      const old = this.stats.get(id);
      if (!old || old.join() !== record.join()) changed = true;
    }
    if (!changed && Object.keys(kept).length === this.stats.size) return;
    mkdirSync(this.folder, { recursive: true });
    const temp = join(this.folder, `${STATS_FILE}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(temp, JSON.stringify(kept));
    renameSync(temp, join(this.folder, STATS_FILE));
  }

  private write(entries: Record<string, CachedFile>): void {
    mkdirSync(this.folder, { recursive: true });
    const name = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const temp = join(this.folder, `${name}.tmp`);
    writeFileSync(temp, encodePack(entries));
    renameSync(temp, join(this.folder, `${name}.pack`));
  }

  /** Least recently used packs out until the root is within its bound; crashed runs' temp files and empty folders too. */
  private prune(): void {
    const max = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const packs: Array<{ path: string; size: number; mtime: number }> = [];
    let total = 0;
    let configs: string[];
    try {
      configs = readdirSync(this.root);
    } catch {
      return;
    }
    // Only folders named as configKey names them: a --cache-dir shared with other files keeps those.
    configs = configs.filter((c) => CONFIG_FOLDER.test(c));
    for (const config of configs) {
      const folder = join(this.root, config);
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(folder, name);
        try {
          const s = statSync(path);
          if (name.endsWith('.tmp')) {
            if (Date.now() - s.mtimeMs > STALE_TEMP_MS) removeQuietly(path);
            continue;
          }
          if (!name.endsWith('.pack')) continue;
          packs.push({ path, size: s.size, mtime: s.mtimeMs });
          total += s.size;
        } catch {
          // gone meanwhile
        }
      }
    }
    packs.sort((a, b) => a.mtime - b.mtime);
    for (const pack of packs) {
      if (total <= max) break;
      removeQuietly(pack.path);
      total -= pack.size;
    }
    for (const config of configs) {
      try {
        rmdirSync(join(this.root, config)); // only succeeds when empty
      } catch {
        // not empty, or not a folder
      }
    }
  }
}
