import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { precompiledModule } from '../../src/validate/schemas/registry';
import { loadManifests } from '../../src/validate/load';
import { ROOT } from '../helpers/cli';

describe('ahead-of-time schema validators (lib/schemas.cjs)', () => {
  it('report exactly what lazily compiled ones do, on every rendered object and broken copies of them', () => {
    // Inside the project, so the generated code resolves ajv's runtime helpers as lib/schemas.cjs does.
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    const file = join(mkdtempSync(join(ROOT, 'node_modules', '.cache', 'plimsoll-aot-')), 'schemas.cjs');
    writeFileSync(file, precompiledModule());
    const mod = require(file) as Record<string, any>;
    const kinds = mod.__kinds as Record<string, string>;
    const { inventory } = loadManifests([join(ROOT, 'dist', 'prod-fsn')]);
    // The lazy path as registry.ts compiles it, fresh.
    const kubernetes = JSON.parse(require('node:fs').readFileSync(join(ROOT, 'src/validate/schemas/generated/kubernetes-1.28.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, validateSchema: false, validateFormats: false, inlineRefs: false, code: { optimize: false }, unicodeRegExp: false });
    ajv.addSchema(kubernetes);
    let compared = 0;
    for (const item of inventory.items) {
      const key = `${item.apiVersion}/${item.kind}`;
      const id = kubernetes.kinds[key];
      if (!id) continue;
      const lazy = ajv.compile({ type: 'object', $ref: `kubernetes-1.28#/definitions/${id}` });
      const ahead = mod[kinds[key]];
      const broken = { ...structuredClone(item.object), spec: { ...(item.object.spec as object), replcas: 3, selector: 'x' } };
      for (const o of [item.object, broken]) {
        expect(ahead(o), key).toBe(lazy(o));
        const strip = (errs: any[] | null | undefined) => (errs ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params)]);
        expect(strip(ahead.errors), key).toEqual(strip(lazy.errors));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
