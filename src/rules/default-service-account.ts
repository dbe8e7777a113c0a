import { defineRule } from './types';
import { ServiceAccounts } from './lib/service-accounts';
import { podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'default-service-account',
    description:
      'A pod runs as its namespace’s `default` ServiceAccount with the token mounted: every pod of the namespace shares that identity, and whatever is granted to `default` is granted to all of them.',
    model:
      'A pod runs as `default` when `serviceAccountName` (and the deprecated `serviceAccount`) is unset or `default`. A pod that does not get the token (`automountServiceAccountToken: false` on the pod, or on the input’s `default` ServiceAccount of its namespace) is not judged: it has no usable identity.',
    remediation:
      'Create a ServiceAccount for the workload and set `serviceAccountName`; a pod that never calls the API sets `automountServiceAccountToken: false` instead.',
    category: 'security',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, namespaces }): Iterable<RuleFinding> {
    const accounts = new ServiceAccounts(inventory, namespaces);
    for (const item of inventory.items) {
      if (item.patch) continue;
      const pod = podSpecOf(item);
      if (!pod || ServiceAccounts.nameOf(pod) !== 'default' || !accounts.tokenMounted(item, pod, 'default')) continue;
      const named = typeof pod.spec.serviceAccountName === 'string' && pod.spec.serviceAccountName !== '';
      const bound = accounts.isBound(item, 'default') ? ', which a binding of the input grants permissions to' : '';
      yield {
        item,
        path: named ? `${pod.path}/serviceAccountName` : pod.path,
        message: `pod of ${item.kind} ${item.name} runs as ServiceAccount default${named ? '' : ' (serviceAccountName unset)'} with its token mounted${bound}; expected a ServiceAccount of its own, or automountServiceAccountToken: false`,
      };
    }
  },
});
