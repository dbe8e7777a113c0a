/**
 * Whether the process that owns a lock file or a work folder is gone, for the cleanups that must never remove a
 * live run's files (synth's lock and staging folders, the evidence bundler's work and spill folders). Only this
 * host's processes can be checked; an owner on another host is never judged gone.
 */
import { hostname } from 'node:os';

export interface ProcessOwner {
  readonly pid: number;
  readonly host: string;
}

export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An owner that can no longer clean up after itself: on this host, and either dead or our own pid (an earlier process's). */
export function isOwnerGone(owner: ProcessOwner): boolean {
  if (owner.host !== hostname()) return false;
  return owner.pid === process.pid || !isPidAlive(owner.pid);
}
