import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/rules';
import { rulesMarkdown } from '../../src/rules/docs';
import { sharedAjv } from '../../src/config/schemas';
import { ROOT } from '../helpers/cli';
import { parse } from 'yaml';

describe('rule meta', () => {
  const ruleFiles = readdirSync(join(ROOT, 'src/rules')).filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'docs.ts'].includes(f));

  it('registers every rule file exactly once', () => {
    expect(RULES.map((r) => `${r.meta.id}.ts`).sort()).toEqual(ruleFiles.sort());
  });

  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      it('has a kebab-case id equal to its file name', () => {
        expect(rule.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(existsSync(join(ROOT, 'src/rules', `${rule.meta.id}.ts`))).toBe(true);
      });
      it('documents itself', () => {
        expect(rule.meta.description.length).toBeGreaterThan(20);
        expect(rule.meta.remediation).toMatch(/\.$/);
      });
      it('has a strict options schema that compiles', () => {
        expect(rule.meta.optionsSchema.additionalProperties).toBe(false);
        expect(() => sharedAjv().compile(rule.meta.optionsSchema)).not.toThrow();
      });
      it('has fixtures through the shared tester', () => {
        const file = join(ROOT, 'test/rules', `${rule.meta.id}.test.ts`);
        expect(existsSync(file), `missing ${file}`).toBe(true);
        expect(readFileSync(file, 'utf8')).toContain('testRule(rule');
      });
    });
  }

  it('the recommended preset names every rule, so a new rule is never silently off', () => {
    const preset = parse(readFileSync(join(ROOT, 'policies/recommended.yaml'), 'utf8'));
    expect(Object.keys(preset.rules).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
  });

  it('docs/rules.md is generated from the rules (run `npm run docs:rules`)', () => {
    expect(readFileSync(join(ROOT, 'docs/rules.md'), 'utf8')).toBe(rulesMarkdown());
  });
});
