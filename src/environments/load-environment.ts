/**
 * Loads environments/<name>.ts overlays, validates them against schemas/environment.schema.json (ajv) and the
 * cross-field invariants, and returns frozen, typed Environments. Any problem is an InputError naming the file,
 * the line, the JSON path, the value received and what was expected.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Environment } from '../config/generated/environment';
import { schemaProblems, schemaValidator, type SchemaProblem } from '../config/schemas';
import { checkInvariants } from './invariants';
import { requireEnvironmentModule } from './environment-module';
import { findInTypeScript, locateInTypeScript } from '../config/locate-ts';
import { InputError } from '../lib/errors';
import { displayPath, PROJECT_ROOT } from '../lib/paths';

export type { Environment };

export const DEFAULT_ENVIRONMENTS_DIR = join(PROJECT_ROOT, 'environments');

export interface LoadedEnvironment {
  readonly env: Readonly<Environment>;
  /** Absolute path of the overlay file. */
  readonly file: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Environment names found in `dir` (files `<name>.ts`), sorted. */
export function listEnvironments(dir = DEFAULT_ENVIRONMENTS_DIR): string[] {
  if (!existsSync(dir)) throw new InputError(`environments folder ${dir} does not exist`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

/** Overlay files `file` imports from beside it (a shared base such as ./base/production), not ../src types. */
function sharedBaseFiles(text: string, file: string): string[] {
  const dir = dirname(file);
  return [...text.matchAll(/from\s+'(\.\/[^']+)'/g)].map((m) => resolve(dir, m[1].endsWith('.ts') ? m[1] : `${m[1]}.ts`)).filter((f) => existsSync(f));
}

/** Where the value at `pointer` is written: the environment file, else the shared base that states it. */
function locateProblem(file: string, pointer: string): string {
  const text = readFileSync(file, 'utf8');
  const own = findInTypeScript(text, file, pointer);
  if (!own?.exact) {
    for (const base of sharedBaseFiles(text, file)) {
      const found = findInTypeScript(readFileSync(base, 'utf8'), base, pointer);
      if (found?.exact) return `${displayPath(base)}:${found.line} (shared base of ${basename(file, '.ts')})`;
    }
  }
  return `${displayPath(file)}${own ? `:${own.line}` : ''}`;
}

function formatProblems(file: string, problems: SchemaProblem[]): string {
  const lines = problems.map((p) => `  ${locateProblem(file, p.path)}: ${p.path || '/'}: ${p.message}`);
  return `invalid environment ${basename(file, '.ts')} (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${lines.join('\n')}`;
}

export function loadEnvironment(name: string, dir = DEFAULT_ENVIRONMENTS_DIR): LoadedEnvironment {
  // An environment is a file directly in the folder; environments/base/ holds what they share, never one itself.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new InputError(
      `unknown environment "${name}": expected the name of a file in ${displayPath(dir)} (known: ${listEnvironments(dir).join(', ') || 'none'})`,
    );
  }
  const file = resolve(dir, `${name}.ts`);
  if (!existsSync(file)) {
    const known = existsSync(dir) ? listEnvironments(dir) : [];
    throw new InputError(`unknown environment "${name}": ${displayPath(file)} does not exist (known: ${known.join(', ') || 'none'})`);
  }
  let exported: unknown;
  try {
    exported = requireEnvironmentModule(file);
  } catch (err) {
    // The loader itself missing (an installation without tsx, as the plimsoll-cli image) is not the file's fault.
    if ((err as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' && /^Cannot find module 'tsx[/']/.test((err as Error).message)) throw err;
    // esbuild puts the location (file:line:column) and the message on the lines after "Transform failed": keep them all.
    const detail = String((err as Error)?.message ?? err)
      .trim()
      .split('\n')
      .join('\n  ');
    throw new InputError(`cannot load environment ${displayPath(file)}: ${detail}`);
  }
  // ajv fills defaults in place; work on a copy so the module's object is never mutated.
  const data = structuredClone(exported);
  const validate = schemaValidator('environment');
  if (!validate(data)) throw new InputError(formatProblems(file, schemaProblems(validate.errors, data)));
  const env = data as Environment;
  const problems = checkInvariants(env);
  if (env.name !== name) problems.unshift({ path: '/name', message: `got ${JSON.stringify(env.name)}, expected "${name}" (the file name)` });
  if (problems.length) throw new InputError(formatProblems(file, problems));
  return { env: deepFreeze(env), file };
}

/** Loads the named environments, or every environment in `dir` when `names` is empty. */
export function loadEnvironments(names: readonly string[], dir = DEFAULT_ENVIRONMENTS_DIR): LoadedEnvironment[] {
  const wanted = names.length ? [...new Set(names)] : listEnvironments(dir);
  if (!wanted.length) throw new InputError(`no environments found in ${displayPath(dir)}`);
  const loaded = wanted.map((n) => loadEnvironment(n, dir));
  checkUniqueClusterIds(loaded);
  return loaded;
}

/**
 * Two environments with one clusterId would give two clusters one identity (metrics, GSLB, peer parity); every
 * file that has it is reported, each naming the others.
 */
export function checkUniqueClusterIds(loaded: readonly LoadedEnvironment[]): void {
  const byId = new Map<string, LoadedEnvironment[]>();
  for (const l of loaded) byId.set(l.env.clusterId, [...(byId.get(l.env.clusterId) ?? []), l]);
  const lines = [...byId.values()]
    .filter((group) => group.length > 1)
    .flatMap((group) =>
      group.map((l) => {
        const line = locateInTypeScript(readFileSync(l.file, 'utf8'), l.file, '/clusterId');
        const others = group
          .filter((o) => o !== l)
          .map((o) => o.env.name)
          .join(', ');
        return `  ${displayPath(l.file)}${line ? `:${line}` : ''}: /clusterId: got ${JSON.stringify(l.env.clusterId)}, expected a clusterId no other environment has (${others} has it too)`;
      }),
    );
  if (lines.length) throw new InputError(`duplicate clusterId (${lines.length} problems):\n${lines.join('\n')}`);
}
