import rule from '../../src/rules/privileged-ports';
import { testRule } from './tester';

const pod = (port: number, sc: string, podExtra = '') => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
${podExtra}  containers:
    - name: web
      image: web
      securityContext: ${sc}
      ports:
        - {name: http, containerPort: ${port}}
`;

testRule(rule, {
  valid: [
    { name: 'a high port as non-root', yaml: pod(8080, '{runAsNonRoot: true}') },
    { name: 'a low port as root', yaml: pod(80, '{runAsUser: 0}') },
    { name: 'a low port, user unknown', yaml: pod(80, '{}') },
    { name: 'a low port with NET_BIND_SERVICE', yaml: pod(443, '{runAsUser: 101, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}') },
    {
      name: 'the pod lowers the unprivileged port start',
      yaml: pod(80, '{runAsNonRoot: true}', '  securityContext: {sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]}\n'),
    },
  ],
  invalid: [
    {
      name: 'a low port as a non-root user',
      yaml: pod(80, '{runAsUser: 1000}'),
      errors: [
        {
          path: '/spec/containers/0/ports/0/containerPort',
          message: 'container "web" runs as non-root and listens on port 80 without NET_BIND_SERVICE',
          line: 10,
        },
      ],
    },
    {
      name: 'runAsNonRoot on the pod',
      yaml: pod(443, '{capabilities: {drop: [ALL]}}', '  securityContext: {runAsNonRoot: true}\n'),
      errors: [{ path: '/spec/containers/0/ports/0/containerPort', message: 'listens on port 443' }],
    },
    {
      name: 'the sysctl starts above the port',
      yaml: pod(80, '{runAsNonRoot: true}', '  securityContext: {sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "100"}]}\n'),
      errors: [{ path: '/spec/containers/0/ports/0/containerPort', message: 'listens on port 80' }],
    },
    {
      name: 'a hostNetwork pod keeps the node limit',
      yaml: pod(53, '{runAsUser: 65534}', '  hostNetwork: true\n  securityContext: {sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]}\n'),
      errors: [{ path: '/spec/containers/0/ports/0/containerPort', message: 'listens on port 53' }],
    },
  ],
});
