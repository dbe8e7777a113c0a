import rule from '../../src/rules/required-labels';
import { testRule } from './tester';

const deployment = (labels: string, template: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: scanner
  namespace: stellaops
  labels: {${labels}}
spec:
  template:
    metadata:
      labels: {${template}}
    spec: {containers: []}
`;
const identity = { keys: ['app.kubernetes.io/name'], scoped: [{ namespaces: ['stellaops'], keys: ['stellaops.workload/id', 'stellaops.workload/tenant'] }] };

testRule(rule, {
  valid: [
    { name: 'default key on object and template', yaml: deployment('app.kubernetes.io/name: s', 'app.kubernetes.io/name: s') },
    {
      name: 'scoped keys present',
      yaml: deployment(
        'app.kubernetes.io/name: s, stellaops.workload/id: a, stellaops.workload/tenant: t',
        'app.kubernetes.io/name: s, stellaops.workload/id: a, stellaops.workload/tenant: t',
      ),
      options: identity,
    },
    { name: 'excluded kind', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n', options: { excludeKinds: ['Secret'] } },
    {
      // kubectl applies a List's items, never the List: its own (missing) labels are nothing to judge.
      name: 'a ConfigMapList whose items carry the label',
      yaml: 'apiVersion: v1\nkind: ConfigMapList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a, labels: {app.kubernetes.io/name: a}}\n',
    },
  ],
  invalid: [
    {
      name: 'a pod template of labels only, without a spec, is still a pod template',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: s, namespace: n, labels: {app.kubernetes.io/name: s}}\nspec: {template: {metadata: {labels: {a: b}}}}\n',
      errors: [{ path: '/spec/template/metadata/labels', message: 'pod template missing label app.kubernetes.io/name' }],
    },
    {
      name: 'an OpenShift DeploymentConfig pod template',
      yaml: 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: s, namespace: n, labels: {app.kubernetes.io/name: s}}\nspec: {template: {metadata: {labels: {a: b}}, spec: {containers: []}}}\n',
      errors: [{ path: '/spec/template/metadata/labels', message: 'pod template missing label app.kubernetes.io/name' }],
    },
    {
      name: 'a RoleBindingList item without the label: reported on the item, at its line, with its path from the document root',
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBindingList\nmetadata: {labels: {app.kubernetes.io/name: l}}\nitems:\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: RoleBinding\n    metadata: {name: a, namespace: n, labels: {app.kubernetes.io/name: a}}\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: RoleBinding\n    metadata:\n      name: b\n      namespace: n\n',
      errors: [{ path: '/items/1/metadata/labels', message: 'missing label app.kubernetes.io/name', line: 10 }],
    },
    {
      name: 'no labels at all',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      errors: [{ path: '/metadata/labels', message: 'missing label app.kubernetes.io/name', line: 3 }],
    },
    {
      name: 'pod template missing the label',
      yaml: deployment('app.kubernetes.io/name: s', 'app: s'),
      errors: [{ path: '/spec/template/metadata/labels', message: 'pod template missing label app.kubernetes.io/name', line: 10 }],
    },
    {
      name: 'scoped identity labels missing in stellaops',
      yaml: deployment(
        'app.kubernetes.io/name: s, stellaops.workload/id: a',
        'app.kubernetes.io/name: s, stellaops.workload/id: a, stellaops.workload/tenant: t',
      ),
      options: identity,
      errors: [{ path: '/metadata/labels', message: 'missing label stellaops.workload/tenant' }],
    },
  ],
});
