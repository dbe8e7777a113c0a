import rule from '../../src/rules/rbac-cluster-admin';
import { testRule } from './tester';

const binding = (kind: string, role: string, subjects: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: admins${ns ? `, namespace: ${ns}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects:
${subjects}`;

testRule(rule, {
  valid: [
    { name: 'a narrower ClusterRole', yaml: binding('ClusterRoleBinding', 'view', '  - {kind: Group, name: devs}\n') },
    {
      name: 'a Role named cluster-admin is not the ClusterRole',
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: x}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}\nsubjects: [{kind: User, name: a}]\n',
    },
    {
      name: 'an allowed break-glass group and ServiceAccount',
      yaml: binding(
        'ClusterRoleBinding',
        'cluster-admin',
        '  - {kind: Group, name: platform:breakglass}\n  - {kind: ServiceAccount, name: flux, namespace: flux-system}\n',
      ),
      options: { allowedSubjects: ['platform:breakglass', 'system:serviceaccount:flux-system:*'] },
    },
    { name: 'no subjects grant nothing', yaml: binding('ClusterRoleBinding', 'cluster-admin', '  []\n') },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding of cluster-admin to a user',
      yaml: binding('ClusterRoleBinding', 'cluster-admin', '  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}\n'),
      errors: [
        { path: '/subjects/0', message: 'ClusterRoleBinding admins makes User alice cluster-admin of the whole cluster; expected a narrower role', line: 6 },
      ],
    },
    {
      name: 'a RoleBinding of cluster-admin to a ServiceAccount, one subject allowed',
      yaml: binding('RoleBinding', 'cluster-admin', '  - {kind: Group, name: ops}\n  - {kind: ServiceAccount, name: ci, namespace: tools}\n', 'apps'),
      options: { allowedSubjects: ['ops'] },
      errors: [
        { path: '/subjects/1', message: 'RoleBinding admins makes ServiceAccount system:serviceaccount:tools:ci cluster-admin of namespace apps', line: 7 },
      ],
    },
    {
      name: 'another ClusterRole the policy lists',
      yaml: binding('ClusterRoleBinding', 'god-mode', '  - {kind: Group, name: devs}\n'),
      options: { clusterRoles: ['cluster-admin', 'god-mode'] },
      errors: [{ path: '/subjects/0', message: 'makes Group devs god-mode of the whole cluster' }],
    },
  ],
});
