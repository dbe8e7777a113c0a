/**
 * The incremental cache (src/validate/cache.ts) changes no output: the CLI's json and sarif reports with the cache
 * cold, warm, after a change that moves lines, after a corrupt pack, and from two runs writing at once are the
 * bytes of a run without it. Pruning keeps the folder bounded and the packs recently used.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from '../../bench/corpus';
import { configKey, defaultCacheDir, MAX_PACKS, ValidationCache, type CachedFile } from '../../src/validate/cache';
import { BIN, ROOT, tempDir } from '../helpers/cli';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';

interface Run {
  status: number | null;
  stdout: string;
  /** Files the cache answered, from PLIMSOLL_TIMINGS (undefined: the cache was empty or off). */
  reused?: number;
}

const env = { ...process.env, NO_COLOR: '1', PLIMSOLL_TIMINGS: '1', PLIMSOLL_WORKERS: '2' };
const reusedOf = (stderr: string) => {
  const m = /cache: (\d+) of \d+ files reused/.exec(stderr);
  return m ? Number(m[1]) : undefined;
};

function validate(dir: string, format: string, cache: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, 'validate', dir, '--format', format, '--no-waivers', ...cache], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 28,
  });
  return { status: r.status, stdout: r.stdout, reused: reusedOf(r.stderr) };
}

function validateAsync(dir: string, cache: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'validate', dir, '--format', 'json', '--no-waivers', ...cache], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, reused: reusedOf(stderr) }));
  });
}

/** The pack files of a cache folder, all config folders (named by their 64-hex key). */
function packs(cacheDir: string): string[] {
  return readdirSync(cacheDir)
    .filter((c) => /^[0-9a-f]{64}$/.test(c))
    .flatMap((c) =>
      readdirSync(join(cacheDir, c))
        .filter((n) => n.endsWith('.pack'))
        .map((n) => join(cacheDir, c, n)),
    );
}

/** A generated corpus with a broken file, a List and a CRD with its custom resource in another file. */
function corpus(): { dir: string; files: number } {
  const dir = tempDir('plimsoll-cache-corpus-');
  const stats = writeCorpus(dir, 60, 10);
  writeFileSync(join(dir, 'team-3', 'broken.yaml'), 'apiVersion: v1\nkind: [\n');
  writeFileSync(
    join(dir, 'team-4', 'list.yaml'),
    'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: team-4}, data: {a: 1}}\n',
  );
  writeFileSync(
    join(dir, 'team-0', 'crd.yaml'),
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}\n',
  );
  writeFileSync(join(dir, 'team-9', 'widget.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: team-9}\nspec: {size: big}\n');
  return { dir, files: stats.files + 4 };
}

describe('the validation cache', () => {
  it('gives byte-identical json and sarif reports cold, warm, after a change, and after a corrupt pack', () => {
    const { dir, files } = corpus();
    const cacheDir = join(tempDir('plimsoll-cache-'), 'cache');
    const cached = ['--cache-dir', cacheDir];
    let before = '';
    for (const format of ['json', 'sarif']) {
      const plain = validate(dir, format, ['--no-cache']);
      expect(plain.status).toBe(1);
      expect(plain.reused).toBeUndefined();
      if (format === 'json') before = plain.stdout;
      const first = validate(dir, format, cached);
      expect(first.stdout).toBe(plain.stdout);
      const warm = validate(dir, format, cached);
      expect(warm.reused).toBe(files);
      expect(warm.stdout).toBe(plain.stdout);
    }
    // A changed file: a document put in front of its first moves every line below; the rest is reused.
    const changed = join(dir, 'team-7', 'manifests-00007.yaml');
    writeFileSync(
      changed,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: added, namespace: team-7}\ndata: {a: "1"}\n---\n${readFileSync(changed, 'utf8')}`,
    );
    const after = validate(dir, 'json', cached);
    expect(after.reused).toBe(files - 1);
    const plainAfter = validate(dir, 'json', ['--no-cache']);
    expect(after.stdout).toBe(plainAfter.stdout);
    // The change shows: lines of the changed file's findings moved, so a stale entry could not pass for it.
    expect(after.stdout).not.toBe(before);
    // A truncated pack and a pack with one byte changed are ignored (and removed), their files computed again.
    const [truncated, ...rest] = packs(cacheDir).sort();
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 1000));
    for (const pack of rest) {
      const bytes = readFileSync(pack);
      bytes[bytes.length - 10] ^= 1;
      writeFileSync(pack, bytes);
    }
    const corrupt = validate(dir, 'json', cached);
    expect(corrupt.reused).toBeUndefined(); // nothing trusted
    expect(corrupt.stdout).toBe(plainAfter.stdout);
    const rewritten = validate(dir, 'json', cached);
    expect(rewritten.reused).toBe(files);
    expect(rewritten.stdout).toBe(plainAfter.stdout);
  }, 300_000);

  it('keys results on the policy and Kubernetes version: another release is not answered from the cache', () => {
    const { dir } = corpus();
    const cached = ['--cache-dir', join(tempDir('plimsoll-cache-'), 'cache')];
    validate(dir, 'json', cached);
    const older = validate(dir, 'json', [...cached, '--kubernetes-version', '1.28']);
    expect(older.reused).toBeUndefined();
    expect(older.stdout).toBe(validate(dir, 'json', ['--no-cache', '--kubernetes-version', '1.28']).stdout);
    expect(validate(dir, 'json', [...cached, '--policy', 'minimal']).reused).toBeUndefined();
  }, 300_000);

  it('stays consistent under two runs writing at once', async () => {
    const { dir, files } = corpus();
    const cacheDir = join(tempDir('plimsoll-cache-'), 'cache');
    const cached = ['--cache-dir', cacheDir];
    const plain = validate(dir, 'json', ['--no-cache']);
    const [a, b] = await Promise.all([validateAsync(dir, cached), validateAsync(dir, cached)]);
    expect(a.stdout).toBe(plain.stdout);
    expect(b.stdout).toBe(plain.stdout);
    // Both wrote whole packs and stats (no temp file left), and a third run trusts them.
    expect(readdirSync(readdirSync(cacheDir).map((c) => join(cacheDir, c))[0]).filter((n) => !n.endsWith('.pack') && n !== 'stats.json')).toEqual([]);
    const third = validate(dir, 'json', cached);
    expect(third.reused).toBe(files);
    expect(third.stdout).toBe(plain.stdout);
  }, 300_000);

  it('with worker threads (keys computed where files are read) gives the single-threaded report, cold and warm', async () => {
    const { dir, files: count } = corpus();
    const options = { policy: loadPolicy(), now: new Date('2026-06-01T00:00:00Z') };
    const serial = validatePaths([dir], options);
    const { files, problems } = collectFiles([dir]);
    const root = tempDir('plimsoll-cache-threads-');
    const cold = new ValidationCache(root, 'config');
    expect(await validateFilesParallel(files, problems, options, 2, cold)).toEqual(serial);
    const warm = new ValidationCache(root, 'config');
    expect(warm.size).toBe(count);
    expect(await validateFilesParallel(files, problems, options, 2, warm)).toEqual(serial);
  }, 120_000);

  it('compacts past MAX_PACKS and prunes the least recently used packs to its bound', () => {
    const root = tempDir('plimsoll-cache-unit-');
    const [configA, configB] = [configKey({ a: 1 }), configKey({ b: 1 })];
    // Not a config folder: pruning never touches what it did not write, even in a --cache-dir shared with other files.
    mkdirSync(join(root, 'notes'));
    writeFileSync(join(root, 'notes', 'keep.pack'), 'x'.repeat(100_000));
    const entry = (n: number): CachedFile => ({
      file: `f${n}.yaml`,
      objects: JSON.stringify([[0, '', { apiVersion: 'v1', kind: 'ConfigMap', pad: 'x'.repeat(1000) }]]),
      findings: [],
      problems: [],
      documents: 1,
    });
    // One new entry per run: a pack per run until the config folder holds MAX_PACKS, then one compacted pack.
    for (let run = 0; run <= MAX_PACKS; run++) {
      const cache = new ValidationCache(root, configA);
      for (let n = 0; n < run; n++) expect(cache.get(`k${n}`)?.file).toBe(`f${n}.yaml`);
      cache.put(`k${run}`, entry(run));
      cache.save();
    }
    expect(packs(root)).toHaveLength(1);
    expect(new ValidationCache(root, configA).size).toBe(MAX_PACKS + 1);
    // Another config's pack, older than config-a's, goes first when the bound is passed.
    const other = new ValidationCache(root, configB);
    for (let n = 0; n < 20; n++) other.put(`b${n}`, entry(n));
    other.save();
    const old = new Date(Date.now() - 3600_000);
    for (const p of packs(root)) if (p.includes(configB)) utimesSync(p, old, old);
    const sizeA = statSync(packs(root).find((p) => p.includes(configA))!).size;
    const bounded = new ValidationCache(root, configA, { maxBytes: sizeA + 2000 });
    expect(bounded.get('k0')).toBeDefined();
    bounded.save();
    expect(packs(root).map((p) => p.includes(configA))).toEqual([true]);
    expect(readdirSync(root).sort()).toEqual([configA, 'notes'].sort()); // the emptied config folder is gone too
    expect(readdirSync(join(root, 'notes'))).toEqual(['keep.pack']);
  });

  it('defaults to node_modules/.cache/plimsoll/ of the input project, none outside a project; flags are checked', () => {
    const project = tempDir('plimsoll-cache-project-');
    writeFileSync(join(project, 'package.json'), '{}');
    mkdirSync(join(project, 'deploy', 'apps'), { recursive: true });
    expect(defaultCacheDir(join(project, 'deploy', 'apps'))).toBe(join(project, 'node_modules', '.cache', 'plimsoll'));
    expect(defaultCacheDir(join(project, 'deploy', 'apps', 'missing.yaml'))).toBe(join(project, 'node_modules', '.cache', 'plimsoll'));
    expect(defaultCacheDir('/')).toBeUndefined();
    const r = spawnSync(process.execPath, [BIN, 'validate', project, '--no-cache', '--cache-dir', '/tmp/x'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--cache-dir and --no-cache contradict/);
  });
});

describe('validation cache: files known by their stat', () => {
  const byStatOf = (stderr: string) => Number(/\((\d+) known by their stat, not read\)/.exec(stderr)?.[1] ?? NaN);
  const run = (dir: string, cache: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'validate', dir, '--format', 'json', '--no-waivers', ...cache], { cwd: ROOT, encoding: 'utf8', env });
    return { stdout: r.stdout, byStat: byStatOf(r.stderr) };
  };

  it('reads only files whose stat changed, catches a same-size edit with its mtime put back, and never trusts a racily fresh stat', () => {
    const dir = tempDir('plimsoll-cache-stat-');
    writeCorpus(dir, 30, 5);
    const files = collectFiles([dir]).files;
    // Written well before the runs, as a checkout is: a stat noted now is trusted next time.
    const past = new Date(Date.now() - 60_000);
    for (const f of files) utimesSync(f, past, past);
    // ctime (just set by utimes) must be older than the racy window when the stats are noted.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    const cacheDir = join(tempDir('plimsoll-cache-stat-dir-'), 'cache');
    run(dir, ['--cache-dir', cacheDir]);
    const second = run(dir, ['--cache-dir', cacheDir]);
    expect(second.byStat).toBe(files.length);

    // Same size, one digit changed, mtime set back: only ctime tells, and the file is read again.
    const edited = files[3];
    const text = readFileSync(edited, 'utf8');
    writeFileSync(
      edited,
      text.replace(/replicas: (\d)/, (_m, d) => `replicas: ${(Number(d) + 1) % 10}`),
    );
    utimesSync(edited, past, past);
    const third = run(dir, ['--cache-dir', cacheDir]);
    expect(third.byStat).toBe(files.length - 1);
    expect(third.stdout).toBe(run(dir, ['--no-cache']).stdout);

    // Touched just now (content unchanged): read again, and so is the edited file: the stats the last run noted of
    // both were taken within two seconds of their change, when another change could still keep the same times.
    const now = new Date();
    utimesSync(files[5], now, now);
    expect(run(dir, ['--cache-dir', cacheDir]).byStat).toBe(files.length - 2);
  }, 120_000);
});
