/**
 * The JSON Schemas in schemas/, compiled once per process with one ajv instance, and their errors turned into
 * messages a person can act on: the JSON path, the value received and what was expected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { addPlimsollFormats, FORMAT_DESCRIPTIONS } from './formats';
import { escapeToken, valueAt } from '../lib/json-pointer';
import { closest } from '../lib/suggest';
import { showValue as show } from '../lib/show-value';
import { PROJECT_ROOT } from '../lib/paths';
import { aheadOfTime } from './precompiled';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The options of the shared ajv; precompiled-module.ts compiles with exactly these too. */
export const SHARED_AJV_OPTIONS: Options = { allErrors: true, strict: true, useDefaults: true, allowUnionTypes: true, verbose: true };

/** An ajv with the shared options and every format; loaded on first use (ahead-of-time validators need none). */
export function newSharedAjv(options: Options = SHARED_AJV_OPTIONS): Ajv {
  const instance = new (require('ajv') as typeof import('ajv')).default(options);
  (require('ajv-formats') as typeof import('ajv-formats')).default(instance);
  addPlimsollFormats(instance);
  return instance;
}

export function sharedAjv(): Ajv {
  ajv ??= newSharedAjv();
  return ajv;
}

const schemaFiles = new Map<string, object>();

/** schemas/<name>.schema.json, read once per process (the validators and section-defaults.ts share it). */
export function readSchemaFile(name: string): object {
  let schema = schemaFiles.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as object;
    schemaFiles.set(name, schema);
  }
  return schema;
}

/** The validator for schemas/<name>.schema.json (compiled ahead of time where precompiled.ts has it). */
export function schemaValidator(name: string): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const schema = readSchemaFile(name);
    fn = aheadOfTime(`schema:${name}`, schema) ?? sharedAjv().compile(schema);
    compiled.set(name, fn);
  }
  return fn;
}

export interface SchemaProblem {
  /** JSON pointer of the offending value (for a missing property, of the object that lacks it). */
  readonly path: string;
  readonly message: string;
}

function describe(error: ErrorObject, data: unknown): SchemaProblem {
  const path = error.instancePath;
  const got = show(valueAt(data, path));
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path, message: `missing required property "${p.missingProperty}"` };
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const hint = closest(String(p.additionalProperty), known);
      const expected = hint ? `did you mean "${hint}"?` : known.length ? `expected one of: ${known.join(', ')}` : 'no properties are allowed here';
      return { path: `${path}/${escapeToken(String(p.additionalProperty))}`, message: `unknown property "${p.additionalProperty}"; ${expected}` };
    }
    case 'enum':
      // null is allowed where a field is optional, which is not worth listing as a choice.
      return {
        path,
        message: `got ${got}, expected one of ${(p.allowedValues as unknown[])
          .filter((v) => v !== null)
          .map((v) => JSON.stringify(v))
          .join(', ')}`,
      };
    case 'const':
      return { path, message: `got ${got}, expected ${JSON.stringify(p.allowedValue)}` };
    case 'format':
      return { path, message: `got ${got}, expected ${FORMAT_DESCRIPTIONS[String(p.format)] ?? `format "${p.format}"`}` };
    case 'type': {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).filter((t) => t !== 'null');
      return { path, message: `got ${got}, expected ${types.join(' or ')}` };
    }
    case 'pattern':
      return { path, message: `got ${got}, expected a string matching ${p.pattern}` };
    case 'uniqueItems':
      return { path, message: `items ${p.j} and ${p.i} are identical (${show(valueAt(data, `${path}/${p.i}`))}); each item must be unique` };
    default:
      return { path, message: `got ${got}, expected it ${error.message}` };
  }
}

/**
 * ajv reports every branch of a oneOf/anyOf; keep the most specific problems (deepest path) and drop
 * the summary "must match exactly one schema" lines when a deeper problem explains them.
 */
export function schemaProblems(errors: ErrorObject[] | null | undefined, data: unknown): SchemaProblem[] {
  if (!errors?.length) return [];
  const problems = errors
    .filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword) || !errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath)))
    .map((e) => describe(e, data));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
