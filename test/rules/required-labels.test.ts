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
      yaml: deployment('app.kubernetes.io/name: s, stellaops.workload/id: a, stellaops.workload/tenant: t', 'app.kubernetes.io/name: s, stellaops.workload/id: a, stellaops.workload/tenant: t'),
      options: identity,
    },
    { name: 'excluded kind', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n', options: { excludeKinds: ['Secret'] } },
  ],
  invalid: [
    { name: 'no labels at all', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', errors: [{ path: '/metadata/labels', message: 'missing label app.kubernetes.io/name', line: 3 }] },
    {
      name: 'pod template missing the label',
      yaml: deployment('app.kubernetes.io/name: s', 'app: s'),
      errors: [{ path: '/spec/template/metadata/labels', message: 'pod template missing label app.kubernetes.io/name', line: 10 }],
    },
    {
      name: 'scoped identity labels missing in stellaops',
      yaml: deployment('app.kubernetes.io/name: s, stellaops.workload/id: a', 'app.kubernetes.io/name: s, stellaops.workload/id: a, stellaops.workload/tenant: t'),
      options: identity,
      errors: [{ path: '/metadata/labels', message: 'missing label stellaops.workload/tenant' }],
    },
  ],
});
