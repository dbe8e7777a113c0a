import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { precompiledModule } from '../../src/validate/schemas/registry';
import { loadManifests } from '../../src/validate/load';
import { projectTempDir, ROOT } from '../helpers/cli';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { aheadOfTime, environmentSectionKeys, sectionValidatorSchema } from '../../src/config/precompiled';
import { precompiledConfigModule } from '../../src/config/precompiled-module';
import { readSchemaFile, SHARED_AJV_OPTIONS } from '../../src/config/schemas';
import { addPlimsollFormats, PLIMSOLL_FORMATS } from '../../src/config/formats';
import { RULES_BY_ID } from '../../src/rules';

describe('ahead-of-time schema validators (lib/schemas-<version>.cjs)', () => {
  // The newest release (whole) and the oldest (stored as its difference from the newest).
  it.each(['1.33', '1.28'] as const)('report exactly what lazily compiled ones do for %s, on every rendered object and broken copies of them', (version) => {
    // Inside the project, so the generated code resolves ajv's runtime helpers as lib/schemas.cjs does.
    const file = join(projectTempDir('plimsoll-aot-'), 'schemas.cjs');
    writeFileSync(file, precompiledModule(version));
    const mod = require(file) as Record<string, any>;
    const kinds = mod.__kinds as Record<string, string>;
    const { inventory } = loadManifests([join(ROOT, 'dist', 'prod-fsn')]);
    // The lazy path as registry.ts compiles it, fresh.
    const read = (v: string) => JSON.parse(require('node:fs').readFileSync(join(ROOT, `src/validate/schemas/generated/kubernetes-${v}.json`), 'utf8'));
    const kubernetes = read(version);
    if (kubernetes.base) kubernetes.definitions = { ...read(kubernetes.base).definitions, ...kubernetes.definitions };
    delete kubernetes.base;
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: false,
      allowUnionTypes: true,
      validateSchema: false,
      validateFormats: false,
      inlineRefs: false,
      code: { optimize: false },
      unicodeRegExp: false,
    });
    ajv.addSchema(kubernetes);
    let compared = 0;
    for (const item of inventory.items) {
      const key = `${item.apiVersion}/${item.kind}`;
      const id = kubernetes.kinds[key];
      if (!id) continue;
      const lazy = ajv.compile({ type: 'object', $ref: `kubernetes#/definitions/${id}` });
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

describe('ahead-of-time config validators (lib/config-validators.cjs)', () => {
  it('accept, reject and fill defaults exactly as compiled ones do, and are used only for the schema they were built from', () => {
    const file = join(projectTempDir('plimsoll-aot-'), 'config-validators.cjs');
    const policySchema = readSchemaFile('policy');
    const cidrRule = RULES_BY_ID.get('placeholder-cidr')!.meta.optionsSchema;
    writeFileSync(file, precompiledConfigModule({ 'schema:policy': policySchema, 'rule:placeholder-cidr': cidrRule }));
    const { validators, hashes } = require(file)({ ...fullFormats, ...PLIMSOLL_FORMATS });
    const ahead = (id: string) => validators[hashes[id].split(':')[0]];
    const compiledAjv = new Ajv(SHARED_AJV_OPTIONS);
    addFormats(compiledAjv);
    addPlimsollFormats(compiledAjv);
    const cases: Array<[string, object, unknown[]]> = [
      [
        'schema:policy',
        policySchema,
        [{}, { rules: { 'image-digest': 'warning' } }, { rules: { 'image-digest': 'loud' } }, { rulez: {} }, { extends: 3, tiers: { lab: { rules: [] } } }],
      ],
      ['rule:placeholder-cidr', cidrRule, [{}, { exact: ['10.0.0.0/8'] }, { exact: ['10.0.0.0/33', 'x'] }, { exact: 'nope' }, { surprise: true }]],
    ];
    for (const [id, schema, inputs] of cases) {
      const compiled = compiledAjv.compile(schema);
      for (const input of inputs) {
        const [a, b] = [structuredClone(input), structuredClone(input)];
        expect(ahead(id)(a), `${id} ${JSON.stringify(input)}`).toBe(compiled(b));
        expect(a, 'defaults filled in alike').toEqual(b);
        const strip = (errs: any[] | null | undefined) => (errs ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
        expect(strip(ahead(id).errors)).toEqual(strip(compiled.errors));
      }
    }
    expect(cases.flatMap(([id, schema, inputs]) => inputs.filter((i) => !ahead(id)(structuredClone(i)))).length).toBeGreaterThan(3);
  });

  it('serve the environment and each of its sections exactly as compiled ones do (defaults filled, errors alike)', () => {
    const file = join(projectTempDir('plimsoll-aot-'), 'config-validators.cjs');
    const environmentSchema = readSchemaFile('environment') as { $id: string; properties: Record<string, { type?: unknown }> };
    const keys = environmentSectionKeys(environmentSchema);
    expect(keys).toEqual(expect.arrayContaining(['runtime', 'zenWatcher', 'shipshape', 'sre', 'runtimeComponents']));
    const sections = keys.map((k) => sectionValidatorSchema(k, environmentSchema));
    writeFileSync(file, precompiledConfigModule({ 'schema:environment': environmentSchema }, sections));
    const { validators, hashes } = require(file)({ ...fullFormats, ...PLIMSOLL_FORMATS });
    const ahead = (id: string) => validators[hashes[id].split(':')[0]];
    const compiledAjv = new Ajv(SHARED_AJV_OPTIONS);
    addFormats(compiledAjv);
    addPlimsollFormats(compiledAjv);
    compiledAjv.addSchema(environmentSchema);
    const strip = (errs: any[] | null | undefined) => (errs ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
    let rejected = 0;
    for (const { id, schema } of sections) {
      const key = id.slice('section:'.length);
      const compiled = compiledAjv.compile(schema);
      for (const input of [{}, { [key]: {} }, { [key]: { surprise: true } }, { [key]: 'nope' }]) {
        const [a, b] = [structuredClone(input), structuredClone(input)];
        const ok = ahead(id)(a);
        expect(ok, `${id} ${JSON.stringify(input)}`).toBe(compiled(b));
        expect(a, `${id}: defaults filled in alike`).toEqual(b);
        expect(strip(ahead(id).errors)).toEqual(strip(compiled.errors));
        if (!ok) rejected++;
      }
    }
    expect(rejected).toBeGreaterThanOrEqual(sections.length * 2);
    // What the shipped build serves: the section validators are keyed by the environment schema they refer into.
    const runtime = sectionValidatorSchema('runtime', environmentSchema);
    expect(aheadOfTime(runtime.id, runtime.hashed)).toBeDefined();
    expect(aheadOfTime(runtime.id, sectionValidatorSchema('runtime', { ...environmentSchema, $id: 'https://example.invalid/env' }).hashed)).toBeUndefined();
    expect(aheadOfTime('schema:environment', environmentSchema)).toBeDefined();
  });

  it('are bypassed when the schema changed since the build', () => {
    const schema = RULES_BY_ID.get('placeholder-cidr')!.meta.optionsSchema as Record<string, unknown>;
    expect(aheadOfTime('rule:placeholder-cidr', schema)).toBeDefined();
    expect(aheadOfTime('rule:placeholder-cidr', { ...schema, description: 'edited since the build' })).toBeUndefined();
    expect(aheadOfTime('rule:no-such-rule', schema)).toBeUndefined();
  });
});
