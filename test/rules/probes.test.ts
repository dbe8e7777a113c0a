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
const barePod = (extra: string, probes = '') => `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: n}
spec:${extra}
  containers:
    - name: app
      image: a${probes.replace(/\n {10}/g, '\n      ')}
`;
const rollout = (probes: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r, namespace: n}
spec:
  template:
    spec:
      containers:
        - name: app
          image: a${probes}
`;
const ROLLOUTS = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', path: '/spec/template' }];
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
    { name: 'a bare Pod with both probes', yaml: barePod('', both) },
    // A Helm test hook: runs to completion, nothing to probe.
    { name: 'a bare Pod with restartPolicy Never', yaml: barePod('\n  restartPolicy: Never') },
    { name: 'a bare Pod with restartPolicy OnFailure', yaml: barePod('\n  restartPolicy: OnFailure') },
    { name: 'bare Pods off by option', yaml: barePod(''), options: { barePods: false } },
    { name: 'a custom resource no policy names', yaml: rollout('') },
    { name: 'a custom resource the policy names, with probes', yaml: rollout(both), podTemplates: ROLLOUTS },
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
    {
      name: 'a bare Pod runs until deleted (restartPolicy defaults to Always)',
      yaml: barePod(''),
      errors: [{ path: '/spec/containers/0', message: 'container "app" has no livenessProbe or readinessProbe', line: 6 }],
    },
    {
      name: 'a bare Pod with restartPolicy Always',
      yaml: barePod('\n  restartPolicy: Always'),
      errors: [{ path: '/spec/containers/0', message: 'has no livenessProbe or readinessProbe' }],
    },
    {
      name: 'an OpenShift DeploymentConfig',
      yaml: workload('DeploymentConfig', '').replace('apps/v1', 'apps.openshift.io/v1'),
      errors: [{ path: '/spec/template/spec/containers/0', message: 'has no livenessProbe or readinessProbe' }],
    },
    {
      name: 'a custom resource whose pod template the policy names',
      yaml: rollout(''),
      podTemplates: ROLLOUTS,
      errors: [{ path: '/spec/template/spec/containers/0', message: 'has no livenessProbe or readinessProbe' }],
    },
    {
      name: 'a custom resource with a template per replica type (path with *)',
      yaml: `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: t, namespace: n}
spec:
  pytorchReplicaSpecs:
    Master: {template: {spec: {restartPolicy: OnFailure, containers: [{name: m, image: i}]}}}
    Server: {template: {spec: {containers: [{name: s, image: i}]}}}
`,
      podTemplates: [{ kind: 'PyTorchJob', path: '/spec/pytorchReplicaSpecs/*/template' }],
      errors: [{ path: '/spec/pytorchReplicaSpecs/Server/template/spec/containers/0', message: 'container "s" has no livenessProbe or readinessProbe' }],
    },
  ],
});
