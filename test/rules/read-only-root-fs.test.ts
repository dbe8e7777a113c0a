import rule from '../../src/rules/read-only-root-fs';
import { testRule } from './tester';

const pod = (containers: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
${extra}  containers:
${containers}`;
const c = (name: string, sc: string) => `    - name: ${name}
      image: web
      securityContext: ${sc}
`;

testRule(rule, {
  valid: [
    { name: 'read-only root', yaml: pod(c('web', '{readOnlyRootFilesystem: true}')) },
    {
      name: 'a CronJob with a read-only root',
      yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: i, securityContext: {readOnlyRootFilesystem: true}}]}}}}}\n',
    },
    { name: 'a Windows pod is not judged', yaml: pod(c('web', '{}'), '  os: {name: windows}\n') },
    {
      name: 'an ephemeral debug container is not judged',
      yaml: pod(c('web', '{readOnlyRootFilesystem: true}')) + '  ephemeralContainers: [{name: debug, image: busybox}]\n',
    },
  ],
  invalid: [
    {
      name: 'a custom resource whose pod template the policy names',
      yaml:
        'apiVersion: example.com/v1\nkind: Worker\nmetadata: {name: w, namespace: n}\nspec:\n  pod:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/w@sha256:' +
        '0'.repeat(64) +
        '\n',
      podTemplates: [{ kind: 'Worker', path: '/spec/pod' }],
      errors: [{ path: '/spec/pod/spec/containers/0/securityContext', message: 'container "web" has readOnlyRootFilesystem unset; expected true' }],
    },
    {
      name: 'unset',
      yaml: pod(c('web', '{runAsNonRoot: true}')),
      errors: [{ path: '/spec/containers/0/securityContext', message: 'container "web" has readOnlyRootFilesystem unset; expected true', line: 8 }],
    },
    {
      name: 'set false',
      yaml: pod(c('web', '{readOnlyRootFilesystem: false}')),
      errors: [{ path: '/spec/containers/0/securityContext/readOnlyRootFilesystem', message: 'has readOnlyRootFilesystem false', line: 8 }],
    },
    {
      name: 'one of two containers and an init container',
      yaml: pod(c('web', '{readOnlyRootFilesystem: true}') + c('sidecar', '{}')) + '  initContainers: [{name: init, image: i}]\n',
      errors: [
        { path: '/spec/containers/1/securityContext', message: 'container "sidecar"' },
        { path: '/spec/initContainers/0/securityContext', message: 'container "init"' },
      ],
    },
  ],
});
