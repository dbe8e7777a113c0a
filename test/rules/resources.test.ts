import rule from '../../src/rules/resources';
import { testRule } from './tester';

const workload = (resources: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w, namespace: n}
spec:
  template:
    spec:
      containers:
        - name: app
          image: a
          resources: ${resources}
`;

testRule(rule, {
  valid: [
    { name: 'requests and limits', yaml: workload('{requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}') },
    {
      name: 'cpu limit not required by option',
      yaml: workload('{requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}'),
      options: { limits: ['memory'] },
    },
    {
      name: 'a CronJob is not long-running',
      yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: i}]}}}}}\n',
    },
    {
      name: 'a Helm test Pod runs to completion',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: t}\nspec: {restartPolicy: Never, containers: [{name: t, image: i}]}\n',
    },
    {
      name: 'bare Pods off by option',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: p, image: i}]}\n',
      options: { barePods: false },
    },
  ],
  invalid: [
    {
      name: 'nothing set',
      yaml: workload('{}'),
      errors: [{ path: '/spec/template/spec/containers/0/resources', message: 'has no requests.cpu, requests.memory, limits.cpu, limits.memory', line: 10 }],
    },
    {
      name: 'memory limit missing',
      yaml: workload('{requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 2}}'),
      errors: [{ path: '/spec/template/spec/containers/0/resources', message: 'has no limits.memory' }],
    },
    {
      name: 'a bare Pod that runs until deleted',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: p, image: i}]}\n',
      errors: [{ path: '/spec/containers/0/resources', message: 'container "p" has no requests.cpu, requests.memory, limits.cpu, limits.memory' }],
    },
    {
      name: 'an OpenShift DeploymentConfig',
      yaml: workload('{}').replace('apps/v1', 'apps.openshift.io/v1').replace('kind: Deployment', 'kind: DeploymentConfig'),
      errors: [{ path: '/spec/template/spec/containers/0/resources', message: 'has no requests.cpu' }],
    },
  ],
});
