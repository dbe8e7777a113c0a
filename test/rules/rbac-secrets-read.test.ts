import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/rbac-secrets-read';
import rbacWildcard from '../../src/rules/rbac-wildcard';
import rbacPodCreate from '../../src/rules/rbac-pod-create';
import rbacEscalationVerbs from '../../src/rules/rbac-escalation-verbs';
import { Inventory, makeItem } from '../../src/check/inventory';
import { parseManifestText } from '../../src/validate/load';
import { PositionCache } from '../../src/validate/locate';
import { runRules } from '../../src/validate/engine';
import { testRule } from './tester';

const role = (kind: string, rules: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: reader${ns ? `, namespace: ${ns}` : ''}}
rules:
${rules}`;

testRule(rule, {
  valid: [
    {
      name: 'named Secrets only',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [tls]\n    verbs: [get, watch]\n'),
    },
    { name: 'ConfigMaps, not Secrets', yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list, watch]\n') },
    {
      name: 'create and update only: no read',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [create, update, patch]\n', 'app'),
    },
    {
      name: 'a secrets resource of another API group',
      yaml: role('ClusterRole', '  - apiGroups: [vault.example.com]\n    resources: [secrets]\n    verbs: [list]\n'),
    },
    {
      name: 'a Role when namespacedRoles is off (the recommended preset)',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list]\n', 'app'),
      options: { namespacedRoles: false },
    },
    {
      name: 'a ClusterRole in allowedRoles',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [list, watch]\n'),
      options: { allowedRoles: ['read*'] },
    },
    {
      name: 'a Role allowed by namespace/name',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [list]\n', 'ops'),
      options: { allowedRoles: ['ops/reader'] },
    },
  ],
  invalid: [
    {
      name: 'a ClusterRole that lists and watches Secrets',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [configmaps, secrets]\n    verbs: [list, watch]\n'),
      errors: [
        {
          path: '/rules/0',
          message:
            'ClusterRole reader grants list, watch on secrets: reads the Secrets of every namespace it is bound in (all of them through a ClusterRoleBinding); expected resourceNames',
          line: 5,
        },
      ],
    },
    {
      name: 'a Role that gets Secrets in its namespace',
      yaml: role(
        'Role',
        '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n',
        'app',
      ),
      errors: [{ path: '/rules/1', message: 'Role reader grants get on secrets: reads the Secrets of namespace app', line: 8 }],
    },
    {
      name: 'a Role without a namespace is judged where it is applied',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [watch]\n'),
      errors: [{ path: '/rules/0', message: 'reads the Secrets of the namespace it is applied in' }],
    },
    {
      name: 'allowedRoles by namespace/name does not cover another namespace',
      yaml: role('Role', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [list]\n', 'app'),
      options: { allowedRoles: ['ops/reader'] },
      errors: [{ path: '/rules/0', message: 'namespace app' }],
    },
    {
      name: 'a `*` verb on Secrets when rbac-wildcard does not run',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: ["*"]\n'),
      errors: [{ path: '/rules/0', message: 'grants get, list, watch on secrets (through a `*`)' }],
    },
  ],
});

describe('the RBAC escalation rules and rbac-wildcard', () => {
  const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: operator}
rules:
  - apiGroups: [""]
    resources: [secrets, pods, pods/exec]
    verbs: ["*"]
  - apiGroups: ["*"]
    resources: [clusterroles]
    verbs: [bind]
  - apiGroups: [""]
    resources: ["*"]
    verbs: [get, create]
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, "*"]
`;
  const run = (withWildcard: boolean) => {
    const parsed = parseManifestText(yaml, 'r.yaml');
    const inventory = new Inventory(
      parsed.objects.map(({ object, doc, pointer }) => makeItem(object, 'r.yaml', doc, undefined, pointer)),
      [],
    );
    const rules = [rule, rbacPodCreate, rbacEscalationVerbs, ...(withWildcard ? [rbacWildcard] : [])].map((r) => ({
      rule: r,
      severity: 'error' as const,
      options:
        r === rule
          ? { namespacedRoles: true, allowedRoles: [] }
          : r === rbacPodCreate
            ? { workloads: false, allowedRoles: [] }
            : r === rbacEscalationVerbs
              ? { allowedRoles: [] }
              : {},
    }));
    return runRules(inventory, rules, new PositionCache(() => yaml)).map((f) => `${f.rule} ${f.path}`);
  };

  it('leaves a grant that needs a `*` to rbac-wildcard when it runs, and reports explicit verbs beside a `*`', () => {
    expect(run(true).filter((f) => !f.startsWith('rbac-wildcard'))).toEqual(['rbac-secrets-read /rules/3']);
  });

  it('reports every grant itself when rbac-wildcard does not run', () => {
    expect(run(false).sort()).toEqual(
      [
        'rbac-secrets-read /rules/0',
        'rbac-secrets-read /rules/2',
        'rbac-secrets-read /rules/3',
        'rbac-pod-create /rules/0',
        'rbac-pod-create /rules/2',
        'rbac-escalation-verbs /rules/1',
      ].sort(),
    );
  });
});
