import { defineRule } from './types';
import { isEmptySelector, matches, selectorOf, type Selector } from './lib/selectors';
import { Workloads } from './lib/workloads';
import { podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

/** What a PDB selects: policy/v1 reads an empty selector as every pod of the namespace, v1beta1 and a missing one as none. */
function budgetSelector(apiVersion: string, raw: unknown): Selector | 'all' | 'none' {
  if (raw === undefined || raw === null) return 'none';
  const selector = selectorOf(raw);
  if (!isEmptySelector(selector)) return selector;
  return apiVersion === 'policy/v1' ? 'all' : 'none';
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'pdb-missing',
    description:
      'A Deployment or StatefulSet that runs several replicas (replicas > 1, or an autoscaler that scales beyond one) has no PodDisruptionBudget selecting its pods, so a node drain or cluster upgrade may evict them all at once.',
    model:
      'A PodDisruptionBudget counts when it lands in the workload’s namespace and its selector matches the pod template’s labels (policy/v1: an empty selector selects every pod of the namespace; policy/v1beta1: none). Autoscalers are HorizontalPodAutoscalers and KEDA ScaledObjects of the input. A budget kept outside the input is not seen: the finding says “in the input”.',
    remediation:
      'Add a PodDisruptionBudget selecting the workload’s pods with `maxUnavailable: 1` (or a minAvailable below the lowest replica count), so drains evict one pod at a time.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, namespaces }): Iterable<RuleFinding> {
    const workloads = new Workloads(inventory, namespaces);
    const budgets = new Map<string, Array<Selector | 'all'>>();
    for (const pdb of inventory.ofKind('PodDisruptionBudget')) {
      const selector = budgetSelector(pdb.apiVersion, obj(pdb.object.spec).selector);
      if (selector === 'none') continue;
      const key = workloads.placeKey(pdb);
      (budgets.get(key) ?? budgets.set(key, []).get(key)!).push(selector);
    }
    for (const item of inventory.ofKind('Deployment', 'StatefulSet')) {
      if (!workloads.isReplicated(item)) continue;
      const pod = podSpecOf(item);
      if (!pod) continue;
      const labels = obj(pod.metadata?.labels);
      if ((budgets.get(workloads.placeKey(item)) ?? []).some((s) => s === 'all' || matches(s, labels))) continue;
      const scaler = workloads.scalerOf(item);
      const replicas = scaler ? `up to ${scaler.max} replicas (${scaler.item.kind} ${scaler.item.name})` : `${workloads.mostReplicas(item)} replicas`;
      yield {
        item,
        path: obj(item.object.spec).replicas === undefined ? '/spec' : '/spec/replicas',
        message: `${item.kind} ${item.name} runs ${replicas} and no PodDisruptionBudget in the input selects its pods; expected one (e.g. maxUnavailable: 1) so a drain evicts them one at a time`,
      };
    }
  },
});
