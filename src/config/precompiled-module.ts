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
export function precompiledConfigModule(schemas: Record<string, object>, sections: ReadonlyArray<{ id: string; schema: object; hashed: object }> = []): string {
  const { _ } = require('ajv') as typeof import('ajv');
  const ajv = newSharedAjv({ ...SHARED_AJV_OPTIONS, code: { source: true, formats: _`formats` } });
  const exports: Record<string, string> = {};
  const hashes: Record<string, string> = {};
  const entries = [...Object.entries(schemas).map(([id, schema]) => ({ id, schema, hashed: schema })), ...sections];
  entries.forEach(({ id, schema, hashed }, i) => {
    // A schema keeps its own $id (the sections refer into the environment schema by it); rule options have none.
    const key = (schema as { $id?: string }).$id ?? `plimsoll-config-${i}`;
    ajv.addSchema({ ...schema, $id: key });
    exports[`v${i}`] = key;
    hashes[id] = `v${i}:${hashOf(hashed)}`;
  });
  const code = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default(ajv, exports);
  return `module.exports = function (formats) {\nconst exports = {};\n${code}\nreturn { validators: exports, hashes: ${JSON.stringify(hashes)} };\n};\n`;
}
