import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle } from '../../../src/runtime/evidence-bundler/bundle';
import { plimsoll, ROOT, snapshotTree } from '../../helpers/cli';
import { tempDir } from '../helpers';

/** Writes both streams to `dir`: `workloads` workloads, one scanner event each and a zastava event every 7th. */
const GENERATE = `
  const { openSync, writeSync, closeSync } = require('node:fs');
  const [dir, count] = [process.argv[1], Number(process.argv[2])];
  const digest = 'sha256:' + 'c'.repeat(64);
  for (const [name, every] of [['scanner.entrytrace.ndjson', 1], ['zastava.runtime.ndjson', 7]]) {
    const fd = openSync(dir + '/' + name, 'w');
    let out = [];
    for (let i = count - 1; i >= 0; i--) {
      if (i % every) continue;
      out.push(JSON.stringify({ workloadId: 'wl-' + String((i * 7919) % count).padStart(7, '0'), namespace: 'ns-' + (i % 13), node: 'node-' + (i % 5), edgeType: ['syscall', 'net', 'fs'][i % 3], timestamp: '2025-12-08T10:' + String(i % 60).padStart(2, '0') + ':00Z', imageDigest: digest }) + '\\n');
      if (out.length === 10000) { writeSync(fd, out.join('')); out = []; }
    }
    writeSync(fd, out.join('')); closeSync(fd);
  }`;

function generate(workloads: number): string {
  const dir = tempDir('plimsoll-evidence-scale-');
  const r = spawnSync(process.execPath, ['-e', GENERATE, dir, String(workloads)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

const inputsOf = (dir: string) => ({
  'scanner.entrytrace.ndjson': join(dir, 'scanner.entrytrace.ndjson'),
  'zastava.runtime.ndjson': join(dir, 'zastava.runtime.ndjson'),
});

describe('evidence bundler: the workload table is bounded', () => {
  // Held in memory, the table of 150,000 workloads does not fit a 48 MB heap (measured: the process aborts); streamed,
  // the bundle runs in 32 MB. The limit sits between, 8 MB from either.
  it('150,000 workloads bundle with a 40 MB heap limit (the identity table is streamed, not held)', () => {
    const dir = generate(150_000);
    const run = `
      require('tsx/cjs/api').register();
      const { bundle } = require(${JSON.stringify(join(ROOT, 'src/runtime/evidence-bundler/bundle.ts'))});
      const d = process.argv[1];
      const r = bundle({ inputs: { 'scanner.entrytrace.ndjson': d + '/scanner.entrytrace.ndjson', 'zastava.runtime.ndjson': d + '/zastava.runtime.ndjson' }, outDir: d + '/out', tmpDir: d, memoryBytes: 16 * 1024 * 1024 });
      process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS * 1024, workloads: r.workloads, dir: r.dir }));`;
    const child = spawnSync(process.execPath, ['--max-old-space-size=40', '-e', run, dir], { cwd: ROOT, encoding: 'utf8' });
    expect(child.status, child.stderr.slice(-2000)).toBe(0);
    const { rss, workloads, dir: out } = JSON.parse(child.stdout);
    process.stderr.write(`evidence bundler: 150,000 workloads, peak RSS ${(rss / 1048576).toFixed(0)} MB\n`);
    expect(workloads).toBe(150_000);
    // The manifest is what JSON.stringify(manifest, null, 2) gave before: check the streamed text without parsing
    // 150,000 rows here (a smaller case below compares it whole).
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(text.match(/^ {4}\{\n {6}"workloadId": /gm)).toHaveLength(150_000);
    expect(text.endsWith('\n  ]\n}\n')).toBe(true);
  }, 300_000);

  it('the streamed manifest is byte for byte JSON.stringify(manifest, null, 2), in memory or spilled, with 0, 1 or many workloads', () => {
    for (const count of [0, 1, 3000]) {
      const dir = generate(count);
      const a = bundle({ inputs: inputsOf(dir), outDir: tempDir() });
      const b = bundle({ inputs: inputsOf(dir), outDir: tempDir(), tmpDir: tempDir(), memoryBytes: 64 * 1024 });
      if (count > 1000) expect(b.sortRuns).toBeGreaterThan(1);
      expect(snapshotTree(b.dir)).toEqual(snapshotTree(a.dir));
      const text = readFileSync(join(a.dir, 'manifest.json'), 'utf8');
      const manifest = JSON.parse(text);
      expect(text).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
      expect(manifest.workloads).toHaveLength(count);
      expect(a.workloads).toBe(count);
      const ids = manifest.workloads.map((w: { workloadId: string }) => w.workloadId);
      expect(ids).toEqual([...ids].sort());
      expect(a.manifest).toEqual(Object.fromEntries(Object.entries(manifest).filter(([k]) => k !== 'workloads')));
    }
  });
});

describe('evidence bundler: folders of killed runs', () => {
  // A pid that is not running: the largest pid a Linux kernel hands out is 4194304.
  const DEAD = 4_194_303;

  it("removes the .bundle-* and spill folders of dead runs on this host at start, and keeps a live run's and other hosts'", () => {
    const dir = generate(10);
    const out = tempDir();
    const tmp = tempDir();
    const host = hostname();
    const stale = [join(out, `.bundle-${host}-${DEAD}-x1`), join(tmp, `plimsoll-evidence-sort-${host}-${DEAD}-x2`)];
    const live = [join(out, `.bundle-${host}-${process.pid}-x3`), join(tmp, `plimsoll-evidence-sort-${host}-${process.pid}-x4`)];
    const foreign = [join(out, `.bundle-other-host-${DEAD}-x5`), join(tmp, `plimsoll-evidence-sort-other-host-${DEAD}-x6`)];
    for (const d of [...stale, ...live, ...foreign]) mkdirSync(d);
    const r = bundle({ inputs: inputsOf(dir), outDir: out, tmpDir: tmp });
    expect(r.removedStale.sort()).toEqual([...stale].sort());
    for (const d of stale) expect(existsSync(d), d).toBe(false);
    for (const d of [...live, ...foreign]) expect(existsSync(d), d).toBe(true);
    expect(readdirSync(out).sort()).toEqual(
      [...live, ...foreign]
        .filter((d) => d.startsWith(out))
        .map((d) => d.slice(out.length + 1))
        .concat(r.manifest.runId)
        .sort(),
    );
  });

  it('names its own folders with host and pid while it runs, and removes them when done', () => {
    const dir = generate(10);
    const out = tempDir();
    const tmp = tempDir();
    const seen: string[] = [];
    const r = bundle({ inputs: inputsOf(dir), outDir: out, tmpDir: tmp, onFolders: (work, spill) => seen.push(work, spill) });
    expect(seen).toEqual([
      expect.stringMatching(new RegExp(`/\\.bundle-${hostname()}-${process.pid}-[^/]+$`)),
      expect.stringMatching(new RegExp(`/plimsoll-evidence-sort-${hostname()}-${process.pid}-[^/]+$`)),
    ]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(out)).toEqual([r.manifest.runId]);
  });
});

describe('evidence bundler: --tmp-dir', () => {
  it('fails if --tmp-dir does not exist: exit 2 naming the path, no stack trace, nothing left behind', async () => {
    const dir = generate(10);
    const out = tempDir();
    const missing = join(tempDir(), 'no-such-scratch');
    for (const entry of [
      (args: string[]) => plimsoll(['evidence', 'bundle', ...args]),
      (args: string[]) => {
        const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/evidence-bundler/main.ts'), ...args], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      },
    ]) {
      const r = await entry(['--in', dir, '--out', out, '--tmp-dir', missing]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--tmp-dir ${missing} does not exist`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(out)).toEqual([]);
    }
  });
});
