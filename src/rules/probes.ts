import { defineRule } from './types';
import { containersOf, podSpecsOf } from '../lib/pod-specs';
import { BARE_PODS_OPTION, runsUntilReplaced } from './lib/long-running';
import type { RuleFinding } from '../check/types';

interface Options {
  require: Array<'livenessProbe' | 'readinessProbe' | 'startupProbe'>;
  barePods: boolean;
}

export default defineRule<Options>({
  meta: {
    id: 'probes',
    description:
      'A container of a long-running pod (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, DeploymentConfig, a bare Pod or a custom resource’s template with restartPolicy Always) has no liveness or readiness probe.',
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
        barePods: BARE_PODS_OPTION,
      },
    },
  },
  *check({ inventory, options, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      for (const pod of podSpecsOf(item, podTemplates)) {
        if (!runsUntilReplaced(item.kind, pod, options.barePods)) continue;
        for (const { container, path, list } of containersOf(pod)) {
          if (list !== 'containers') continue;
          const missing = options.require.filter((p) => !container[p] || typeof container[p] !== 'object');
          if (missing.length) yield { item, path, message: `container "${String(container.name ?? '?')}" has no ${missing.join(' or ')}` };
        }
      }
    }
  },
});
