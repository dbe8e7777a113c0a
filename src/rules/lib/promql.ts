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
}

export interface LabelMatcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

export function promqlErrors(expr: string): PromqlError[] {
  const errors: PromqlError[] = [];
  promql().parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push({ offset: node.from, near: expr.slice(Math.max(0, node.from - 10), node.from + 10) });
    },
  });
  return errors;
}

export function labelMatchers(expr: string): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  promql().parse(expr).iterate({
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
