/**
 * The one ajv instance (and its options) every schema in schemas/ is compiled with. Its own module so that
 * schemas.ts and precompiled.ts can both use it without importing each other.
 */
import type Ajv from 'ajv';
import type { Options } from 'ajv';
import { addPlimsollFormats } from './formats';

let ajv: Ajv | undefined;

/** The options of the shared ajv; precompiled.ts compiles with exactly these too. */
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
