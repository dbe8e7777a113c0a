import { defineRule } from './types';
import { containersOf, podSpecOf } from '../lib/pod-specs';
import { LONG_RUNNING_KINDS } from './lib/long-running';
import type { RuleFinding } from '../check/types';

interface Options {
  require: Array<'livenessProbe' | 'readinessProbe' | 'startupProbe'>;
}

export default defineRule<Options>({
  meta: {
    id: 'probes',
    description: 'A container of a long-running workload (Deployment, StatefulSet, DaemonSet) has no liveness or readiness probe.',
    remediation: 'Add the probes the component’s runbook names (path, port, timings); readiness gates traffic, liveness restarts a wedged process.',
    category: 'reliability',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        require: {
          description: 'Probes every app container must define.',
          type: 'array',
          items: { enum: ['livenessProbe', 'readinessProbe', 'startupProbe'] },
          default: ['livenessProbe', 'readinessProbe'],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      if (!LONG_RUNNING_KINDS.has(item.kind)) continue;
      const pod = podSpecOf(item);
      if (!pod) continue;
      for (const { container, path, list } of containersOf(pod)) {
        if (list !== 'containers') continue;
        const missing = options.require.filter((p) => !container[p] || typeof container[p] !== 'object');
        if (missing.length) yield { item, path, message: `container "${String(container.name ?? '?')}" has no ${missing.join(' or ')}` };
      }
    }
  },
});
