import rule from '../../src/rules/rbac-status-write';
import { testRule } from './tester';

const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: zen-watcher}
rules:
  - apiGroups: [zen.kube-zen.io]
    resources: [ingesters/status]
    verbs: [get, update, patch]
---
`;
const binding = (subject: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: zen-watcher}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: zen-watcher}
subjects:
  - ${subject}
`;
const only = { allowedServiceAccounts: ['system:serviceaccount:zen-system:zen-watcher'] };

testRule(rule, {
  valid: [
    { name: 'the controller ServiceAccount', yaml: role + binding('{kind: ServiceAccount, name: zen-watcher, namespace: zen-system}'), options: only },
    {
      name: 'any ServiceAccount with anyServiceAccount (the minimal preset)',
      yaml: role + binding('{kind: ServiceAccount, name: other, namespace: x}'),
      options: { anyServiceAccount: true },
    },
    { name: 'read-only status for users', yaml: role.replace('get, update, patch', 'get, list, watch') + binding('{kind: Group, name: devs}') },
  ],
  invalid: [
    {
      name: 'a user may write status',
      yaml: role + binding('{kind: User, name: alice}'),
      errors: [{ path: '/subjects/0', message: 'User alice may write ingesters/status', line: 14 }],
    },
    {
      name: 'by default no ServiceAccount the policy does not name (recommended restricts status writes like the platform policy)',
      yaml: role + binding('{kind: ServiceAccount, name: other, namespace: x}'),
      errors: [
        {
          path: '/subjects/0',
          message:
            'system:serviceaccount:x:other may write ingesters/status through ClusterRole zen-watcher; the policy names no controller that may (rbac-status-write allowedServiceAccounts)',
        },
      ],
    },
    {
      name: 'anyServiceAccount still flags users',
      yaml: role + binding('{kind: User, name: bob}'),
      options: { anyServiceAccount: true },
      errors: [{ path: '/subjects/0', message: 'User bob may write ingesters/status' }],
    },
    {
      name: 'another ServiceAccount',
      yaml: role + binding('{kind: ServiceAccount, name: intruder, namespace: zen-system}'),
      options: only,
      errors: [{ path: '/subjects/0', message: 'system:serviceaccount:zen-system:intruder may write ingesters/status' }],
    },
  ],
});
