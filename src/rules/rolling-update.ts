import { defineRule } from './types';
import { podSpecOf } from '../lib/pod-specs';
import { Workloads } from './lib/workloads';
import type { RuleFinding } from '../check/types';
import { arr, obj } from './lib/values';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'rolling-update',
    description:
      'A workload does not roll its updates: a replicated Deployment with strategy Recreate (every pod stops before a new one starts), or a StatefulSet or DaemonSet with updateStrategy OnDelete (what git says reaches a pod only when someone deletes it).',
    model:
      'A Deployment is judged when it runs several replicas (replicas > 1, or an autoscaler beyond one): a singleton controller without leader election must not run twice, which Recreate ensures. A Deployment whose pods mount a PersistentVolumeClaim may use Recreate: a ReadWriteOnce volume cannot be attached to the old and the new pod at once, so Recreate is how it moves.',
    remediation:
      'Use `strategy: {type: RollingUpdate}` (Deployment) or `updateStrategy: {type: RollingUpdate}` (StatefulSet, DaemonSet), with maxUnavailable/partition to pace it; delete the field to get the default.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, namespaces }): Iterable<RuleFinding> {
    const workloads = new Workloads(inventory, namespaces);
    for (const item of inventory.ofKind('Deployment', 'StatefulSet', 'DaemonSet')) {
      const spec = obj(item.object.spec);
      if (item.kind === 'Deployment' && obj(spec.strategy).type === 'Recreate' && workloads.isReplicated(item)) {
        const claims = arr(podSpecOf(item)?.spec.volumes).some((v) => obj(v).persistentVolumeClaim !== undefined);
        if (claims) continue;
        yield {
          item,
          path: '/spec/strategy/type',
          message: `Deployment ${item.name} runs ${workloads.mostReplicas(item)} replicas with strategy Recreate: all of them stop before new ones start; expected RollingUpdate`,
        };
      } else if (item.kind !== 'Deployment' && obj(spec.updateStrategy).type === 'OnDelete') {
        yield {
          item,
          path: '/spec/updateStrategy/type',
          message: `${item.kind} ${item.name} uses updateStrategy OnDelete: a new version reaches a pod only when someone deletes it; expected RollingUpdate`,
        };
      }
    }
  },
});
