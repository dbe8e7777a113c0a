import rule from '../../src/rules/rbac-pod-create';
import { testRule } from './tester';

const role = (kind: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: deployer, namespace: apps}
rules:
${rules}`;

testRule(rule, {
  valid: [
    {
      name: 'node metrics, not the node proxy',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [nodes, nodes/metrics, nodes/stats]\n    verbs: [get, list]\n'),
    },
    { name: 'read pods and their logs', yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [pods, pods/log]\n    verbs: [get, list, watch]\n') },
    {
      name: 'delete pods (a restart, not a new pod)',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [delete, deletecollection]\n'),
    },
    {
      name: 'create Deployments without the workloads option',
      yaml: role('Role', '  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [create, update]\n'),
    },
    { name: 'list on pods/exec grants nothing to connect with', yaml: role('Role', '  - apiGroups: [""]\n    resources: [pods/exec]\n    verbs: [list]\n') },
    {
      name: 'an allowed role',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [create]\n'),
      options: { allowedRoles: ['apps/deploy*'] },
    },
  ],
  invalid: [
    {
      name: 'create pods',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, create]\n'),
      errors: [{ path: '/rules/0', message: 'Role deployer grants create on pods; expected no pod creation or access to running pods', line: 5 }],
    },
    {
      name: 'exec, attach and port-forward, get or create (one finding per rule entry)',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [pods, pods/exec, pods/attach, pods/portforward]\n    verbs: [get, create]\n'),
      errors: [{ path: '/rules/0', message: 'ClusterRole deployer grants create, get on pods, pods/exec, pods/attach, pods/portforward' }],
    },
    {
      name: 'get on pods/exec (websocket clients are authorized with get)',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [pods/exec]\n    resourceNames: [debug]\n    verbs: [get]\n'),
      errors: [{ path: '/rules/0', message: 'grants get on pods/exec' }],
    },
    {
      name: 'get on nodes/proxy reaches the kubelet’s exec',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [nodes, nodes/proxy, nodes/metrics]\n    verbs: [get]\n'),
      errors: [{ path: '/rules/0', message: 'ClusterRole deployer grants get on nodes/proxy', line: 5 }],
    },
    {
      name: 'the exec subresource of every resource',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: ["*/exec"]\n    verbs: [create]\n'),
      errors: [{ path: '/rules/0', message: 'grants create on pods/exec (through a `*`)' }],
    },
    {
      name: 'workload kinds with the workloads option (strict)',
      yaml: role(
        'ClusterRole',
        '  - apiGroups: [apps, batch]\n    resources: [deployments, daemonsets, jobs, cronjobs]\n    verbs: [create]\n  - apiGroups: [""]\n    resources: [replicationcontrollers]\n    verbs: [create]\n',
      ),
      options: { workloads: true },
      errors: [
        { path: '/rules/0', message: 'grants create on deployments, daemonsets, jobs, cronjobs', line: 5 },
        { path: '/rules/1', message: 'grants create on replicationcontrollers', line: 8 },
      ],
    },
  ],
});
