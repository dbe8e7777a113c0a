import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BIN, plimsoll, plimsollAsync, ROOT, snapshotTree, tempDir } from '../helpers/cli';
import { shippedEnvironments } from '../helpers/environments';
import { shippedSynth } from '../helpers/shipped-synth';

const ENVS = shippedEnvironments();
const LOCK = '.plimsoll-synth.lock';

function synthAsync(out: string, env: Record<string, string> = {}): Promise<{ status: number | null; signal: string | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'synth', '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('close', (status, signal) => done({ status, signal, stderr }));
  });
}

/** A pid that surely is not running: a child that has exited and been reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

let reference: Map<string, string> | undefined;
/** The bytes of one undisturbed synth (the shared one). */
async function referenceTree(): Promise<Map<string, string>> {
  reference ??= snapshotTree((await shippedSynth()).out);
  return reference;
}

function envTree(tree: Map<string, string>, env: string): Map<string, string> {
  return new Map([...tree].filter(([k]) => k.startsWith(`${env}/`)));
}

describe('plimsoll synth into a shared output folder', () => {
  it('two synths at once never corrupt it: both succeed (one waits for the lock) and the bytes equal a single run', async () => {
    const want = await referenceTree();
    // Three pairs: into an empty folder, over an existing output, and into an empty one again.
    for (let i = 0; i < 3; i++) {
      const out = tempDir();
      if (i % 2) cpSync(join(ROOT, 'dist'), out, { recursive: true }); // also over an existing output
      const runs = await Promise.all([synthAsync(out), synthAsync(out)]);
      for (const r of runs) {
        if (r.status === 2) expect(r.stderr).toMatch(/another synth is writing .*held by pid \d+/);
        else expect(r.status, r.stderr).toBe(0);
      }
      expect(runs.some((r) => r.status === 0)).toBe(true);
      expect(readdirSync(out).sort(), `pair ${i}`).toEqual(ENVS);
      expect(snapshotTree(out), `pair ${i}`).toEqual(want);
    }
  }, 300_000); // child synths: slow when other test files (or other work) share the cores

  it('fails if the lock stays held by a live synth: exit 2 after --lock-timeout, naming its pid and start time', async () => {
    const out = tempDir();
    const since = new Date().toISOString();
    writeFileSync(join(out, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), since }));
    const started = Date.now();
    // A child process: the lock's owner (this process) must be another live process than the synth.
    const r = await plimsollAsync(['synth', '--out', out, '--lock-timeout', '1']);
    expect(r.status).toBe(2);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(r.stderr).toContain(
      `plimsoll synth: another synth is writing ${out}: ${join(out, LOCK)} is held by pid ${process.pid} on ${hostname()} since ${since}`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([LOCK]);
  });

  it('takes over a lock whose pid is dead, and removes staging folders of dead owners only', async () => {
    const out = tempDir();
    const dead = deadPid();
    writeFileSync(join(out, LOCK), JSON.stringify({ pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const live = `.plimsoll-staging-${process.pid}@${hostname()}`;
    mkdirSync(join(out, live, 'lab'), { recursive: true });
    mkdirSync(join(out, `.plimsoll-staging-${dead}@${hostname()}`, 'lab'), { recursive: true });
    // A child process: the live staging folder's owner (this process) must be another process than the synth.
    const r = await plimsollAsync(['synth', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`taking over stale lock ${join(out, LOCK)} of pid ${dead} (since 2026-01-01T00:00:00.000Z), which is no longer running`);
    expect(readdirSync(out).sort()).toEqual([live, ...ENVS]);
    rmSync(join(out, live), { recursive: true });
    expect(snapshotTree(out)).toEqual(await referenceTree());
  });

  it('a kill at every rename of the swap leaves the environment whole old or whole new, and the next run recovers', async () => {
    // One environment keeps this at 7 synths: its two renames and the commit rename.
    const want = envTree(await referenceTree(), 'lab');
    const old = tempDir();
    cpSync(join(ROOT, 'dist'), old, { recursive: true });
    writeFileSync(join(old, 'lab', 'OLD'), 'the previous synth\n');
    writeFileSync(join(old, 'lab', 'ORDER'), 'old\n');
    const oldLab = envTree(snapshotTree(old), 'lab');
    const same = (a: Map<string, string>, b: Map<string, string>) => JSON.stringify([...a]) === JSON.stringify([...b]);
    const run = (out: string, fault?: string) =>
      spawnSync(process.execPath, [BIN, 'synth', '--env', 'lab', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...(fault && { PLIMSOLL_TEST_FAULT: fault }) },
      });
    for (let n = 1; n <= 3; n++) {
      const out = tempDir();
      cpSync(old, out, { recursive: true });
      expect(run(out, `kill@rename:${n}`).signal, `kill at rename ${n}`).toBe('SIGKILL');
      // Between its two renames (n = 2) the folder is absent, never mixed; otherwise it is whole old or new.
      if (n === 2) expect(existsSync(join(out, 'lab'))).toBe(false);
      else expect(same(envTree(snapshotTree(out), 'lab'), n === 1 ? oldLab : want), `kill at rename ${n}`).toBe(true);
      // The next run recovers before its first rename: stop it there to see the recovered state.
      const next = run(out, 'kill@rename:1');
      expect(next.signal).toBe('SIGKILL');
      expect(same(envTree(snapshotTree(out), 'lab'), n === 3 ? want : oldLab), `recovered after a kill at rename ${n}`).toBe(true);
      if (n === 2) {
        const r = run(out);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/taking over stale lock .* of pid \d+/);
        expect(envTree(snapshotTree(out), 'lab')).toEqual(want);
        expect(readdirSync(out).sort()).toEqual(ENVS);
      }
    }
  }, 300_000); // child synths: slow when other test files (or other work) share the cores

  it('fails with exit 2, the path and errno, and no stack trace, when the output folder cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const r = await plimsoll(['synth', '--out', join(dir, 'file', 'dist')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`plimsoll synth: cannot create ${join(dir, 'file', 'dist')}: ENOTDIR (not a directory)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['ENOSPC', 'no space left on device'],
    ['EROFS', 'read-only file system'],
  ])('fails with exit 2 and leaves the output unchanged when a file write fails with %s', async (code, text) => {
    const out = tempDir();
    cpSync(join(ROOT, 'dist'), out, { recursive: true });
    const before = snapshotTree(out);
    const r = await plimsoll(['synth', '--out', out], { env: { PLIMSOLL_TEST_FAULT: `${code}@write:2` } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`plimsoll synth: cannot write ${out}/lab/\\S+\\.yaml: ${code} \\(${text}\\)\\n`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out).sort()).toEqual(ENVS);
    expect(snapshotTree(out)).toEqual(before);
  });
});
