import { defineRule } from './types';
import { prometheusRules } from './lib/prometheus-rules';
import { apiGroup } from '../lib/kinds';
import { arr, obj } from './lib/values';
import type { RuleFinding } from '../check/types';

interface Options {
  apiGroups: string[];
  externalAlerts: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'runbook-trigger',
    description: 'A Runbook is triggered by an alert that no PrometheusRule in the input defines, so it waits on an alert nothing raises.',
    model:
      'Alerts are what the PrometheusRules of the input (with --context, of the whole tree) define, plus the externalAlerts the policy names (rules installed elsewhere, e.g. kube-prometheus). When the input holds no PrometheusRule at all, the alerts may well be defined elsewhere: a warning.',
    remediation:
      "Define the alert in a PrometheusRule (or fix the trigger's alertName); for an alert installed outside this repository, list it in the rule's externalAlerts option.",
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        apiGroups: {
          description: 'API groups whose `Runbook` kind is a runbook with `spec.triggers[].alertName`.',
          type: 'array',
          items: { type: 'string' },
          default: ['catalyst.openova.io'],
        },
        externalAlerts: { description: 'Alerts defined outside the input (names).', type: 'array', items: { type: 'string' }, default: [] },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    const runbooks = inventory.ofKind('Runbook').filter((r) => options.apiGroups.includes(apiGroup(r.apiVersion)));
    if (!runbooks.length) return;
    const defined = new Set(options.externalAlerts);
    for (const { rule } of prometheusRules(inventory)) if (typeof rule.alert === 'string') defined.add(rule.alert);
    const ruleObjects = inventory.ofKind('PrometheusRule').length;
    for (const runbook of runbooks) {
      const triggers = arr(obj(runbook.object.spec).triggers);
      for (let i = 0; i < triggers.length; i++) {
        const name = obj(triggers[i]).alertName;
        if (typeof name !== 'string' || defined.has(name)) continue;
        const path = `/spec/triggers/${i}/alertName`;
        if (ruleObjects === 0) {
          yield {
            item: runbook,
            path,
            severity: 'warning',
            message: `Runbook ${runbook.name} is triggered by alert ${name}, and the input defines no alerts at all; its PrometheusRules are not in the input`,
          };
        } else {
          yield { item: runbook, path, message: `Runbook ${runbook.name} is triggered by alert ${name}, which no PrometheusRule in the input defines` };
        }
      }
    }
  },
});
