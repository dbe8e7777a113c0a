/**
 * The one rule tester every rule's fixtures go through (after typescript-eslint's RuleTester): a valid case must
 * produce no finding; an invalid case must produce exactly the expected findings (rule id, path, message text,
 * and line when given); duplicate cases are rejected.
 */
import { describe, expect, it } from 'vitest';
import { dirname, basename } from 'node:path';
import type { Rule } from '../../src/rules/types';
import { sharedAjv } from '../../src/config/schemas';
import { Inventory, makeItem } from '../../src/check/inventory';
import { parseManifestText } from '../../src/validate/load';
import { PositionCache } from '../../src/validate/locate';
import { runRules } from '../../src/validate/engine';
import { parseStageDir } from '../../src/stages/stages';
import { parseWaivers } from '../../src/validate/waivers';
import type { Finding, InputProblem, InventoryItem } from '../../src/check/types';
import type { KubernetesVersion } from '../../src/validate/schemas/versions';
import { PodTemplateModel, type PodTemplateKind } from '../../src/lib/pod-specs';

export interface RuleCase {
  readonly name: string;
  /** One file (`case.yaml`) or several, keyed by path; a parent folder `NN-<stage>` gives the stage. */
  readonly yaml?: string;
  readonly files?: Record<string, string>;
  readonly options?: Record<string, unknown>;
  /** Waivers file text (as policies/waivers.yaml), applied to the run. */
  readonly waivers?: string;
  /** The moment expiry is judged against (default 2026-06-01). */
  readonly now?: string;
  /** The Kubernetes release judged against (default: the newest bundled). */
  readonly kubernetesVersion?: KubernetesVersion;
  /** `--namespace`: where objects without a namespace are applied. */
  readonly namespace?: string;
  /** Folder → the `namespace:` of a kustomization file there (as read beside the input). */
  readonly kustomizeNamespaces?: Record<string, string>;
  /** The policy's `podTemplates`: custom resources that hold pod templates. */
  readonly podTemplates?: readonly PodTemplateKind[];
}

export interface ExpectedFinding {
  readonly path: string;
  /** Substring the message must contain. */
  readonly message: string;
  readonly line?: number;
  readonly file?: string;
  /** When given, the reported severity (a rule can lower single findings to warnings). */
  readonly severity?: 'error' | 'warning' | 'info';
}

export interface InvalidCase extends RuleCase {
  readonly errors: readonly ExpectedFinding[];
}

export function runRule(rule: Rule<any>, c: RuleCase): Finding[] {
  const files = c.files ?? { 'case.yaml': c.yaml ?? '' };
  const items: InventoryItem[] = [];
  const problems: InputProblem[] = [];
  for (const [file, text] of Object.entries(files)) {
    const parsed = parseManifestText(text, file);
    problems.push(...parsed.problems);
    const stage = parseStageDir(basename(dirname(file)));
    for (const { object, doc, pointer } of parsed.objects) items.push(makeItem(object, file, doc, stage, pointer));
  }
  const options = structuredClone(c.options ?? {});
  const validate = sharedAjv().compile(rule.meta.optionsSchema);
  if (!validate(options)) throw new Error(`case "${c.name}": invalid options ${JSON.stringify(validate.errors)}`);
  const waivers = c.waivers === undefined ? undefined : parseWaivers(c.waivers, 'waivers.yaml');
  const sources: Record<string, string> = { ...files, ...(c.waivers === undefined ? {} : { 'waivers.yaml': c.waivers }) };
  return runRules(new Inventory(items, problems), [{ rule, severity: rule.meta.defaultSeverity, options }], new PositionCache((f) => sources[f]), {
    waivers,
    now: new Date(c.now ?? '2026-06-01T12:00:00Z'),
    kubernetesVersion: c.kubernetesVersion,
    namespaces: { flag: c.namespace, folders: new Map(Object.entries(c.kustomizeNamespaces ?? {})) },
    podTemplates: c.podTemplates ? new PodTemplateModel(c.podTemplates) : undefined,
  });
}

export function testRule(rule: Rule<any>, cases: { valid: readonly RuleCase[]; invalid: readonly InvalidCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    it('has no duplicate cases', () => {
      const all = [...cases.valid, ...cases.invalid];
      const names = all.map((c) => c.name);
      expect(new Set(names).size, `duplicate case names: ${names.filter((n, i) => names.indexOf(n) !== i)}`).toBe(names.length);
      const inputs = all.map((c) =>
        JSON.stringify([c.yaml, c.files, c.options, c.waivers, c.now, c.kubernetesVersion, c.namespace, c.kustomizeNamespaces, c.podTemplates]),
      );
      expect(new Set(inputs).size, 'two cases have the same input').toBe(inputs.length);
      expect(cases.valid.length, 'at least one valid case').toBeGreaterThan(0);
      expect(cases.invalid.length, 'at least one invalid case').toBeGreaterThan(0);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const findings = runRule(rule, c);
        expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        expect(c.errors.length, 'an invalid case must expect at least one finding').toBeGreaterThan(0);
        const findings = runRule(rule, c);
        expect(findings.length, `findings: ${JSON.stringify(findings.map((f) => [f.path, f.message]))}`).toBe(c.errors.length);
        findings.forEach((f, i) => {
          const want = c.errors[i];
          expect(f.rule).toBe(rule.meta.id);
          expect(f.path).toBe(want.path);
          expect(f.message).toContain(want.message);
          if (want.line !== undefined) expect(f.line).toBe(want.line);
          if (want.file !== undefined) expect(f.file).toBe(want.file);
          if (want.severity !== undefined) expect(f.severity).toBe(want.severity);
        });
      });
    }
  });
}
