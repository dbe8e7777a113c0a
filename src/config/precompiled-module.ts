/**
 * The source of lib/config-validators.cjs (see precompiled.ts, which loads it): every schema compiled by the shared
 * ajv's options into standalone code. Used by `npm run build` only.
 */
import { newSharedAjv, SHARED_AJV_OPTIONS } from './schemas';
import { hashOf } from './precompiled';

/**
 * The module's source: `module.exports = (formats) => ({ validators, hashes })`. The generated code reaches its
 * formats through that argument, so it runs the same format code as the compiled path.
 */
export function precompiledConfigModule(schemas: Record<string, object>): string {
  const { _ } = require('ajv') as typeof import('ajv');
  const ajv = newSharedAjv({ ...SHARED_AJV_OPTIONS, code: { source: true, formats: _`formats` } });
  const exports: Record<string, string> = {};
  const hashes: Record<string, string> = {};
  Object.entries(schemas).forEach(([id, schema], i) => {
    ajv.addSchema({ ...schema, $id: `plimsoll-config-${i}` });
    exports[`v${i}`] = `plimsoll-config-${i}`;
    hashes[id] = `v${i}:${hashOf(schema)}`;
  });
  const code = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default(ajv, exports);
  return `module.exports = function (formats) {\nconst exports = {};\n${code}\nreturn { validators: exports, hashes: ${JSON.stringify(hashes)} };\n};\n`;
}
