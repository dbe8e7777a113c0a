/**
 * Validators compiled ahead of time by `npm run build` (scripts/build.ts): the policy, waiver and image-lock schemas
 * and every rule's options schema, which every `validate` and `synth` run needs (lib/config-validators.cjs), and the
 * environment schema with its sections, which synth needs (lib/environment-validators.cjs). Compiling them costs ~45 ms a run, loading them ~2 ms. Each one is used only while its schema is exactly the
 * one it was built from (a hash per schema); otherwise the caller compiles as before. The module itself is written
 * by precompiled-module.ts, which needs the shared ajv (schemas.ts); this file does not, so schemas.ts can use it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { PROJECT_ROOT } from '../lib/paths';
import { PLIMSOLL_FORMATS } from './formats';

export const PRECOMPILED_CONFIG_FILE = join(PROJECT_ROOT, 'lib', 'config-validators.cjs');
/**
 * The environment schema and its sections, which only synth needs: a file of their own (800 KB of code), so that a
 * `validate` does not load them (8 ms of a one-file validate).
 */
export const PRECOMPILED_ENVIRONMENT_FILE = join(PROJECT_ROOT, 'lib', 'environment-validators.cjs');

/** Schema files every validate or synth run compiles. */
export const PRECOMPILED_SCHEMA_FILES = ['policy', 'waivers', 'images-lock', 'environment'];

/** Which of the two files holds the validator `id`. */
export function precompiledFileOf(id: string): string {
  return id === 'schema:environment' || id.startsWith('section:') ? PRECOMPILED_ENVIRONMENT_FILE : PRECOMPILED_CONFIG_FILE;
}

const hashes = new WeakMap<object, string>();
/** What a validator is keyed by: the schema it was built from (once per schema object; schemas are not mutated). */
export function hashOf(schema: object): string {
  let hash = hashes.get(schema);
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    hashes.set(schema, hash);
  }
  return hash;
}

/**
 * The validator of one top-level section of the environment (section-defaults.ts): the section by `$ref` into the
 * environment schema, wrapped in an object so an absent section still gets its `default: {}` filled. `hashed` is
 * what the ahead-of-time copy is keyed by: the wrapper and the environment schema it refers into.
 */
export function sectionValidatorSchema(key: string, environmentSchema: { $id: string }): { id: string; schema: object; hashed: object } {
  const schema = { type: 'object', properties: { [key]: { $ref: `${environmentSchema.$id}#/properties/${key}` } } };
  return { id: `section:${key}`, schema, hashed: { schema, environment: hashOf(environmentSchema) } };
}

/** The top-level sections of the environment schema that hold an object (those section-defaults.ts serves). */
export function environmentSectionKeys(environmentSchema: { properties: Record<string, { type?: unknown }> }): string[] {
  return Object.entries(environmentSchema.properties)
    .filter(([, s]) => s.type === 'object')
    .map(([k]) => k);
}

type Loaded = { validators: Record<string, ValidateFunction>; hashes: Record<string, string> } | null;
const loaded = new Map<string, Loaded>();

function load(file: string): Loaded {
  let module = loaded.get(file);
  if (module === undefined) {
    try {
      module = existsSync(file) ? require(file)({ ...fullFormats, ...PLIMSOLL_FORMATS }) : null;
    } catch {
      module = null;
    }
    loaded.set(file, module ?? null);
  }
  return module ?? null;
}

/**
 * The ahead-of-time validator for `id` (`schema:<name>`, `rule:<rule-id>` or `section:<key>`) if it was built from
 * `schema` (for a section, from its `hashed` form).
 */
export function aheadOfTime(id: string, schema: object): ValidateFunction | undefined {
  const module = load(precompiledFileOf(id));
  const entry = module?.hashes[id];
  if (!entry) return undefined;
  const colon = entry.indexOf(':');
  return entry.slice(colon + 1) === hashOf(schema) ? module!.validators[entry.slice(0, colon)] : undefined;
}
