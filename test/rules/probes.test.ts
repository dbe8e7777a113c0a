import rule from '../../src/rules/probes';
import { testRule } from './tester';

const workload = (kind: string, probes: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: w, namespace: n}
spec:
  template:
    spec:
      initContainers: [{name: init, image: i}]
      containers:
        - name: app
          image: a${probes}
`;
const both = '\n          livenessProbe: {httpGet: {path: /health, port: 8080}}\n          readinessProbe: {httpGet: {path: /ready, port: 8080}}';

testRule(rule, {
  valid: [
    { name: 'deployment with both probes', yaml: workload('Deployment', both) },
    { name: 'jobs run to completion', yaml: workload('Job', '').replace('apps/v1', 'batch/v1') },
    {
      name: 'startup probe required by option',
      yaml: workload('DaemonSet', `${both}\n          startupProbe: {httpGet: {path: /health, port: 8080}}`),
      options: { require: ['livenessProbe', 'readinessProbe', 'startupProbe'] },
    },
  ],
  invalid: [
    {
      name: 'no probes',
      yaml: workload('Deployment', ''),
      errors: [{ path: '/spec/template/spec/containers/0', message: 'has no livenessProbe or readinessProbe', line: 9 }],
    },
    {
      name: 'readiness only',
      yaml: workload('StatefulSet', '\n          readinessProbe: {tcpSocket: {port: 1}}'),
      errors: [{ path: '/spec/template/spec/containers/0', message: 'has no livenessProbe' }],
    },
  ],
});
