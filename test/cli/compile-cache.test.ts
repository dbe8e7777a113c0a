import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
