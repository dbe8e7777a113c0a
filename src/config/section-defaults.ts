/**
 * One system's section of an environment with the defaults of schemas/environment.schema.json applied: the one
 * way every system gets its settings, so the schema stays the only place a default is written down. Loaded
 * environments already carry the defaults (ajv fills them at load); this also serves environments built in code.
 */
import type { ValidateFunction } from 'ajv';
import type { Environment } from './generated/environment';
import { readSchemaFile, schemaProblems, sharedAjv } from './schemas';
import { aheadOfTime, sectionValidatorSchema } from './precompiled';
import { InputError } from '../lib/errors';

/** A top-level property of the environment that holds an object (a system's section). */
export type SectionKey = {
  [K in keyof Environment]-?: NonNullable<Environment[K]> extends readonly unknown[] ? never : NonNullable<Environment[K]> extends object ? K : never;
}[keyof Environment];

/** `T` with every property present: for a section whose schema gives each of them a default. */
export type DeepRequired<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> } : T;

const validators = new Map<SectionKey, ValidateFunction>();
let environmentSchema: { $id: string } | undefined;

function validatorOf(key: SectionKey): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    environmentSchema ??= readSchemaFile('environment') as { $id: string };
    const { id, schema, hashed } = sectionValidatorSchema(key, environmentSchema);
    validate = aheadOfTime(id, hashed);
    if (!validate) {
      const ajv = sharedAjv();
      if (!ajv.getSchema(environmentSchema.$id)) ajv.addSchema(environmentSchema);
      validate = ajv.compile(schema);
    }
    validators.set(key, validate);
  }
  return validate;
}

/**
 * A copy of `env[key]` with every schema default filled in (an absent section starts empty).
 * @throws InputError naming the environment and each JSON path that does not match the schema
 */
export function sectionWithDefaults<K extends SectionKey>(env: Readonly<Environment>, key: K): NonNullable<Environment[K]> {
  const validate = validatorOf(key);
  const data: Record<string, unknown> = { [key]: structuredClone(env[key] ?? {}) };
  if (!validate(data)) {
    const problems = schemaProblems(validate.errors, data).map((p) => `  ${p.path}: ${p.message}`);
    throw new InputError(`invalid ${key} settings in environment ${env.name}:\n${problems.join('\n')}`);
  }
  return data[key] as NonNullable<Environment[K]>;
}
