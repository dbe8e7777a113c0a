/**
 * Writes rendered environments into the output folder so that dist/<env> is, at every instant and after a kill
 * at any point, either the complete old or the complete new content; never a mix. Nothing outside the output
 * folder is touched (except CDK8S_OUTDIR, below).
 *
 * How (all under the exclusive lock <out>/.plimsoll-synth.lock, src/lib/lock-file.ts, so concurrent runs queue):
 *  1. recover: staging folders of owners that are gone (named .plimsoll-staging-<pid>@<host>) are rolled back:
 *     each .retired/<env> in them is renamed back to <out>/<env> if that is missing (a kill between the two swap
 *     renames), then the folder is removed. .plimsoll-trash-* folders (committed runs) are only removed.
 *  2. write every file into <out>/.plimsoll-staging-<pid>@<host>/<env>/; the live folders are not touched.
 *  3. swap each environment with two renames: <out>/<env> → staging/.retired/<env>, then staging/<env> →
 *     <out>/<env>. rename(2) cannot replace a non-empty folder, and a symlink would be committed to git and read
 *     by Flux, so between the two renames <out>/<env> is briefly absent (never mixed); step 1 of the next run
 *     restores the complete old content if a kill lands there.
 *  4. commit: the staging folder is renamed to .plimsoll-trash-<pid>@<host> (one rename), then removed. After the
 *     commit nothing in it is ever restored, so a kill while removing it cannot resurrect a half-deleted folder.
 *
 * PLIMSOLL_TEST_FAULT (tests only, test/render/concurrent-synth.test.ts) injects faults: `kill@rename:N` SIGKILLs
 * this process just before the Nth rename of steps 3–4, `CODE@write:N` makes the Nth file write fail with errno
 * CODE (EACCES, ENOSPC, EROFS…), which root cannot otherwise provoke with chmod.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../lib/errors';
import { fsError, withFsErrors } from '../lib/fs-errors';
import { acquireLock, LockBusyError } from '../lib/lock-file';
import { isOwnerGone } from '../lib/process-owner';
import { displayPath } from '../lib/paths';
import type { RenderedEnvironment } from './render-environment';

const STAGING_PREFIX = '.plimsoll-staging-';
const TRASH_PREFIX = '.plimsoll-trash-';
export const LOCK_FILE = '.plimsoll-synth.lock';

function isPlimsollOutput(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).generator === 'plimsoll';
  } catch {
    return false;
  }
}

export interface WriteOptions {
  /** Remove dist/<name> folders of environments that no longer exist (only when every environment was rendered). */
  readonly pruneOthers: boolean;
  /** How long to wait for another synth holding the output folder's lock. @default 60_000 */
  readonly lockTimeoutMs?: number;
  /** Told about waiting for the lock, stale locks taken over and interrupted runs recovered. @default - stderr */
  readonly onMessage?: (line: string) => void;
}

interface Fault {
  readonly op: 'rename' | 'write';
  readonly n: number;
  readonly action: string;
  count: number;
}

function parseFault(): Fault | undefined {
  const m = /^(\w+)@(rename|write):(\d+)$/.exec(process.env.PLIMSOLL_TEST_FAULT ?? '');
  return m ? { action: m[1], op: m[2] as Fault['op'], n: Number(m[3]), count: 0 } : undefined;
}

function injectFault(fault: Fault | undefined, op: Fault['op'], path: string): void {
  if (!fault || fault.op !== op || ++fault.count !== fault.n) return;
  if (fault.action === 'kill') process.kill(process.pid, 'SIGKILL');
  const err: NodeJS.ErrnoException = new Error(`${fault.action}: injected fault, ${op} '${path}'`);
  err.code = fault.action;
  throw err;
}

/** The owner of a staging or trash folder; undefined for names this code did not make (pre-lock versions). */
function folderOwner(name: string, prefix: string): { pid: number; host: string } | undefined {
  const m = /^(\d+)@(.+)$/.exec(name.slice(prefix.length));
  return m ? { pid: Number(m[1]), host: m[2] } : undefined;
}

function ownerGone(name: string, prefix: string): boolean {
  const owner = folderOwner(name, prefix);
  return !owner || isOwnerGone(owner);
}

/** Step 1: roll back interrupted runs whose owner is gone; a live owner's folders are left alone. */
function recover(outDir: string, say: (line: string) => void): void {
  for (const entry of readdirSync(outDir)) {
    const full = join(outDir, entry);
    if (entry.startsWith(STAGING_PREFIX) && ownerGone(entry, STAGING_PREFIX)) {
      const retired = join(full, '.retired');
      for (const env of existsSync(retired) ? readdirSync(retired) : []) {
        const live = join(outDir, env);
        if (existsSync(live)) continue;
        renameSync(join(retired, env), live);
        say(`restored ${displayPath(live)} from an interrupted synth (${entry.slice(STAGING_PREFIX.length)})`);
      }
      rmSync(full, { recursive: true, force: true });
    } else if (entry.startsWith(TRASH_PREFIX) && ownerGone(entry, TRASH_PREFIX)) {
      rmSync(full, { recursive: true, force: true });
    }
  }
}

export function writeEnvironments(outDir: string, rendered: readonly RenderedEnvironment[], options: WriteOptions): void {
  const say = options.onMessage ?? ((line: string) => process.stderr.write(`plimsoll synth: ${line}\n`));
  withFsErrors('create', outDir, () => mkdirSync(outDir, { recursive: true }));
  const lockPath = join(outDir, LOCK_FILE);
  let release: () => void;
  try {
    release = acquireLock(lockPath, { timeoutMs: options.lockTimeoutMs ?? 60_000, onMessage: say });
  } catch (err) {
    if (err instanceof LockBusyError)
      throw new InputError(`another synth is writing ${displayPath(outDir)}: ${err.message.replace(err.path, displayPath(err.path))}`);
    throw fsError(err, 'lock', lockPath);
  }
  try {
    withFsErrors('clean up', outDir, () => recover(outDir, say));
    swapIn(outDir, rendered, options);
  } finally {
    release();
  }
}

function swapIn(outDir: string, rendered: readonly RenderedEnvironment[], options: WriteOptions): void {
  const fault = parseFault();
  const owner = `${process.pid}@${hostname()}`;
  const staging = join(outDir, STAGING_PREFIX + owner);
  const retired = join(staging, '.retired');
  const rename = (from: string, to: string, shown: string) => {
    injectFault(fault, 'rename', from);
    withFsErrors('replace', shown, () => renameSync(from, to));
  };
  withFsErrors('create', staging, () => mkdirSync(retired, { recursive: true }));
  let committed = false;
  try {
    for (const env of rendered) {
      for (const [path, content] of env.files) {
        const full = join(staging, env.name, path);
        withFsErrors('write', join(outDir, env.name, path), () => {
          mkdirSync(dirname(full), { recursive: true });
          injectFault(fault, 'write', full);
          writeFileSync(full, content);
        });
      }
    }
    for (const env of rendered) {
      const live = join(outDir, env.name);
      if (existsSync(live)) rename(live, join(retired, env.name), live);
      rename(join(staging, env.name), live, live);
    }
    if (options.pruneOthers) {
      const keep = new Set(rendered.map((r) => r.name));
      for (const entry of readdirSync(outDir, { withFileTypes: true })) {
        const full = join(outDir, entry.name);
        if (entry.isDirectory() && !entry.name.startsWith('.') && !keep.has(entry.name) && isPlimsollOutput(full))
          rename(full, join(retired, entry.name), full);
      }
    }
    const trash = join(outDir, TRASH_PREFIX + owner);
    rename(staging, trash, staging);
    committed = true;
    withFsErrors('remove', trash, () => rmSync(trash, { recursive: true, force: true }));
  } catch (err) {
    // An error (not a kill) before the commit: put back what was retired, as the next run's recovery would.
    if (!committed) {
      try {
        recover(outDir, () => undefined);
      } catch {
        /* the next run recovers */
      }
    }
    throw err;
  }
}

/** For `npx cdk8s synth`: one multi-document file per environment in the folder the cdk8s CLI gives. */
export function writeCdk8sOutput(dir: string, rendered: readonly RenderedEnvironment[]): void {
  withFsErrors('create', dir, () => mkdirSync(dir, { recursive: true }));
  for (const env of rendered) {
    const docs = env.objects.filter((o) => o.stage).map((o) => env.files.get(o.file)!.replace(/^#.*\n/, ''));
    const file = join(dir, `${env.name}.k8s.yaml`);
    withFsErrors('write', file, () => writeFileSync(file, docs.join('---\n')));
  }
}
