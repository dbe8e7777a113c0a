import rule from '../../src/rules/image-digest';
import { testRule } from './tester';

const D = 'sha256:' + 'a'.repeat(64);
const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shipshape}
spec:
  template:
    spec:${extra}
      containers:
        - name: app
          image: ${image}
`;

testRule(rule, {
  valid: [
    { name: 'digest only', yaml: deployment(`registry.example.com/web@${D}`) },
    { name: 'tag and digest', yaml: deployment(`registry.example.com:5000/team/web:1.2.3@${D}`) },
    {
      name: 'cronjob pinned',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c, namespace: x}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: c, image: "k@${D}"}]
`,
    },
    { name: 'objects without pods are ignored', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  image: nginx\n' },
  ],
  invalid: [
    {
      name: 'latest tag',
      yaml: deployment('nginx:latest'),
      errors: [{ path: '/spec/template/spec/containers/0/image', message: 'mutable tag :latest', line: 9 }],
    },
    { name: 'bare tag', yaml: deployment('nginx:1.25'), errors: [{ path: '/spec/template/spec/containers/0/image', message: 'only the mutable tag :1.25' }] },
    { name: 'no tag at all', yaml: deployment('nginx'), errors: [{ path: '/spec/template/spec/containers/0/image', message: 'implicitly :latest' }] },
    {
      name: 'short digest',
      yaml: deployment('nginx@sha256:abc'),
      errors: [{ path: '/spec/template/spec/containers/0/image', message: 'pin it by @sha256 digest' }],
    },
    {
      name: 'init container unpinned',
      yaml: deployment(`web@${D}`, '\n      initContainers:\n        - name: setup\n          image: busybox:1.36'),
      errors: [{ path: '/spec/template/spec/initContainers/0/image', message: 'init container "setup"' }],
    },
    {
      name: 'ephemeral container on a Pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: x}
spec:
  containers: [{name: a, image: "a@${D}"}]
  ephemeralContainers: [{name: debug, image: "busybox"}]
`,
      errors: [{ path: '/spec/ephemeralContainers/0/image', message: 'ephemeral container "debug"' }],
    },
    {
      name: 'missing image',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: x}]\n',
      errors: [{ path: '/spec/template/spec/containers/0/image', message: 'has no image' }],
    },
  ],
});
