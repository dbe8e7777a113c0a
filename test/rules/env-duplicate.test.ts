import rule from '../../src/rules/env-duplicate';
import { testRule } from './tester';

const deploy = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
${containers}`;

testRule(rule, {
  valid: [
    { name: 'distinct names', yaml: deploy('        - name: app\n          env:\n            - {name: A, value: "1"}\n            - {name: B, value: "2"}\n') },
    {
      name: 'names differ in case',
      yaml: deploy('        - name: app\n          env:\n            - {name: LOG, value: "1"}\n            - {name: log, value: "2"}\n'),
    },
    {
      name: 'the same name in two containers',
      yaml: deploy('        - name: app\n          env: [{name: A, value: "1"}]\n        - name: side\n          env: [{name: A, value: "2"}]\n'),
    },
    {
      name: 'env overriding envFrom',
      yaml: deploy('        - name: app\n          envFrom: [{configMapRef: {name: cfg}}]\n          env: [{name: A, value: "1"}]\n'),
    },
  ],
  invalid: [
    {
      name: 'a name set twice',
      yaml: deploy(
        '        - name: app\n          env:\n            - {name: A, value: "1"}\n            - {name: B, value: "2"}\n            - {name: A, value: "3"}\n',
      ),
      errors: [
        { path: '/spec/template/spec/containers/0/env/2/name', message: 'container "app" sets env A again (first at env/0); the later value wins', line: 12 },
      ],
    },
    {
      name: 'a value and a valueFrom in an init container, three times',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      env:
        - {name: TOKEN, value: x}
        - name: TOKEN
          valueFrom: {secretKeyRef: {name: s, key: t}}
        - {name: TOKEN, value: y}
  containers: [{name: c, image: c:1}]
`,
      errors: [
        { path: '/spec/initContainers/0/env/1/name', message: 'container "init" sets env TOKEN again (first at env/0)', line: 9 },
        { path: '/spec/initContainers/0/env/2/name', message: 'sets env TOKEN again (first at env/0)', line: 11 },
      ],
    },
  ],
});
