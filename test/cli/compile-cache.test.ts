import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';

const CACHE_MODULE = join(ROOT, 'bin', 'compile-cache.js');

/** Runs `node` that installs the compile cache, then requires `module` and prints what it exports. */
function run(module: string, cacheDir: string): string {
  const script = `require(${JSON.stringify(CACHE_MODULE)}).install('t'); process.stdout.write(String(require(${JSON.stringify(module)})()));`;
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, PLIMSOLL_COMPILE_CACHE_DIR: cacheDir, DISABLE_V8_COMPILE_CACHE: '' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** A module exporting `() => value` and an empty cache folder beside it. */
function moduleAndCache(value: string): { module: string; cacheDir: string } {
  const dir = tempDir('plimsoll-compile-cache-');
  const module = join(dir, 'm.js');
  writeFileSync(module, `module.exports = () => ${value};\n`);
  return { module, cacheDir: join(dir, 'cache') };
}

describe('compile cache (bin/compile-cache.js)', () => {
  it('writes a cache once, reuses it without writing, and never runs stale code after an edit', () => {
    const { module, cacheDir } = moduleAndCache('"one"');
    expect(run(module, cacheDir)).toBe('one');
    const cache = join(cacheDir, 't.cache');
    expect(existsSync(cache)).toBe(true);
    const written = statSync(cache).mtimeMs;

    expect(run(module, cacheDir)).toBe('one');
    expect(statSync(cache).mtimeMs, 'a run that found everything cached writes nothing').toBe(written);

    // Same length, new content (V8 itself would accept the old data): the module compiles afresh.
    writeFileSync(module, 'module.exports = () => "two";\n');
    expect(run(module, cacheDir)).toBe('two');
    expect(run(module, cacheDir)).toBe('two');
    expect(readdirSync(cacheDir)).toEqual(['t.cache']);
  });

  it('survives a damaged cache file', () => {
    const { module, cacheDir } = moduleAndCache('42');
    expect(run(module, cacheDir)).toBe('42');
    writeFileSync(join(cacheDir, 't.cache'), '{"not": [json\nbinary');
    expect(run(module, cacheDir)).toBe('42');
    expect(run(module, cacheDir)).toBe('42');
  });
});

/** The file names a cache file holds entries for (its header: bin/compile-cache.js). */
function cachedFiles(cacheFile: string): string[] {
  const data = readFileSync(cacheFile);
  const newline = data.indexOf(10);
  const [, , headerBytes] = data.subarray(0, newline).toString('latin1').split(' ');
  return Object.keys(JSON.parse(data.subarray(newline + 1, newline + 1 + Number(headerBytes)).toString('utf8'))).sort();
}

describe('compile cache: what it keeps', () => {
  it('drops the entries of modules that no longer exist the next time it writes, and keeps the others', () => {
    const a = moduleAndCache('"a"');
    const b = join(dirname(a.module), 'b.js');
    const c = join(dirname(a.module), 'c.js');
    writeFileSync(b, 'module.exports = () => "b";\n');
    writeFileSync(c, 'module.exports = () => "c";\n');
    const cacheFile = join(a.cacheDir, 't.cache');
    expect(run(a.module, a.cacheDir)).toBe('a');
    expect(run(b, a.cacheDir)).toBe('b');
    expect(cachedFiles(cacheFile)).toEqual([a.module, b].sort());
    rmSync(b);
    expect(run(c, a.cacheDir)).toBe('c');
    expect(cachedFiles(cacheFile)).toEqual([a.module, c].sort());
    // The kept entry's data survived the rewrite: a run of it finds it cached and writes nothing.
    const written = statSync(cacheFile).mtimeMs;
    expect(run(a.module, a.cacheDir)).toBe('a');
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  });
});
