/**
 * README "Add an environment", followed in a copy of the project: the one file from the README itself, then synth
 * and the tests that take the environment list from the folder, run against the copy, so a new environment breaks
 * no test and the worked example cannot rot.
 */
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { nodeIn, ROOT, tempDir } from '../helpers/cli';

describe('README: Add an environment', () => {
  it('the one file synthesizes, and the folder-listing tests pass with it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('### Add an environment');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const [file] = [...section.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]);
    const name = /^\/\/ environments\/(\S+)\.ts$/m.exec(file)![1];

    const dir = tempDir('plimsoll-add-env-');
    // lib/ too, as a fresh clone has it after `npm ci` (its prepare script builds it): synth runs the bundle.
    for (const part of [
      'src',
      'lib',
      'bin',
      'scripts',
      'schemas',
      'environments',
      'policies',
      'docs',
      'test',
      'images.lock.json',
      'package.json',
      'tsconfig.json',
      'vitest.config.mts',
    ]) {
      cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'environments', `${name}.ts`), file);

    const synth = nodeIn(dir, ['bin/plimsoll.js', 'synth']);
    expect(synth.status, synth.output).toBe(0);
    const flux = parse(readFileSync(join(dir, `dist/${name}/flux/kustomization_flux-system_plimsoll-00-namespaces.yaml`), 'utf8'));
    expect(flux.spec.path).toBe(`./dist/${name}/00-namespaces`);
    // The shipped environments render exactly as before.
    for (const env of ['lab', 'prod-fsn', 'prod-hel']) {
      expect(readFileSync(join(dir, `dist/${env}/manifest.json`), 'utf8'), env).toBe(readFileSync(join(ROOT, `dist/${env}/manifest.json`), 'utf8'));
    }
    expect(existsSync(join(dir, 'environments/base/production.ts'))).toBe(true);

    const tests = nodeIn(dir, [
      join(dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      'test/config/environment.test.ts',
      'test/systems/sre/slo.test.ts',
      'test/systems/sre/runbooks.test.ts',
    ]);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    expect(tests.status, tests.output).toBe(0);
  }, 240_000);
});
