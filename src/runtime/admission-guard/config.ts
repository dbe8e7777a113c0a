/**
 * The guard's configuration (schemas/admission-guard-config.schema.json): rendered by synth into the ConfigMap
 * plimsoll-admission-guard, read once at start. The policy it carries is already resolved for the environment
 * (object-scope rules only, every option present), so the guard runs exactly the rules and options synth and
 * `plimsoll validate` run on that environment.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { ValidateFunction } from 'ajv';
import schema from '../../../schemas/admission-guard-config.schema.json';
import { schemaProblems, sharedAjv } from '../../config/schemas';
import { InputError } from '../../lib/errors';
import { PROJECT_ROOT } from '../../lib/paths';
import { ResolvedPolicy, type ActiveRule } from '../../validate/policy';
import { RULES_BY_ID } from '../../rules';
import type { Waiver } from '../../check/waiver-set';
import type { Policy } from '../../config/generated/policy';
import { BUILTIN_POD_TEMPLATES, PodTemplateModel, type PodTemplateKind } from '../../lib/pod-specs';
import { declarationOf, type CustomRuleDeclaration } from '../../validate/custom-rules';

export interface GuardRuleSetting {
  readonly severity: 'error' | 'warning';
  readonly options?: Record<string, unknown>;
}

export interface GuardServerConfig {
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number | null;
  readonly tlsCertFile: string;
  readonly tlsKeyFile: string;
  readonly certReloadIntervalMs: number;
  readonly maxBodyBytes: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
}

/** The configuration as written (optional parts may be absent; defaults fill them at load). */
export interface GuardConfigInput {
  readonly environment: { readonly name: string; readonly tier: 'lab' | 'production' };
  readonly policy: {
    readonly source?: string;
    readonly rules: Readonly<Record<string, GuardRuleSetting>>;
    /** The policy's podTemplates (ResolvedPolicy.podTemplates), when it names any. */
    readonly podTemplates?: readonly PodTemplateKind[];
    /** The policy's own CEL rules that `rules` names (see src/validate/custom-rules.ts). */
    readonly customRules?: readonly CustomRuleDeclaration[];
  };
  readonly waivers?: ReadonlyArray<Omit<Waiver, 'file' | 'line'> & { readonly file?: string; readonly line?: number | null }>;
  readonly trustedDigests?: readonly string[];
  readonly failOpenNamespaces?: readonly string[];
  readonly statusIntegrity?: { readonly writers?: readonly string[] };
  readonly ownerJudgedUsers?: readonly string[];
  readonly server?: Partial<GuardServerConfig>;
}

/** The configuration with every default applied. */
export interface GuardConfig extends GuardConfigInput {
  readonly waivers: ReadonlyArray<Waiver>;
  readonly trustedDigests: readonly string[];
  readonly failOpenNamespaces: readonly string[];
  readonly statusIntegrity: { readonly writers: readonly string[] };
  readonly ownerJudgedUsers: readonly string[];
  readonly server: GuardServerConfig;
}

let validator: ValidateFunction | undefined;

/** Validates `data` and applies the schema's defaults (on a copy); `source` names it in messages. */
export function parseGuardConfig(data: unknown, source = 'config'): GuardConfig {
  const copy = structuredClone(data);
  validator ??= sharedAjv().compile(schema);
  if (!validator(copy)) {
    const problems = schemaProblems(validator.errors, copy).map((p) => `  ${source}: ${p.path || '/'}: ${p.message}`);
    throw new InputError(`invalid admission guard configuration:\n${problems.join('\n')}`);
  }
  const config = copy as GuardConfig;
  if (config.server.headersTimeoutMs > config.server.requestTimeoutMs) {
    throw new InputError(
      `invalid admission guard configuration: ${source}: /server/headersTimeoutMs ${config.server.headersTimeoutMs} exceeds /server/requestTimeoutMs ${config.server.requestTimeoutMs}; headers are part of the request`,
    );
  }
  const custom = new Set((config.policy.customRules ?? []).map((r) => r.id));
  const unknown = Object.keys(config.policy.rules).filter((id) => !RULES_BY_ID.has(id) && !custom.has(id));
  if (unknown.length) {
    throw new InputError(
      `invalid admission guard configuration: ${source}: /policy/rules: unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (this guard knows ${[...RULES_BY_ID.keys()].length} rules; was the configuration rendered by a newer Plimsoll?)`,
    );
  }
  const notObject = Object.keys(config.policy.rules).filter((id) => RULES_BY_ID.get(id)?.meta.scope === 'inventory');
  if (notObject.length) {
    throw new InputError(
      `invalid admission guard configuration: ${source}: /policy/rules: ${notObject.join(', ')} relate objects to each other (scope inventory); the guard sees one object at a time and runs object rules only`,
    );
  }
  return {
    ...config,
    waivers: config.waivers.map((w) => ({ ...w, file: w.file ?? source, line: w.line ?? null })),
  };
}

export function loadGuardConfig(file: string): GuardConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read admission guard configuration ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`admission guard configuration ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseGuardConfig(data, file);
}

/**
 * The rules to run, through the validator's own policy resolution (unknown rules and invalid options are input
 * errors, exactly as in a policy file).
 */
export function guardRules(config: GuardConfig): readonly ActiveRule[] {
  // The custom rules compile here, once, when the guard starts: an error is a configuration error then, not per review.
  const policy: Policy = { rules: config.policy.rules as Policy['rules'], customRules: config.policy.customRules as Policy['customRules'] };
  const resolved = new ResolvedPolicy([{ file: config.policy.source ?? 'admission guard configuration', text: '', policy }]);
  return resolved.activeRules(config.environment);
}

/** Where pods live for the guard: the built-in kinds plus the policy's podTemplates, as `validate` reads them. */
export function guardPodTemplates(config: GuardConfig): PodTemplateModel {
  const kinds = config.policy.podTemplates ?? [];
  return kinds.length ? new PodTemplateModel(kinds) : BUILTIN_POD_TEMPLATES;
}

/**
 * The policy part of the configuration, resolved at synth time: the object-scope rules `policy` activates for
 * `environment` (tier and environment overrides applied), minus `skipRules`, each with its full options.
 */
export function resolveGuardPolicy(
  policy: ResolvedPolicy,
  environment: { name: string; tier: 'lab' | 'production' },
  skipRules: readonly string[] = [],
): GuardConfigInput['policy'] {
  const custom = new Set(policy.customRules.map((r) => r.meta.id));
  for (const id of skipRules) {
    if (!RULES_BY_ID.has(id) && !custom.has(id)) throw new InputError(`admission guard skipRules: unknown rule "${id}" (see \`plimsoll rules list\`)`);
  }
  const rules: Record<string, GuardRuleSetting> = {};
  const customRules: CustomRuleDeclaration[] = [];
  for (const { rule, severity, options } of policy.activeRules(environment)) {
    if (rule.meta.scope !== 'object' || skipRules.includes(rule.meta.id)) continue;
    rules[rule.meta.id] = { severity, options };
    const declaration = declarationOf(rule);
    if (declaration) customRules.push(declaration);
  }
  const podTemplates = policy.podTemplates.kinds;
  return {
    source: relative(PROJECT_ROOT, policy.file).split(sep).join('/'),
    rules,
    ...(podTemplates.length ? { podTemplates } : {}),
    ...(customRules.length ? { customRules } : {}),
  };
}
