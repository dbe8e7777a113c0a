import { defineRule } from './types';
import { matches, selectorOf } from './lib/selectors';
import { Workloads } from './lib/workloads';
import { podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { arr, obj, strings, type Obj } from './lib/values';

interface Options {
  topologyKeys: string[];
}

/**
 * Whether an affinity term counts pods of the workload's own namespace: its `namespaces` list names it (or is empty),
 * or a namespaceSelector is set (empty: every namespace; one on namespace labels is given the benefit of the doubt).
 */
function ownNamespace(term: Obj, namespace: string | null): boolean {
  const listed = strings(term.namespaces);
  return term.namespaceSelector !== undefined || !listed.length || namespace === null || listed.includes(namespace);
}

/** A term spreads the workload when it is over one of `keys` and its selector matches the workload's own pods. */
const spreads = (term: Obj, keys: ReadonlySet<string>, labels: Obj, namespace: string | null): boolean =>
  typeof term.topologyKey === 'string' &&
  keys.has(term.topologyKey) &&
  term.labelSelector !== undefined &&
  matches(selectorOf(term.labelSelector), labels) &&
  ownNamespace(term, namespace);

export default defineRule<Options>({
  meta: {
    id: 'replica-spread',
    description:
      'A Deployment or StatefulSet that runs several replicas has no pod anti-affinity and no topologySpreadConstraints over nodes or zones, so its replicas may share one node and fall together.',
    model:
      'Spread is a podAntiAffinity term (required or preferred) or a topologySpreadConstraint whose topologyKey is one of `topologyKeys` and whose labelSelector matches the pod template’s labels in the workload’s own namespace (a term selecting other pods, or listing only other `namespaces`, does not spread these). The scheduler’s cluster-wide default spreading is not seen in manifests, so this is an opinion: say it in the manifest.',
    remediation:
      'Add a topologySpreadConstraint over `kubernetes.io/hostname` (and `topology.kubernetes.io/zone` where nodes span zones) selecting the workload’s own pod labels, or a preferred podAntiAffinity term on the hostname.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        topologyKeys: {
          description: 'Node labels whose domains count as spreading (hostname, zone).',
          type: 'array',
          items: { type: 'string' },
          default: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
        },
      },
    },
  },
  *check({ inventory, options, namespaces }): Iterable<RuleFinding> {
    const keys = new Set(options.topologyKeys);
    const workloads = new Workloads(inventory, namespaces);
    for (const item of inventory.ofKind('Deployment', 'StatefulSet')) {
      if (!workloads.isReplicated(item)) continue;
      const pod = podSpecOf(item);
      if (!pod) continue;
      const labels = obj(pod.metadata?.labels);
      const anti = obj(obj(pod.spec.affinity).podAntiAffinity);
      const terms = [
        ...arr(anti.requiredDuringSchedulingIgnoredDuringExecution).map(obj),
        ...arr(anti.preferredDuringSchedulingIgnoredDuringExecution).map((p) => obj(obj(p).podAffinityTerm)),
        ...arr(pod.spec.topologySpreadConstraints).map(obj),
      ];
      const p = workloads.placement(item);
      if (terms.some((t) => spreads(t, keys, labels, p.floating ? null : p.namespace))) continue;
      yield {
        item,
        path: pod.path,
        message: `${item.kind} ${item.name} runs ${workloads.mostReplicas(item)} replicas with no pod anti-affinity or topologySpreadConstraint over ${options.topologyKeys.join(' / ')} selecting its own pods; expected its replicas spread across nodes`,
      };
    }
  },
});
