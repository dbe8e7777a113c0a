/**
 * `npm run bench` leaves no temporary folder behind: its quick mode (the scale table at 1,000 objects, which makes
 * corpora, a cache and RSS probe files in temp) runs with a temp folder of its own, which must end as it began.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';
import { tempRoot } from '../../bench/temp';

/** What a run may leave in a temp folder it was given: tsx's own transform cache, which is not the bench's. */
const ours = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('tsx-'));

describe('bench temporary folders', () => {
  it('are all removed by the end of a run', () => {
    const tmp = tempDir('plimsoll-bench-tmp-');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/run.ts', '--quick'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
    });
    expect(r.stderr).toBe('');
    // The table was measured (the quick targets may be missed on a busy machine: exit 0 or 1, never a crash).
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toMatch(/1,000 objects in 100 files +\d+ ms +[\d,]+ objects\/s +\d+ MB peak RSS/);
    expect(r.stdout).toMatch(/warm re-run after one changed file/);
    expect(ours(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  }, 180_000);

  it('tempRoot removes its folders, however many were made', () => {
    const root = tempRoot('plimsoll-bench-unit-');
    const a = root.folder('a');
    const b = root.folder('b');
    expect(a).not.toBe(b);
    expect(existsSync(a) && existsSync(b)).toBe(true);
    root.remove();
    expect(existsSync(root.dir)).toBe(false);
  });
});
