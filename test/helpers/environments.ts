/** Environments as test input: shipped ones edited in a temp copy, and load failures as messages. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listEnvironments, loadEnvironment } from '../../src/environments/load-environment';
import { InputError } from '../../src/lib/errors';
import { ROOT, tempDir } from './cli';

/**
 * A copy of the shipped environments in a fresh folder, with `edit` applied to the source text of each of `names`;
 * returns the environments folder. src/ is copied beside it because the overlays import ../src types. An edit
 * that changes nothing is a broken test, so it throws.
 */
export function editedEnvironment(names: string | readonly string[], edit: (text: string, name: string) => string): string {
  const dir = tempDir('plimsoll-env-');
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  const envDir = join(dir, 'environments');
  cpSync(join(ROOT, 'environments'), envDir, { recursive: true });
  for (const name of typeof names === 'string' ? [names] : names) {
    const file = join(envDir, `${name}.ts`);
    const before = readFileSync(file, 'utf8');
    const after = edit(before, name);
    if (after === before) throw new Error(`the edit changed nothing in ${name}.ts`);
    writeFileSync(file, after);
  }
  return envDir;
}

/**
 * `text` of a production environment with `props` (e.g. `zenWatcher: { ... }`) written right after its
 * `...production,`: sections it states replace the shared base's, as a person overriding the base would write them.
 */
export function withOverride(text: string, props: string): string {
  if (!text.includes('  ...production,\n')) throw new Error('the environment does not spread the production base');
  return text.replace('  ...production,\n', `  ...production,\n  ${props},\n`);
}

/** The shipped environment names (environments/*.ts): tests take the list from the folder, never a copy of it. */
export function shippedEnvironments(): string[] {
  return listEnvironments();
}

/** The InputError message loading `name` from `dir` gives; fails the test when it loads. */
export function loadError(dir: string, name: string): string {
  try {
    loadEnvironment(name, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}
