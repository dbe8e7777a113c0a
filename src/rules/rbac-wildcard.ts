import { defineRule } from './types';
import type { RuleFinding } from '../check/types';

const FIELDS = ['apiGroups', 'resources', 'verbs'] as const;

export default defineRule<Record<string, never>>({
  meta: {
    id: 'rbac-wildcard',
    description: 'A Role or ClusterRole rule uses `*` in apiGroups, resources or verbs.',
    remediation: 'List the exact API groups, resources and verbs the subject needs; wildcards also grant whatever future APIs add.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const item of inventory.ofKind('Role', 'ClusterRole')) {
      const rules = item.object.rules;
      if (!Array.isArray(rules)) continue;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i] as Record<string, unknown> | null;
        for (const field of FIELDS) {
          const values = rule?.[field];
          if (!Array.isArray(values)) continue;
          for (let j = 0; j < values.length; j++) {
            const v = values[j];
            if (typeof v === 'string' && v.includes('*')) {
              yield { item, path: `/rules/${i}/${field}/${j}`, message: `${item.kind} ${item.name} grants "${v}" in ${field}` };
            }
          }
        }
      }
    }
  },
});
