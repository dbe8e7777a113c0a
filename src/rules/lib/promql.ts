/**
 * PromQL through Prometheus' own Lezer grammar (@prometheus-io/lezer-promql): syntax errors with their offsets,
 * and the label matchers an expression uses (for scoping rules).
 */
import type { LRParser } from '@lezer/lr';

// The package is ESM-typed but ships a CommonJS build; require() it so this CommonJS codebase can load it. Loaded
// on first use: most inputs hold no PromQL, and every validation thread would pay for loading it.
let loaded: LRParser | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const promql = (): LRParser => (loaded ??= (require('@prometheus-io/lezer-promql') as { parser: LRParser }).parser);

export interface PromqlError {
  readonly offset: number;
  readonly near: string;
  /** Set when the expression was not parsed at all because it is over a budget (see promqlOverBudget). */
  readonly overBudget?: string;
}

/**
 * Budgets checked before the Lezer parse: the parser's memory grows with nesting, and ~1 MB of nested
 * parentheses exhausts a small heap (the admission guard runs with ~150 MB). Real alerting and recording
 * expressions are a few hundred bytes and nest a handful of levels.
 */
export const MAX_PROMQL_BYTES = 16 * 1024;
export const MAX_PROMQL_NESTING = 64;

/**
 * Why `expr` is too large to parse (size in UTF-8 bytes, or bracket nesting outside string literals), or
 * undefined. Linear in the length and stops at the first budget passed.
 */
export function promqlOverBudget(expr: string): string | undefined {
  const bytes = Buffer.byteLength(expr, 'utf8');
  if (bytes > MAX_PROMQL_BYTES) return `expr is ${bytes} bytes, more than the ${MAX_PROMQL_BYTES} this rule judges; split it into recording rules`;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_PROMQL_NESTING)
        return `expr nests brackets more than ${MAX_PROMQL_NESTING} deep (at offset ${i}), more than this rule judges; split it into recording rules`;
    } else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

export interface LabelMatcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

/** Syntax errors of `expr`; a single overBudget error, without parsing, when it is over a budget. */
export function promqlErrors(expr: string): PromqlError[] {
  const overBudget = promqlOverBudget(expr);
  if (overBudget) return [{ offset: 0, near: '', overBudget }];
  const errors: PromqlError[] = [];
  promql()
    .parse(expr)
    .iterate({
      enter(node) {
        if (node.type.isError) errors.push({ offset: node.from, near: expr.slice(Math.max(0, node.from - 10), node.from + 10) });
      },
    });
  return errors;
}

/** The label matchers of `expr`; none when it is over a budget (promql-syntax reports that). */
export function labelMatchers(expr: string): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  if (promqlOverBudget(expr)) return matchers;
  promql()
    .parse(expr)
    .iterate({
      enter(node) {
        if (node.name !== 'UnquotedLabelMatcher' && node.name !== 'QuotedLabelMatcher' && node.name !== 'LabelMatcher') return;
        const text = expr.slice(node.from, node.to);
        const m = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(text);
        if (m) matchers.push({ label: m[1], op: m[2], value: m[3] });
        return false;
      },
    });
  return matchers;
}
