import { defineRule } from './types';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'no-secret-data',
    description: 'A Secret carries data or stringData in rendered output; secrets live outside git.',
    remediation: 'Reference the Secret by name and create it out of band (External Secrets, SOPS, the runbook’s secret procedure); never render its values.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const item of inventory.ofKind('Secret')) {
      for (const field of ['data', 'stringData']) {
        const value = item.object[field];
        if (value && typeof value === 'object' && Object.keys(value).length) {
          yield {
            item,
            path: `/${field}`,
            message: `Secret ${item.name} renders ${field} (keys: ${Object.keys(value).slice(0, 5).join(', ')}${Object.keys(value).length > 5 ? ', …' : ''})`,
          };
        }
      }
    }
  },
});
