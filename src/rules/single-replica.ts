import { defineRule } from './types';
import { keyValuePairs, namePatterns, Workloads } from './lib/workloads';
import { podSpecOf } from '../lib/pod-specs';
import type { InventoryItem, RuleFinding } from '../check/types';
import { obj } from './lib/values';

interface Options {
  everywhere: boolean;
  namespaces: string[];
  labels: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'single-replica',
    description:
      'A production Deployment or StatefulSet runs one replica (spec.replicas 1 or unset, or an autoscaler whose minimum is 1): every rollout, eviction or node failure is an outage.',
    model:
      'A workload is production when the rule runs with `everywhere: true` (the recommended policy sets it for environments of the production tier), when it lands in a namespace matching `namespaces`, or when it or its pod template carries a label of `labels` (`key=value`). Replicas 0 (scaled down on purpose) and KEDA scale-to-zero are not judged.',
    remediation:
      'Run at least two replicas (with a PodDisruptionBudget and spread across nodes), or set the autoscaler’s minimum to 2; a workload that must be a singleton (a leader-less controller) carries a waiver saying so.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        everywhere: {
          description: 'Judge every workload as production (set in a policy’s `tiers.production`).',
          type: 'boolean',
          default: false,
        },
        namespaces: {
          description: 'Namespaces (`*`/`?` globs) whose workloads are production.',
          type: 'array',
          items: { type: 'string' },
          default: ['prod', 'production', 'prod-*', '*-prod', 'production-*', '*-production'],
        },
        labels: {
          description: 'Labels (`key=value`) that mark a workload or its pod template as production.',
          type: 'array',
          items: { type: 'string', pattern: '^[^=]+=.*$' },
          default: ['environment=production', 'environment=prod', 'env=production', 'env=prod', 'tier=production'],
        },
      },
    },
  },
  *check({ inventory, options, namespaces }): Iterable<RuleFinding> {
    const workloads = new Workloads(inventory, namespaces);
    const inNamespace = namePatterns(options.namespaces);
    const labels = keyValuePairs(options.labels);
    const carries = (raw: unknown): boolean => {
      const map = obj(raw);
      return labels.some(([k, v]) => map[k] === v);
    };
    const production = (item: InventoryItem): string | undefined => {
      if (options.everywhere) return 'production tier';
      const p = workloads.placement(item);
      if (!p.floating && inNamespace(p.namespace)) return `production namespace ${p.namespace}`;
      if (carries(obj(item.object.metadata).labels) || carries(podSpecOf(item)?.metadata?.labels)) return 'production label';
      return undefined;
    };
    for (const item of inventory.ofKind('Deployment', 'StatefulSet')) {
      if (item.patch) continue;
      const scaler = workloads.scalerOf(item);
      const replicas = obj(item.object.spec).replicas;
      const single = scaler ? scaler.min === 1 : replicas === undefined || replicas === 1;
      if (!single) continue;
      const why = production(item);
      if (!why) continue;
      if (scaler) {
        yield {
          item: scaler.item,
          path: scaler.minPath,
          message: `${scaler.item.kind} ${scaler.item.name} scales ${item.kind} ${item.name} (${why}) down to 1 replica; expected a minimum of 2 in production`,
        };
      } else {
        yield {
          item,
          path: replicas === undefined ? '/spec' : '/spec/replicas',
          message: `${item.kind} ${item.name} (${why}) runs ${replicas === undefined ? '1 replica (replicas unset)' : '1 replica'}; expected at least 2 in production`,
        };
      }
    }
  },
});
