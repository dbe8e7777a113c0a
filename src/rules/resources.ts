import { defineRule } from './types';
import { containersOf, podSpecsOf } from '../lib/pod-specs';
import { BARE_PODS_OPTION, runsUntilReplaced } from './lib/long-running';
import type { RuleFinding } from '../check/types';

interface Options {
  requests: string[];
  limits: string[];
  barePods: boolean;
}

function hasValue(section: unknown, key: string): boolean {
  const v = section && typeof section === 'object' ? (section as Record<string, unknown>)[key] : undefined;
  return (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';
}

export default defineRule<Options>({
  meta: {
    id: 'resources',
    description:
      'A container of a long-running pod (the workload kinds but Job and CronJob, a bare Pod or a custom resource’s template with restartPolicy Always) lacks CPU or memory requests or limits.',
    remediation:
      'Set requests and limits from the component’s sizing table (resource profile in the environment); without them the scheduler guesses and a leak takes the node.',
    category: 'reliability',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requests: { description: 'Resources every app container must request.', type: 'array', items: { type: 'string' }, default: ['cpu', 'memory'] },
        limits: { description: 'Resources every app container must limit.', type: 'array', items: { type: 'string' }, default: ['cpu', 'memory'] },
        barePods: BARE_PODS_OPTION,
      },
    },
  },
  *check({ inventory, options, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      for (const pod of podSpecsOf(item, podTemplates)) {
        if (!runsUntilReplaced(item.kind, pod, options.barePods)) continue;
        for (const { container, path, list } of containersOf(pod)) {
          if (list === 'ephemeralContainers') continue;
          const resources = (container.resources ?? {}) as { requests?: unknown; limits?: unknown };
          const missing = [
            ...options.requests.filter((r) => !hasValue(resources.requests, r)).map((r) => `requests.${r}`),
            ...options.limits.filter((r) => !hasValue(resources.limits, r)).map((r) => `limits.${r}`),
          ];
          if (missing.length) yield { item, path: `${path}/resources`, message: `container "${String(container.name ?? '?')}" has no ${missing.join(', ')}` };
        }
      }
    }
  },
});
