import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/rbac-cluster-admin';
import rbacWildcard from '../../src/rules/rbac-wildcard';
import { Inventory, makeItem } from '../../src/check/inventory';
import { parseManifestText } from '../../src/validate/load';
import { PositionCache } from '../../src/validate/locate';
import { runRules } from '../../src/validate/engine';
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
    {
      name: 'a ClusterRole of the input with every verb on every resource of the core group only',
      yaml:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: core-admin}\nrules: [{apiGroups: [""], resources: ["*"], verbs: ["*"]}]\n---\n' +
        binding('ClusterRoleBinding', 'core-admin', '  - {kind: User, name: a}\n'),
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
      name: 'a Role of the input that grants every verb on every resource (when rbac-wildcard does not run)',
      yaml:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: all, namespace: apps}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch, create, update, patch, delete]}]\n---\n' +
        binding('RoleBinding', 'all', '  - {kind: User, name: bob}\n', 'apps').replace('kind: ClusterRole, name: all', 'kind: Role, name: all'),
      errors: [
        { path: '/subjects/0', message: 'makes User bob cluster-admin in effect (Role all grants every verb on every resource) of namespace apps', line: 11 },
      ],
    },
    {
      name: 'a ClusterRole written with a namespace is still found by name',
      yaml:
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: all, namespace: stray}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]\n---\n' +
        binding('ClusterRoleBinding', 'all', '  - {kind: Group, name: devs}\n'),
      errors: [
        { path: '/subjects/0', message: 'makes Group devs cluster-admin in effect (ClusterRole all grants every verb on every resource) of the whole cluster' },
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

describe('rbac-cluster-admin and rbac-wildcard', () => {
  const yaml =
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: everything}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]\n---\n' +
    binding('ClusterRoleBinding', 'everything', '  - {kind: ServiceAccount, name: controller, namespace: ops}\n');
  const run = (withWildcard: boolean) => {
    const parsed = parseManifestText(yaml, 'r.yaml');
    const inventory = new Inventory(
      parsed.objects.map(({ object, doc, pointer }) => makeItem(object, 'r.yaml', doc, undefined, pointer)),
      [],
    );
    const rules = [
      { rule, severity: 'error' as const, options: { clusterRoles: ['cluster-admin'], allowedSubjects: [] } },
      ...(withWildcard ? [{ rule: rbacWildcard, severity: 'error' as const, options: {} }] : []),
    ];
    return runRules(inventory, rules, new PositionCache(() => yaml)).map((f) => `${f.rule} ${f.object?.kind} ${f.path}`);
  };

  it('leaves a role that is cluster-admin through `*` to rbac-wildcard when it runs', () => {
    expect(run(true)).toEqual([
      'rbac-wildcard ClusterRole /rules/0/apiGroups/0',
      'rbac-wildcard ClusterRole /rules/0/resources/0',
      'rbac-wildcard ClusterRole /rules/0/verbs/0',
    ]);
  });

  it('reports the binding itself when rbac-wildcard does not run', () => {
    expect(run(false)).toEqual(['rbac-cluster-admin ClusterRoleBinding /subjects/0']);
  });
});
