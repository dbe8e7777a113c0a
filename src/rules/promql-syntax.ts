import { defineRule } from './types';
import { prometheusRules } from './lib/prometheus-rules';
import { promqlErrors } from './lib/promql';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'promql-syntax',
    description: 'A PrometheusRule expression does not parse as PromQL (checked with Prometheus’ own grammar), or a rule has no expression.',
    remediation: 'Fix the expression at the reported offset; `promtool check rules` on the rule group gives the same verdict.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const { item, rule, path } of prometheusRules(inventory)) {
      const name = typeof rule.alert === 'string' ? `alert ${rule.alert}` : typeof rule.record === 'string' ? `recording rule ${rule.record}` : 'rule';
      if (typeof rule.expr !== 'string' && typeof rule.expr !== 'number') {
        yield { item, path: `${path}/expr`, message: `${name} has no expr` };
        continue;
      }
      const expr = String(rule.expr);
      if (!expr.trim()) {
        yield { item, path: `${path}/expr`, message: `${name} has an empty expr` };
        continue;
      }
      const [first] = promqlErrors(expr);
      if (first?.overBudget) yield { item, path: `${path}/expr`, message: `${name}: ${first.overBudget}` };
      else if (first) yield { item, path: `${path}/expr`, message: `${name}: PromQL syntax error at offset ${first.offset} near "${first.near.trim()}"` };
    }
  },
});
