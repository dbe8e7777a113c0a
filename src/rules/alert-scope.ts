import { defineRule } from './types';
import { prometheusRules } from './lib/prometheus-rules';
import { labelMatchers, promqlOverBudget } from './lib/promql';
import type { RuleFinding } from '../check/types';

interface Options {
  envLabel: string;
  productionValues: string[];
  pagingSeverities: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'alert-scope',
    description:
      'An alert scoped by environment pages for a non-production environment, or a paging alert selects more than production: production paging alerts select env="prod" exactly; test alerts are non-paging (severity warning, paging "false").',
    remediation: 'Scope paging alerts with an exact `env="prod"` matcher; give test-environment alerts `severity: warning` and `paging: "false"`.',
    category: 'reliability',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        envLabel: { description: 'The label that carries the application environment.', type: 'string', default: 'env' },
        productionValues: { description: 'Values of the label that mean production.', type: 'array', items: { type: 'string' }, default: ['prod'] },
        pagingSeverities: { description: 'Severities that page someone.', type: 'array', items: { type: 'string' }, default: ['critical'] },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    for (const { item, rule, path } of prometheusRules(inventory)) {
      if (typeof rule.alert !== 'string' || typeof rule.expr !== 'string') continue;
      const overBudget = promqlOverBudget(rule.expr);
      if (overBudget) {
        // Its matchers are not read, so its scope cannot be vouched for: a finding, not a silent pass.
        yield { item, path: `${path}/expr`, message: `alert ${rule.alert}: scope not judged: ${overBudget}` };
        continue;
      }
      const envMatchers = labelMatchers(rule.expr).filter((m) => m.label === options.envLabel);
      if (!envMatchers.length) continue; // not environment-scoped: nothing to judge
      const labels = rule.labels && typeof rule.labels === 'object' ? rule.labels : {};
      const severity = String(labels.severity ?? '');
      const paging = options.pagingSeverities.includes(severity) || String(labels.paging ?? '') === 'true';
      const exactProd = envMatchers.every((m) => m.op === '=' && options.productionValues.includes(m.value));
      if (paging && !exactProd) {
        const shown = envMatchers.map((m) => `${m.label}${m.op}"${m.value}"`).join(', ');
        yield {
          item,
          path: `${path}/expr`,
          message: `paging alert ${rule.alert} selects ${shown}; paging alerts must select ${options.envLabel}="${options.productionValues[0]}" exactly`,
        };
      }
      const nonProd = envMatchers.some((m) => m.op === '=' && !options.productionValues.includes(m.value));
      if (nonProd && (severity !== 'warning' || String(labels.paging ?? '') !== 'false')) {
        yield {
          item,
          path: `${path}/labels`,
          message: `alert ${rule.alert} watches a non-production environment; it must be non-paging (severity: warning, paging: "false"), got severity "${severity}", paging "${String(labels.paging ?? '')}"`,
        };
      }
    }
  },
});
