/**
 * The runtime alignment note's evidence export (§2, §5): reads scanner.entrytrace.ndjson and
 * zastava.runtime.ndjson, validates every line against schemas/runtime-event.schema.json, and writes
 * offline/runtime/<runId>/ with
 * - both streams, each sorted by (workloadId, timestamp, edgeType), and runtime.merged.ndjson with both merged per
 *   workload in that order; equal keys keep their input order (scanner stream first, then line order), so events
 *   of the same workload are coalesced without reordering;
 * - quarantine.ndjson: every invalid line with its stream, line number and reasons (never dropped silently);
 * - manifest.json: the sha256 of every input and output stream, the quarantine count and the workload identity
 *   table (schemas/runtime-evidence-manifest.schema.json).
 * Input is streamed and sorted externally, and the identity table is streamed too (rows come out of the sort in
 * workloadId order and go straight to a spill file that is copied into manifest.json), so memory stays bounded
 * whatever the number of events or workloads. The same inputs give the same bytes: nothing depends on time, paths
 * or the machine. The bundle is written to a temporary folder beside the target and renamed into place; that folder
 * and the spill folder are named `<prefix><host>-<pid>-<random>`, so a later run on the same host removes the
 * folders of a killed run (its pid no longer running) and never those of a live one.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../lib/errors';
import { isPidAlive } from '../../lib/process-owner';
import { PLIMSOLL_VERSION } from '../../version';
import { parseLine, sortKey, STREAMS, type StreamName } from './event';
import { HashingWriter, LineReader } from './io';
import { ExternalSorter } from './sort';

export const MERGED_FILE = 'runtime.merged.ndjson';
export const QUARANTINE_FILE = 'quarantine.ndjson';
export const MANIFEST_FILE = 'manifest.json';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const PREVIEW_CHARS = 1024;
const WORK_PREFIX = '.bundle-';
const SPILL_PREFIX = 'plimsoll-evidence-sort-';

export interface BundleOptions {
  /** scanner.entrytrace.ndjson and zastava.runtime.ndjson, in that order. */
  readonly inputs: Readonly<Record<StreamName, string>>;
  /** Parent folder of the bundle (the bundle is <outDir>/<runId>). */
  readonly outDir: string;
  /** @default - derived from the inputs' sha256: `rt-<16 hex>` */
  readonly runId?: string;
  /** Where sort runs spill. @default os.tmpdir() */
  readonly tmpDir?: string;
  /** Memory budget of the in-memory sort buffer. @default 64 MiB */
  readonly memoryBytes?: number;
  /** Lines longer than this are quarantined. @default 1 MiB */
  readonly maxLineBytes?: number;
  /** Called with the bundle's temporary folder and its spill folder once both exist (for tests). */
  readonly onFolders?: (work: string, spill: string) => void;
}

export interface InputSummary {
  readonly stream: StreamName;
  readonly sha256: string;
  readonly bytes: number;
  readonly lines: number;
  readonly events: number;
  readonly quarantined: number;
}

export interface FileSummary {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly lines: number;
}

export interface WorkloadRow {
  readonly workloadId: string;
  readonly namespaces: string[];
  readonly nodes: string[];
  readonly imageDigests: string[];
  readonly events: Record<StreamName, number>;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
}

export interface BundleManifest {
  readonly apiVersion: 'plimsoll.dev/v1';
  readonly kind: 'RuntimeEvidenceBundle';
  readonly runId: string;
  readonly generator: { readonly name: string; readonly version: string };
  readonly order: string;
  readonly inputs: InputSummary[];
  readonly files: FileSummary[];
  readonly quarantine: { readonly file: string; readonly count: number };
  readonly workloads: WorkloadRow[];
}

/** manifest.json without the workload identity table (which can be too large to hold: it is only in the file). */
export type BundleManifestHead = Omit<BundleManifest, 'workloads'>;

export interface BundleResult {
  /** Absolute path of the bundle folder. */
  readonly dir: string;
  readonly manifest: BundleManifestHead;
  /** Rows of the manifest's workload identity table. */
  readonly workloads: number;
  /** Folders of dead runs on this host removed at start. */
  readonly removedStale: string[];
  /** False when the bundle already existed (same inputs, same bundle): nothing was written. */
  readonly written: boolean;
  /** Sort runs spilled to disk (0: everything fit in memory). */
  readonly sortRuns: number;
}

export const ORDER = `sorted by (workloadId, timestamp, edgeType); events with equal keys keep their input order (${STREAMS[0]} before ${STREAMS[1]}, then by line)`;

/** The folder name's owner: this host (no `/`, as a file name) and this process. */
function ownerTag(): string {
  return `${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-${process.pid}-`;
}

/**
 * Removes `<prefix><host>-<pid>-<random>` folders in `dir` left by killed runs: only this host's, and only when that
 * pid is not running. Other hosts' folders (another pod on a shared volume) cannot be checked and are left alone,
 * as are names without an owner (an older bundler's).
 */
function removeStale(dir: string, prefix: string): string[] {
  const host = ownerTag().replace(/-\d+-$/, '-');
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix + host)) continue;
    const m = /^(\d+)-[^-]+$/.exec(name.slice(prefix.length + host.length));
    if (!m || isPidAlive(Number(m[1]))) continue;
    const path = join(dir, name);
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** `JSON.stringify(manifest, null, 2)` of one workload row, as an element of the top-level `workloads` list. */
function rowText(row: WorkloadRow): string {
  return `    ${JSON.stringify(row, null, 2).replace(/\n/g, '\n    ')}`;
}

/** Appends a file's bytes to a writer, 1 MiB at a time. */
function copyInto(out: HashingWriter, path: string): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) out.writeBytes(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

export function bundle(options: BundleOptions): BundleResult {
  for (const stream of STREAMS) {
    const path = options.inputs[stream];
    if (!path || !existsSync(path) || !statSync(path).isFile())
      throw new InputError(`${stream}: ${path ? `${path} is not a readable file` : 'no input given'}`);
  }
  if (options.runId !== undefined && !RUN_ID.test(options.runId))
    throw new InputError(`run id ${JSON.stringify(options.runId)} must match ${RUN_ID.source} (it names the folder offline/runtime/<runId>)`);
  const tmpDir = resolve(options.tmpDir ?? tmpdir());
  if (!existsSync(tmpDir) || !statSync(tmpDir).isDirectory())
    throw new InputError(`--tmp-dir ${tmpDir} does not exist or is not a folder: create it or name another for the sort's spill files`);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const removedStale = [...removeStale(outDir, WORK_PREFIX), ...removeStale(tmpDir, SPILL_PREFIX)];
  const created: string[] = [];
  try {
    const work = mkdtempSync(join(outDir, WORK_PREFIX + ownerTag()));
    created.push(work);
    const spill = mkdtempSync(join(tmpDir, SPILL_PREFIX + ownerTag()));
    created.push(spill);
    options.onFolders?.(work, spill);
    const sorter = new ExternalSorter(spill, options.memoryBytes ?? 64 * 1024 * 1024);
    const quarantine = new HashingWriter(join(work, QUARANTINE_FILE));
    const inputs: InputSummary[] = [];
    STREAMS.forEach((stream, index) => {
      const reader = new LineReader(options.inputs[stream], options.maxLineBytes ?? 1024 * 1024, PREVIEW_CHARS * 4);
      let events = 0;
      let quarantined = 0;
      try {
        for (let line = reader.next(); line; line = reader.next()) {
          const parsed = line.tooLong
            ? { ok: false as const, reasons: [`line of ${line.length} bytes exceeds ${options.maxLineBytes ?? 1024 * 1024} bytes`] }
            : parseLine(line.bytes);
          if (parsed.ok) {
            const e = parsed.event;
            sorter.add({ key: sortKey(e, index, line.number), meta: `${e.namespace}\t${e.node}\t${e.imageDigest}\t${e.timestamp}`, text: parsed.text });
            events++;
          } else {
            quarantined++;
            quarantine.writeLine(
              JSON.stringify({
                stream,
                line: line.number,
                reasons: parsed.reasons,
                bytes: line.length,
                ...(line.tooLong ? {} : { sha256: createHash('sha256').update(line.bytes).digest('hex') }),
                preview: line.bytes.toString('utf8').slice(0, PREVIEW_CHARS),
              }),
            );
          }
        }
        inputs.push({ stream, sha256: reader.hash.digest('hex'), bytes: reader.bytesRead, lines: events + quarantined, events, quarantined });
      } finally {
        reader.close();
      }
    });
    const quarantineSha = quarantine.close();

    const outputs = STREAMS.map((s) => new HashingWriter(join(work, s)));
    const merged = new HashingWriter(join(work, MERGED_FILE));
    // The identity table goes to a spill file as `rowText`s joined by `,\n`, copied into manifest.json at the end.
    const table = new HashingWriter(join(spill, 'workloads.json-part'));
    let workloads = 0;
    let current: { id: string; ns: Set<string>; nodes: Set<string>; digests: Set<string>; events: [number, number]; first: string; last: string } | undefined;
    const finish = () => {
      if (!current) return;
      table.write(
        `${workloads++ ? ',\n' : ''}${rowText({
          workloadId: current.id,
          namespaces: [...current.ns].sort(),
          nodes: [...current.nodes].sort(),
          imageDigests: [...current.digests].sort(),
          events: { [STREAMS[0]]: current.events[0], [STREAMS[1]]: current.events[1] } as Record<StreamName, number>,
          firstTimestamp: current.first,
          lastTimestamp: current.last,
        })}`,
      );
    };
    for (const record of sorter.sorted()) {
      const tab = record.key.indexOf('\t');
      const id = record.key.slice(0, tab);
      const stream = record.key.charCodeAt(record.key.length - 14) - 48; // `\t<stream>\t<12-digit line>`
      const [ns, node, digest, timestamp] = record.meta.split('\t');
      if (!current || current.id !== id) {
        finish();
        current = { id, ns: new Set(), nodes: new Set(), digests: new Set(), events: [0, 0], first: timestamp, last: timestamp };
      }
      current.ns.add(ns);
      current.nodes.add(node);
      current.digests.add(digest);
      current.events[stream]++;
      current.last = timestamp;
      outputs[stream].writeLine(record.text);
      merged.writeLine(record.text);
    }
    finish();
    table.close();
    const files: FileSummary[] = [];
    STREAMS.forEach((s, i) => files.push({ path: s, sha256: outputs[i].close(), bytes: outputs[i].bytes, lines: outputs[i].lines }));
    files.push({ path: MERGED_FILE, sha256: merged.close(), bytes: merged.bytes, lines: merged.lines });
    files.push({ path: QUARANTINE_FILE, sha256: quarantineSha, bytes: quarantine.bytes, lines: quarantine.lines });

    const runId =
      options.runId ??
      `rt-${createHash('sha256')
        .update(inputs.map((i) => i.sha256).join('\n'))
        .digest('hex')
        .slice(0, 16)}`;
    const manifest: BundleManifestHead = {
      apiVersion: 'plimsoll.dev/v1',
      kind: 'RuntimeEvidenceBundle',
      runId,
      generator: { name: 'plimsoll evidence-bundler', version: PLIMSOLL_VERSION },
      order: ORDER,
      inputs,
      files,
      quarantine: { file: QUARANTINE_FILE, count: inputs.reduce((n, i) => n + i.quarantined, 0) },
    };
    // Exactly `${JSON.stringify({ ...manifest, workloads }, null, 2)}\n`: workloads is the last key.
    const head = JSON.stringify({ ...manifest, workloads: [] }, null, 2);
    const out = new HashingWriter(join(work, MANIFEST_FILE));
    if (workloads) {
      out.write(`${head.slice(0, -'[]\n}'.length)}[\n`);
      copyInto(out, table.path);
      out.write('\n  ]\n}\n');
    } else {
      out.write(`${head}\n`);
    }
    out.close();
    const result = { manifest, workloads, removedStale, sortRuns: sorter.runCount };
    const dir = join(outDir, runId);
    if (existsSync(dir)) return { dir, written: false, ...result };
    renameSync(work, dir);
    return { dir, written: true, ...result };
  } finally {
    for (const dir of created) rmSync(dir, { recursive: true, force: true });
  }
}
