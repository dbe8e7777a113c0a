/**
 * What a `validate` of one file loads: its start-up is most of what a pre-commit hook waits for (README,
 * Performance), so a module that only synth or an error message needs must not creep into it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli';

/**
 * The modules a CLI run had loaded when it exited, relative to the project (node_modules/<package> for
 * dependencies), and how many files that took.
 */
function loadedBy(args: string[]): { names: string[]; files: number } {
  const dir = tempDir('plimsoll-startup-');
  const hook = join(dir, 'hook.js');
  const out = join(dir, 'loaded.txt');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, Object.keys(require.cache).join('\\n')));\n`);
  const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  const files = readFileSync(out, 'utf8')
    .split('\n')
    .filter((f) => f.startsWith(ROOT));
  const names = files.map((f) => f.slice(ROOT.length + 1).replace(/^(node_modules\/(@[^/]+\/)?[^/]+)\/.*/, '$1'));
  return { names: [...new Set(names)].sort(), files: files.length };
}

describe('start-up of a one-file validate', () => {
  it('loads the bundle and the validators it needs, in a few files, and nothing that only synth or an error message needs', () => {
    const dir = tempDir('plimsoll-startup-input-');
    writeFileSync(
      join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\n  labels: {app.kubernetes.io/name: c}\ndata: {a: b}\n',
    );
    const { names: loaded, files } = loadedBy(['validate', join(dir, 'cm.yaml')]);
    // The bundle, not the sources through tsx: `npm run build` after an edit (bin/plimsoll.js picks the fresher).
    expect(loaded, 'lib/ is stale: run `npm run build`').toContain('lib/plimsoll.cjs');
    expect(loaded).toContain('lib/config-validators.cjs');
    // Each file costs a resolution and a package.json lookup: js-yaml (25 files) is bundled (scripts/build.ts).
    expect(loaded).not.toContain('node_modules/js-yaml');
    expect(files, loaded.join(', ')).toBeLessThanOrEqual(10);
    for (const heavy of [
      'lib/environment-validators.cjs', // synth's environment schema
      'node_modules/yaml', // positions for messages, parsed on demand
      'node_modules/constructs',
      'node_modules/cdk8s',
      'node_modules/cdk8s-plus-28',
      'node_modules/typescript',
      'node_modules/tsx',
      'node_modules/esbuild',
    ]) {
      expect(loaded, heavy).not.toContain(heavy);
    }
  });
});
