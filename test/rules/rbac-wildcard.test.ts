import rule from '../../src/rules/rbac-wildcard';
import { testRule } from './tester';

const role = (kind: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: r}
rules:
${rules}`;

testRule(rule, {
  valid: [
    {
      name: 'explicit verbs',
      yaml: role('ClusterRole', '  - apiGroups: [""]\n    resources: [pods/exec, pods/log, nodes/proxy]\n    verbs: [get, list, watch]\n'),
    },
    { name: 'a Role with no rules', yaml: role('Role', '  []\n') },
    { name: 'wildcards in a ConfigMap are not RBAC', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {verbs: "*"}\n' },
  ],
  invalid: [
    {
      name: 'verbs wildcard',
      yaml: role('Role', '  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: ["*"]\n'),
      errors: [{ path: '/rules/0/verbs/0', message: 'grants "*" in verbs', line: 7 }],
    },
    {
      name: 'apiGroups wildcard',
      yaml: role('ClusterRole', '  - apiGroups: ["*"]\n    resources: [pods]\n    verbs: [get]\n'),
      errors: [{ path: '/rules/0/apiGroups/0', message: 'in apiGroups' }],
    },
    {
      name: 'subresource wildcard and second rule',
      yaml: role(
        'ClusterRole',
        '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n  - apiGroups: [""]\n    resources: [pods, "*/status"]\n    verbs: [update, "*"]\n',
      ),
      errors: [
        { path: '/rules/1/resources/1', message: '"*/status" in resources' },
        { path: '/rules/1/verbs/1', message: 'in verbs' },
      ],
    },
  ],
});
