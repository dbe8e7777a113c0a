import { defineRule } from './types';
import { Workloads } from './lib/workloads';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'hpa-replicas',
    description:
      'A workload an autoscaler scales also sets `spec.replicas`: every GitOps sync (Flux, Argo CD) sets the count back and fights the autoscaler, so pods are created and killed at each reconcile.',
    model:
      'Autoscalers are HorizontalPodAutoscalers (scaleTargetRef kind and name) and KEDA ScaledObjects (kind default Deployment) landing in the workload’s namespace; any kind with `spec.replicas` is judged.',
    remediation:
      'Remove `spec.replicas` from the workload’s manifest (Helm charts: render it only when autoscaling is off) and let the autoscaler’s minimum set the floor.',
    category: 'reliability',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, namespaces }): Iterable<RuleFinding> {
    const workloads = new Workloads(inventory, namespaces);
    if (!workloads.anyScaler) return;
    for (const item of inventory.items) {
      const replicas = obj(item.object.spec).replicas;
      if (replicas === undefined) continue;
      const scaler = workloads.scalerOf(item);
      if (!scaler) continue;
      yield {
        item,
        path: '/spec/replicas',
        message: `${item.kind} ${item.name} sets replicas ${String(replicas)} although ${scaler.item.kind} ${scaler.item.name} scales it (min ${scaler.min}, max ${scaler.max}); expected no spec.replicas, or each sync resets the autoscaler`,
      };
    }
  },
});
