import { defineRule } from './types';
import type { RuleFinding } from '../check/types';
import { ALLOWED_ROLES_SCHEMA, describeGrant, roleGrants, type Sensitive } from './lib/rbac';

interface Options {
  workloads: boolean;
  allowedRoles: string[];
}

// Creating a pod runs any image as any ServiceAccount of the namespace, with its token and Secrets mounted (CIS 5.1.4).
const PODS: Sensitive = { resources: new Map([['', ['pods']]]), verbs: ['create'], resourceNamesExempt: true };
// exec, attach and port-forward reach into running pods; websocket clients are authorized with get (before 1.31, and
// wherever the API server still allows it), SPDY ones with create.
const SUBRESOURCES: Sensitive = { resources: new Map([['', ['pods/exec', 'pods/attach', 'pods/portforward']]]), verbs: ['create', 'get'] };
// nodes/proxy reaches the kubelet's API, whose exec, attach, run and port-forward endpoints it authorizes as get
// (websocket) or create on nodes/proxy: any pod of the node, whatever its namespace.
const NODE_PROXY: Sensitive = { resources: new Map([['', ['nodes/proxy']]]), verbs: ['create', 'get'] };
// The kinds whose controllers create pods from a template the creator writes: as good as creating the pod.
const WORKLOADS: Sensitive = {
  resources: new Map([
    ['', ['replicationcontrollers']],
    ['apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets']],
    ['batch', ['jobs', 'cronjobs']],
  ]),
  verbs: ['create'],
  resourceNamesExempt: true,
};

export default defineRule<Options>({
  meta: {
    id: 'rbac-pod-create',
    description:
      'A Role or ClusterRole grants create on pods, or create/get on pods/exec, pods/attach, pods/portforward or nodes/proxy (the kubelet’s exec): whoever is bound runs code as any ServiceAccount of the namespace or inside running pods (CIS 5.1.4).',
    model:
      'get on the exec, attach and portforward subresources and on nodes/proxy counts: websocket clients are authorized with get where the API server (or the kubelet) does not require create. Workload kinds (Deployments, Jobs, …) count with `workloads`. A grant that needs a `*` is left to rbac-wildcard when that rule runs.',
    remediation:
      'Let a controller create the pods (grant create on the workload, not on pods) and keep exec, attach and port-forward for break-glass roles; a controller that must create pods goes in allowedRoles.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        workloads: {
          description:
            'Also flag create on the kinds whose controllers create pods (ReplicationControllers, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs), as kube-linter does; strict turns it on.',
          type: 'boolean',
          default: false,
        },
        allowedRoles: ALLOWED_ROLES_SCHEMA,
      },
    },
  },
  *check({ inventory, options, activeRules, namespaces }): Iterable<RuleFinding> {
    const sensitivities = options.workloads ? [PODS, SUBRESOURCES, NODE_PROXY, WORKLOADS] : [PODS, SUBRESOURCES, NODE_PROXY];
    for (const { role, grant } of roleGrants(inventory.ofKind('Role', 'ClusterRole'), sensitivities, {
      allowedRoles: options.allowedRoles,
      activeRules,
      namespaces,
    })) {
      yield { item: role, path: `/rules/${grant.index}`, message: `${describeGrant(role, grant)}; expected no pod creation or access to running pods` };
    }
  },
});
