import rule from '../../src/rules/pod-security';
import { testRule } from './tester';

const restricted = '{runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}';
const pod = (containerSc: string, podExtra = '', podSc = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w, namespace: n}
spec:
  template:
    spec:
      securityContext: ${podSc}${podExtra}
      containers:
        - name: app
          image: a
          securityContext: ${containerSc}
`;

testRule(rule, {
  valid: [
    { name: 'restricted container', yaml: pod(restricted) },
    {
      name: 'non-root and seccomp from the pod',
      yaml: pod(
        '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}',
        '',
        '{runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
      ),
    },
  ],
  invalid: [
    {
      name: 'empty security context',
      yaml: pod('{}'),
      errors: [
        { path: '/spec/template/spec/containers/0/securityContext', message: 'does not set runAsNonRoot: true' },
        { path: '/spec/template/spec/containers/0/securityContext', message: 'does not set allowPrivilegeEscalation: false' },
        { path: '/spec/template/spec/containers/0/securityContext', message: 'does not drop ALL capabilities' },
        { path: '/spec/template/spec/containers/0/securityContext', message: 'has seccomp unset' },
      ],
    },
    {
      name: 'privileged',
      yaml: pod(restricted.replace('{', '{privileged: true, ')),
      errors: [{ path: '/spec/template/spec/containers/0/securityContext/privileged', message: 'is privileged' }],
    },
    {
      name: 'host network',
      yaml: pod(restricted, '\n      hostNetwork: true'),
      errors: [{ path: '/spec/template/spec/hostNetwork', message: 'hostNetwork: true', line: 8 }],
    },
    {
      name: 'hostPath volume and extra capability',
      yaml: pod(restricted.replace('drop: [ALL]', 'drop: [ALL], add: [SYS_ADMIN]'), '\n      volumes: [{name: p, hostPath: {path: /proc}}]'),
      errors: [
        { path: '/spec/template/spec/volumes/0/hostPath', message: 'volume "p" is a hostPath' },
        { path: '/spec/template/spec/containers/0/securityContext/capabilities/add', message: 'adds capabilities SYS_ADMIN' },
      ],
    },
  ],
});
