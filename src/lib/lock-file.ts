/**
 * An exclusive lock held as a file: `acquireLock(path)` returns once this process owns `path`, and the returned
 * release() removes it. The lock is created with link(2) from a private file already holding its content, so it
 * appears atomically and complete (O_EXCL semantics, and no reader ever sees an empty lock file).
 *
 * A lock whose owner is gone (same host, pid not alive, or our own pid left by an earlier process) is stale and
 * taken over; a live one is waited for up to `timeoutMs`, then a LockBusyError names who holds it and since when.
 * Breaking a stale lock is itself guarded by `<path>.breaking` (created the same way), so two waiters that both
 * judged a lock stale cannot remove a fresh lock the other has just taken. Not covered: pid reuse (a dead owner's
 * pid now running another program keeps the lock until the timeout) and owners on another host (never judged
 * stale; remove the file by hand, the message says which).
 */
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isOwnerGone, type ProcessOwner } from './process-owner';

export interface LockOwner extends ProcessOwner {
  /** ISO time the owner took the lock. */
  readonly since: string;
}

export class LockBusyError extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockOwner | undefined,
    waitedMs: number,
  ) {
    const who = owner ? `pid ${owner.pid} on ${owner.host} since ${owner.since}` : 'an unknown owner';
    super(`${path} is held by ${who}; waited ${Math.round(waitedMs / 1000)} s (remove the file if that process is gone)`);
    this.name = 'LockBusyError';
  }
}

export interface AcquireOptions {
  /** How long to wait for a live owner. @default 60_000 */
  readonly timeoutMs?: number;
  /** Told once when waiting starts and when a stale lock is taken over. @default - nothing */
  readonly onMessage?: (line: string) => void;
  /** Poll interval while waiting. @default 100 */
  readonly pollMs?: number;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8'));
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, since: String(o.since) } : undefined;
  } catch {
    return undefined;
  }
}

/** An owner that can no longer release: on this host, and either dead or our own pid (an earlier process's). */
function isStale(owner: LockOwner | undefined): boolean {
  return owner !== undefined && isOwnerGone(owner);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `path` holding our owner record, atomically; false when it already exists. Other errors are thrown. */
function tryCreate(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Removes the lock at `path` if it is still the stale one we saw; true when the caller should retry at once. */
function breakStale(path: string, seen: LockOwner, onMessage: (line: string) => void): boolean {
  const guard = `${path}.breaking`;
  if (!tryCreate(guard)) {
    // A breaker that died mid-break (a window of microseconds) leaves its guard behind.
    if (isStale(readOwner(guard))) unlinkIfPresent(guard);
    return false;
  }
  try {
    const now = readOwner(path);
    if (!now || now.pid !== seen.pid || now.host !== seen.host || now.since !== seen.since) return true;
    unlinkIfPresent(path);
    onMessage(`taking over stale lock ${path} of pid ${seen.pid} (since ${seen.since}), which is no longer running`);
    return true;
  } finally {
    unlinkIfPresent(guard);
  }
}

export function acquireLock(path: string, options: AcquireOptions = {}): () => void {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const onMessage = options.onMessage ?? (() => undefined);
  const start = Date.now();
  let told = false;
  for (;;) {
    if (tryCreate(path)) break;
    const owner = readOwner(path);
    if (owner && isStale(owner)) {
      if (breakStale(path, owner, onMessage)) continue;
    } else if (!owner) {
      // Unreadable content: a lock file written by hand or truncated; judge it by age rather than wait forever.
      try {
        if (Date.now() - statSync(path).mtimeMs > timeoutMs) unlinkIfPresent(path);
      } catch {
        /* gone meanwhile */
      }
    }
    const waited = Date.now() - start;
    if (waited >= timeoutMs) throw new LockBusyError(path, readOwner(path) ?? owner, waited);
    if (!told && owner) {
      onMessage(`waiting for ${path}, held by pid ${owner.pid} on ${owner.host} since ${owner.since} (up to ${Math.round(timeoutMs / 1000)} s)`);
      told = true;
    }
    sleep(Math.min(pollMs, Math.max(1, timeoutMs - waited)));
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const owner = readOwner(path);
    if (owner?.pid === process.pid && owner.host === hostname()) unlinkIfPresent(path);
  };
}
