/**
 * Rules a policy declares itself (`customRules:` in a policy file): a CEL expression over `object`, in the language
 * of ValidatingAdmissionPolicy, with a kind match, a message and a severity. Each is compiled once when the policy
 * loads (a syntax or type error is a policy error), then evaluated on each object it matches only. They are object
 * rules like the built-in ones: they run beside parsing in the worker threads, in the admission guard, and show in
 * reports, `rules list` and waivers under their own id.
 */
import type { InventoryItem, RuleFinding } from '../check/types';
import { defineRule, type Rule } from '../rules/types';
import { CelCompileError, CelEvaluationError, celText, celValue, compileCel, type CompiledExpression } from '../cel/compile';
import { deepest, fieldsRead, offlineRequest } from '../cel/objects';

/** One entry of a policy's `customRules` (schemas/policy.schema.json). */
export interface CustomRuleDeclaration {
  readonly id: string;
  readonly description?: string;
  readonly remediation?: string;
  readonly match: {
    readonly kinds: readonly string[];
    readonly apiVersions?: readonly string[];
    readonly namespaces?: readonly string[];
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly expression: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly path?: string;
  readonly severity?: 'error' | 'warning';
  readonly reason?: 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
  readonly failurePolicy?: 'Fail' | 'Ignore';
}

export interface CustomRule extends Rule<Record<string, never>> {
  readonly declaration: CustomRuleDeclaration;
}

/** A compile error of one of the declaration's expressions: `field` is `expression` or `messageExpression`. */
export class CustomRuleError extends Error {
  constructor(
    public readonly field: 'expression' | 'messageExpression',
    public readonly expression: string,
    public readonly error: CelCompileError,
  ) {
    super(`${field} ${JSON.stringify(expression)}: ${error.message}`);
  }
}

/** What an expression sees: the object, and `oldObject`/`params`/`request` as the API server gives them. */
export const CUSTOM_RULE_VARIABLES = ['object', 'oldObject', 'params', 'request', 'namespaceObject'] as const;

function compileField(decl: CustomRuleDeclaration, field: 'expression' | 'messageExpression', expect: 'bool' | 'string'): CompiledExpression {
  const source = decl[field]!;
  try {
    return compileCel(source, CUSTOM_RULE_VARIABLES, expect);
  } catch (err) {
    if (err instanceof CelCompileError) throw new CustomRuleError(field, source, err);
    throw err;
  }
}

/** Compiles a declaration into a rule (throws CustomRuleError on an expression that does not compile). */
export function compileCustomRule(decl: CustomRuleDeclaration): CustomRule {
  const expression = compileField(decl, 'expression', 'bool');
  const messageExpression = decl.messageExpression === undefined ? undefined : compileField(decl, 'messageExpression', 'string');
  const kinds = new Set(decl.match.kinds);
  const apiVersions = decl.match.apiVersions?.length ? new Set(decl.match.apiVersions) : undefined;
  const namespaces = decl.match.namespaces?.length ? new Set(decl.match.namespaces) : undefined;
  const labels = Object.entries(decl.match.labels ?? {});
  const fields = decl.path === undefined ? fieldsRead(decl.expression) : [];
  const fallback = decl.message ?? `failed expression: ${decl.expression}`;
  const matches = (item: InventoryItem): boolean => {
    if (item.patch || !(kinds.has(item.kind) || kinds.has('*'))) return false;
    if (apiVersions && !apiVersions.has(item.apiVersion)) return false;
    if (namespaces && !namespaces.has(item.namespace)) return false;
    const have = item.object.metadata?.labels ?? {};
    return labels.every(([k, v]) => have[k] === v);
  };
  const rule = defineRule<Record<string, never>>({
    meta: {
      id: decl.id,
      description: decl.description ?? `Custom rule (CEL): ${decl.expression}.`,
      remediation: decl.remediation ?? `Change the object so that \`${decl.expression}\` holds.`,
      category: 'correctness',
      scope: 'object',
      defaultSeverity: decl.severity ?? 'error',
      optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    },
    *check({ inventory }): Iterable<RuleFinding> {
      for (const item of inventory.items) {
        if (!matches(item)) continue;
        const activation = { object: celValue(item.object), oldObject: null, params: null, namespaceObject: null, request: offlineRequest(item) };
        // Only a finding needs the path.
        const at = () => decl.path ?? deepest(item.object, fields);
        let result: unknown;
        try {
          result = expression.evaluate(activation);
        } catch (err) {
          if (!(err instanceof CelEvaluationError)) throw err;
          if (decl.failurePolicy === 'Ignore') continue;
          yield {
            item,
            path: at(),
            message: `${fallback} (the expression could not be evaluated on this object: ${err.message}; failurePolicy Fail rejects it)`,
          };
          continue;
        }
        if (result === true) continue;
        if (result !== false) {
          if (decl.failurePolicy === 'Ignore') continue;
          yield { item, path: at(), message: `${fallback} (the expression yielded ${celText(result)}, not a bool)` };
          continue;
        }
        let message = fallback;
        if (messageExpression) {
          try {
            const text = messageExpression.evaluate(activation);
            // As the API server: a messageExpression that fails or yields an empty or non-string value falls back to message.
            if (typeof text === 'string' && text.trim()) message = text.trim();
          } catch {
            /* the message falls back */
          }
        }
        yield { item, path: at(), message };
      }
    },
  });
  return { ...rule, declaration: decl };
}

/** The declaration behind a rule, when it is a custom one. */
export function declarationOf(rule: Rule<any>): CustomRuleDeclaration | undefined {
  return (rule as Partial<CustomRule>).declaration;
}
