import { defineRule } from './types';
import { ServiceAccounts } from './lib/service-accounts';
import { podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'automount-sa-token',
    description:
      'A pod gets a ServiceAccount token mounted that nothing says it needs: neither the pod nor its ServiceAccount sets `automountServiceAccountToken: false`, the pod does not ask for it, and no binding of the input grants the account anything.',
    model:
      'The pod’s `automountServiceAccountToken` wins over its ServiceAccount’s (as the kubelet decides); `true` on the pod says it needs the API. A pod needs the token when a RoleBinding or ClusterRoleBinding of the input names its ServiceAccount (or the group `system:serviceaccounts[:<namespace>]`). Pods running as `default` are left to `default-service-account` when that rule runs.',
    remediation:
      'Set `automountServiceAccountToken: false` on the pod or its ServiceAccount; a pod that calls the API sets it to `true` on the pod (and its ServiceAccount is bound to the Role it needs).',
    category: 'security',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, namespaces, activeRules }): Iterable<RuleFinding> {
    const accounts = new ServiceAccounts(inventory, namespaces);
    const defaultLeft = activeRules?.has('default-service-account') ?? false;
    for (const item of inventory.items) {
      if (item.patch) continue;
      const pod = podSpecOf(item);
      if (!pod || pod.spec.automountServiceAccountToken !== undefined) continue;
      const name = ServiceAccounts.nameOf(pod);
      if ((name === 'default' && defaultLeft) || !accounts.tokenMounted(item, pod, name) || accounts.isBound(item, name)) continue;
      const sa = accounts.account(item, name);
      yield {
        item,
        path: pod.path,
        message: `pod of ${item.kind} ${item.name} mounts the token of ServiceAccount ${name}${sa ? '' : ' (not in the input)'}, which no binding in the input grants anything; expected automountServiceAccountToken: false on the pod or the ServiceAccount`,
      };
    }
  },
});
