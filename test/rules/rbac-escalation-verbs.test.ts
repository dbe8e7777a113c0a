import rule from '../../src/rules/rbac-escalation-verbs';
import { testRule } from './tester';

const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: rbac-manager}
rules:
${rules}`;

testRule(rule, {
  valid: [
    {
      name: 'manage roles without bind or escalate',
      yaml: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles, rolebindings]\n    verbs: [get, create, update]\n'),
    },
    { name: 'read users and groups', yaml: role('  - apiGroups: [""]\n    resources: [serviceaccounts]\n    verbs: [get, list]\n') },
    {
      name: 'an allowed operator role',
      yaml: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [bind, escalate]\n'),
      options: { allowedRoles: ['rbac-*'] },
    },
  ],
  invalid: [
    {
      name: 'bind and escalate on cluster roles',
      yaml: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles, roles]\n    verbs: [get, bind, escalate]\n'),
      errors: [
        { path: '/rules/0', message: 'ClusterRole rbac-manager grants bind, escalate on roles, clusterroles; expected no RBAC escalation verbs', line: 5 },
      ],
    },
    {
      name: 'impersonate users, groups, ServiceAccounts and user extras',
      yaml: role(
        '  - apiGroups: [""]\n    resources: [users, groups, serviceaccounts]\n    verbs: [impersonate]\n  - apiGroups: [authentication.k8s.io]\n    resources: [userextras/scopes, uids]\n    verbs: [impersonate]\n',
      ),
      errors: [
        { path: '/rules/0', message: 'grants impersonate on users, groups, serviceaccounts', line: 5 },
        { path: '/rules/1', message: 'grants impersonate on uids, userextras/scopes', line: 8 },
      ],
    },
    {
      name: 'bind with resourceNames still grants those roles',
      yaml: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    resourceNames: [cluster-admin]\n    verbs: [bind]\n'),
      errors: [{ path: '/rules/0', message: 'grants bind on clusterroles' }],
    },
  ],
});
