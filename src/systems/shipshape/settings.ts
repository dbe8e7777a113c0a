/**
 * The shipshape settings of an environment with every default filled in, taken from
 * schemas/environment.schema.json (#/properties/shipshape) so the schema stays the one place the runbook's
 * defaults are written down. Loaded environments already carry them (ajv fills defaults at load); this also
 * serves environments built in code (tests) and gives the system assembly a type with nothing optional.
 */
import type { ValidateFunction } from 'ajv';
import type { Environment } from '../../config/generated/environment';
import { schemaProblems, schemaValidator, sharedAjv } from '../../config/schemas';
import { InputError } from '../../lib/errors';

type DeepRequired<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> } : T;

export type ShipshapeSettings = DeepRequired<NonNullable<Environment['shipshape']>>;

let validate: ValidateFunction | undefined;

export function shipshapeSettings(env: Readonly<Environment>): ShipshapeSettings {
  if (!validate) {
    const id = (schemaValidator('environment').schema as { $id: string }).$id;
    validate = sharedAjv().compile({ type: 'object', properties: { shipshape: { $ref: `${id}#/properties/shipshape` } } });
  }
  const data = { shipshape: structuredClone(env.shipshape ?? {}) };
  if (!validate(data)) {
    const problems = schemaProblems(validate.errors, data).map((p) => `  ${p.path}: ${p.message}`);
    throw new InputError(`invalid shipshape settings in environment ${env.name}:\n${problems.join('\n')}`);
  }
  return data.shipshape as ShipshapeSettings;
}
