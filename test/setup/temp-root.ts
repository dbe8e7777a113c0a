/**
 * One temporary folder per test run: every temporary folder the tests (and the processes they start) make goes in
 * it, through TMPDIR, and it is removed when the run ends, so repeated runs leave nothing behind in the system's
 * temp folder (they left about a thousand folders, copies of the project among them, each time). tsx's cache stays
 * where it was, through a link.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const system = tmpdir();
  const root = mkdtempSync(join(system, 'plimsoll-test-run-'));
  // tsx keeps its transform cache in <tmpdir>/tsx-<uid>: the system's one, so child processes stay as fast as before.
  const tsxCache = `tsx-${process.geteuid?.() ?? userInfo().username}`;
  mkdirSync(join(system, tsxCache), { recursive: true });
  symlinkSync(join(system, tsxCache), join(root, tsxCache));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    // In the background: a run leaves about a gigabyte in thousands of folders, ~5 s to delete, which need not
    // hold up the exit. `rm` removes the tsx link, not the cache it points to.
    spawn('rm', ['-rf', '--', root], { detached: true, stdio: 'ignore' }).unref();
  };
}
