/**
 * Policies decide which rules run, at which severity, with which options (policies/*.yaml, checked against
 * schemas/policy.schema.json, each rule's options against the rule's own schema). Resolution order:
 * extended policy → rules → tier override → environment override.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigYamlError, parseConfigYaml } from './config-yaml';
import type { ValidateFunction } from 'ajv';
import type { Policy, RuleSetting } from '../config/generated/policy';
import { schemaProblems, schemaValidator, sharedAjv, type SchemaProblem } from '../config/schemas';
import { aheadOfTime } from '../config/precompiled';
import { InputError } from '../lib/errors';
import { displayPath as display, PROJECT_ROOT } from '../lib/paths';
import { RULES, RULES_BY_ID } from '../rules';
import type { Rule } from '../rules/types';
import type { Severity } from '../check/types';
import { yamlPositions } from './locate';
import { closest } from '../lib/suggest';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from './schemas/versions';
import { BUILTIN_POD_TEMPLATES, PodTemplateModel } from '../lib/pod-specs';
import { compileCustomRule, CustomRuleError, type CustomRule, type CustomRuleDeclaration } from './custom-rules';

export const RECOMMENDED_POLICY = join(PROJECT_ROOT, 'policies', 'recommended.yaml');
export const PLATFORM_POLICY = join(PROJECT_ROOT, 'policies', 'platform.yaml');

/**
 * Built-in policies by name (`--policy NAME`, `extends: NAME`): minimal for manifests you did not write,
 * recommended (the default) and strict. A name wins over a file of that name in the cwd (`./minimal` is the file).
 */
export const PRESETS: Readonly<Record<string, string>> = {
  minimal: join(PROJECT_ROOT, 'policies', 'presets', 'minimal.yaml'),
  recommended: RECOMMENDED_POLICY,
  strict: join(PROJECT_ROOT, 'policies', 'presets', 'strict.yaml'),
};
export const PRESET_NAMES = Object.keys(PRESETS);

/**
 * The file `name` stands for: a preset's, or a path (relative to `base`). A bare word that is neither a preset
 * nor an existing file is a mistyped preset far more often than a missing file, so it is told so with the list.
 */
function policyFile(name: string, base: string, from?: string): string {
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (preset) return preset;
  const file = resolve(base, name);
  if (!existsSync(file) && !/[\\/]|\.(ya?ml|json)$/i.test(name)) {
    const hint = closest(name, PRESET_NAMES);
    throw new InputError(
      `${from ? `${display(from)}: extends ` : 'policy '}"${name}" is neither a policy file nor a preset${hint ? `; did you mean "${hint}"?` : ''} ` +
        `(presets: ${PRESET_NAMES.join(', ')}; a file path needs a folder or a .yaml name, e.g. ./${name}.yaml)`,
    );
  }
  return file;
}

interface Layer {
  readonly file: string;
  readonly text: string;
  readonly policy: Policy;
}

export interface ActiveRule {
  readonly rule: Rule<any>;
  readonly severity: Severity;
  readonly options: Record<string, unknown>;
}

export interface EnvironmentSelector {
  readonly name: string;
  readonly tier: 'lab' | 'production';
}

export class ResolvedPolicy {
  private model?: PodTemplateModel;
  /** The rules the layers declare (`customRules`), compiled once; a later layer's rule of the same id replaces an earlier one's. */
  private readonly custom: ReadonlyMap<string, CustomRule>;

  constructor(private readonly layers: readonly Layer[]) {
    this.custom = compileCustomRules(layers);
  }

  /** The policy's own rules (customRules of every layer), in declaration order. */
  public get customRules(): readonly CustomRule[] {
    return [...this.custom.values()];
  }

  /** The file the user chose (what a worker thread loads again). */
  public get file(): string {
    return this.layers[this.layers.length - 1].file;
  }

  /** Display name: the file the user chose. */
  public get source(): string {
    return display(this.layers[this.layers.length - 1].file);
  }

  /** activeRules by environment: a run asks several times (the engine, the cache key, the threads, report formats). */
  private readonly active = new Map<string, readonly ActiveRule[]>();

  /**
   * The rules that run, with severity and validated options, for an environment (or none: base settings only).
   * Computed once per environment; the result and its options are shared, so never changed by a caller.
   */
  public activeRules(environment?: EnvironmentSelector): readonly ActiveRule[] {
    const key = environment ? `${environment.name}\0${environment.tier}` : '';
    let active = this.active.get(key);
    if (!active) {
      active = this.resolveRules(environment);
      this.active.set(key, active);
    }
    return active;
  }

  private resolveRules(environment?: EnvironmentSelector): ActiveRule[] {
    const settings = new Map<string, { severity: Severity | 'off'; options: Record<string, unknown>; from: Layer; path: string }>();
    const apply = (layer: Layer, rules: Record<string, RuleSetting | undefined> | undefined, base: string) => {
      for (const [id, setting] of Object.entries(rules ?? {})) {
        if (setting === undefined) continue;
        const prev = settings.get(id);
        const defaultSeverity = (RULES_BY_ID.get(id) ?? this.custom.get(id))?.meta.defaultSeverity ?? 'error';
        const severity = typeof setting === 'string' ? setting : (setting.severity ?? prev?.severity ?? defaultSeverity);
        const options = typeof setting === 'string' ? (prev?.options ?? {}) : { ...prev?.options, ...(setting.options as Record<string, unknown> | undefined) };
        settings.set(id, { severity, options, from: layer, path: `${base}/${id}` });
      }
    };
    for (const layer of this.layers) {
      apply(layer, layer.policy.rules, '/rules');
      if (environment) {
        apply(layer, layer.policy.tiers?.[environment.tier]?.rules, `/tiers/${environment.tier}/rules`);
        apply(layer, layer.policy.environments?.[environment.name]?.rules, `/environments/${environment.name}/rules`);
      }
    }
    const active: ActiveRule[] = [];
    for (const rule of [...RULES, ...this.custom.values()]) {
      // A custom rule runs at its declared severity unless a `rules` entry says otherwise.
      const declared = this.custom.get(rule.meta.id);
      const s = settings.get(rule.meta.id) ?? (declared ? { severity: declared.meta.defaultSeverity, options: {}, from: this.layers[0], path: '' } : undefined);
      if (!s || s.severity === 'off') continue;
      const options = structuredClone(s.options);
      const validate = optionsValidator(rule);
      if (!validate(options)) {
        const problems = schemaProblems(validate.errors, options).map((p) => ({ ...p, path: `${s.path}/options${p.path}` }));
        throw new InputError(formatProblems(s.from, problems, `invalid options for rule ${rule.meta.id}`));
      }
      active.push({ rule, severity: s.severity, options });
    }
    if (!active.length && !this.allowsNoRules) {
      const where = environment ? ` for environment ${environment.name} (tier ${environment.tier})` : '';
      const chain = this.layers.length > 1 ? ` (resolved from ${this.layers.map((l) => display(l.file)).join(' → ')})` : '';
      throw new InputError(
        `policy ${this.source} turns every rule off${where}${chain}: no rule would run and every input would pass; ` +
          'expected at least one rule set to error or warning (e.g. `extends: recommended`), or `allowNoRules: true` if that is intended',
      );
    }
    return active;
  }

  /** The Kubernetes release rules judge against: `kubernetesVersion` of the last layer that sets it, else the newest bundled. */
  public get kubernetesVersion(): KubernetesVersion {
    let version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION;
    for (const layer of this.layers) if (layer.policy.kubernetesVersion !== undefined) version = layer.policy.kubernetesVersion;
    return version;
  }

  /** Where pods live: the built-in kinds plus the `podTemplates` of every layer (in extends order, each entry once). */
  public get podTemplates(): PodTemplateModel {
    if (this.model) return this.model;
    const seen = new Set<string>();
    const kinds = this.layers
      .flatMap((l) => l.policy.podTemplates ?? [])
      .filter((k) => {
        const key = `${k.apiVersion ?? ''}\0${k.kind}\0${k.path}`;
        return !seen.has(key) && !!seen.add(key);
      });
    return (this.model = kinds.length ? new PodTemplateModel(kinds) : BUILTIN_POD_TEMPLATES);
  }

  /** `allowNoRules` as the last layer that sets it says (a policy may run no rule only when it says so). */
  private get allowsNoRules(): boolean {
    let allow = false;
    for (const layer of this.layers) if (layer.policy.allowNoRules !== undefined) allow = layer.policy.allowNoRules;
    return allow;
  }
}

const optionValidators = new Map<string, ValidateFunction>();
function optionsValidator(rule: Rule<any>): ValidateFunction {
  let fn = optionValidators.get(rule.meta.id);
  if (!fn) {
    fn = aheadOfTime(`rule:${rule.meta.id}`, rule.meta.optionsSchema) ?? sharedAjv().compile(rule.meta.optionsSchema);
    optionValidators.set(rule.meta.id, fn);
  }
  return fn;
}

function formatProblems(layer: Layer, problems: SchemaProblem[], title: string): string {
  const positions = yamlPositions(layer.text);
  const lines = problems.map((p) => {
    const line = positions.lineOf(0, p.path);
    return `  ${display(layer.file)}${line ? `:${line}` : ''}: ${p.path || '/'}: ${p.message}`;
  });
  return `${title}:\n${lines.join('\n')}`;
}

function readLayer(file: string): Layer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read policy ${display(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseConfigYaml(text);
  } catch (err) {
    throw new InputError(`invalid policy ${(err as ConfigYamlError).at(display(file))}`);
  }
  // An empty file (or /dev/null) must not mean "no settings": with no rules listed, no rule would run.
  if (data === null || data === undefined) {
    throw new InputError(
      `invalid policy ${display(file)}: the file is empty (${text.trim() ? 'only comments' : `${text.length} bytes`}); ` +
        'expected a mapping with `rules` and/or `extends` (e.g. `extends: recommended`)',
    );
  }
  const layer = { file, text, policy: data as Policy };
  const validate = schemaValidator('policy');
  // `kubernetesVersion: 1.30` is the number 1.3 in YAML: say so, once, instead of two schema errors about 1.3.
  const version = (data as { kubernetesVersion?: unknown }).kubernetesVersion;
  if (typeof version === 'number') {
    const problem = {
      path: '/kubernetesVersion',
      message: `got the number ${version}, expected a quoted release such as "1.30" (YAML reads an unquoted 1.30 as 1.3)`,
    };
    throw new InputError(formatProblems(layer, [problem], `invalid policy ${display(file)}`));
  }
  if (!validate(data)) throw new InputError(formatProblems(layer, schemaProblems(validate.errors, data), `invalid policy ${display(file)}`));
  return layer;
}

/** Rule ids a layer's settings name that neither the registry nor any layer's customRules declares: a policy error. */
function checkRuleIds(layer: Layer, declared: ReadonlySet<string>): void {
  const unknown: SchemaProblem[] = [];
  const check = (rules: object | undefined, base: string) => {
    for (const id of Object.keys(rules ?? {})) {
      if (!RULES_BY_ID.has(id) && !declared.has(id)) {
        const hint = closest(id, [...RULES_BY_ID.keys(), ...declared]);
        unknown.push({ path: `${base}/${id}`, message: `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ' (see `plimsoll rules list`)'}` });
      }
    }
  };
  const policy = layer.policy;
  check(policy.rules, '/rules');
  for (const [tier, o] of Object.entries(policy.tiers ?? {})) check(o?.rules, `/tiers/${tier}/rules`);
  for (const [name, o] of Object.entries(policy.environments ?? {})) check(o?.rules, `/environments/${name}/rules`);
  if (unknown.length) throw new InputError(formatProblems(layer, unknown, `invalid policy ${display(layer.file)}`));
}

/**
 * Every layer's customRules compiled, by id. An id of a built-in rule, the same id twice in one file, or an expression
 * that does not compile is a policy error naming the file, line, JSON path, the expression and the error.
 */
function compileCustomRules(layers: readonly Layer[]): Map<string, CustomRule> {
  const out = new Map<string, CustomRule>();
  for (const layer of layers) {
    const seen = new Set<string>();
    const declarations = (layer.policy.customRules ?? []) as unknown as CustomRuleDeclaration[];
    declarations.forEach((decl, i) => {
      const fail = (path: string, message: string): never => {
        throw new InputError(
          formatProblems(layer, [{ path: `/customRules/${i}${path}`, message }], `invalid custom rule ${decl.id} in policy ${display(layer.file)}`),
        );
      };
      if (RULES_BY_ID.has(decl.id)) fail('/id', `"${decl.id}" is a built-in rule's id; a custom rule needs an id of its own`);
      if (seen.has(decl.id)) fail('/id', `custom rule "${decl.id}" is declared twice in this file`);
      seen.add(decl.id);
      try {
        out.set(decl.id, compileCustomRule(decl));
      } catch (err) {
        if (!(err instanceof CustomRuleError)) throw err;
        fail(`/${err.field}`, `${JSON.stringify(err.expression)}: ${err.error.message}`);
      }
    });
  }
  return out;
}

/** Loads a policy file (or a preset by name, see PRESETS) and everything it extends. */
export function loadPolicy(fileOrPreset: string = RECOMMENDED_POLICY): ResolvedPolicy {
  const layers: Layer[] = [];
  const seen = new Set<string>();
  let next: string | undefined = policyFile(fileOrPreset, process.cwd());
  while (next) {
    if (seen.has(next)) throw new InputError(`policy ${display(next)} extends itself (cycle: ${[...seen].map(display).join(' → ')})`);
    if (!existsSync(next)) throw new InputError(`policy ${display(next)} does not exist`);
    seen.add(next);
    const layer = readLayer(next);
    layers.unshift(layer);
    const ext = layer.policy.extends;
    next = ext === undefined ? undefined : policyFile(ext, dirname(next), next);
  }
  const declared = new Set(layers.flatMap((l) => (l.policy.customRules ?? []).map((r) => r.id)));
  for (const layer of layers) checkRuleIds(layer, declared);
  return new ResolvedPolicy(layers);
}

/** Each rule's severity (no tier or environment) under each preset, `off` where it does not run. */
export function presetSeverities(): Map<string, Record<string, Severity | 'off'>> {
  const out = new Map<string, Record<string, Severity | 'off'>>(RULES.map((r) => [r.meta.id, {}]));
  for (const name of PRESET_NAMES) {
    const active = new Map(
      loadPolicy(name)
        .activeRules()
        .map((a) => [a.rule.meta.id, a.severity]),
    );
    for (const [id, row] of out) row[name] = active.get(id) ?? 'off';
  }
  return out;
}
