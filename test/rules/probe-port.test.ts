import rule from '../../src/rules/probe-port';
import { testRule } from './tester';

const deployment = (container: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web\n${container}`;
const ports = '          ports:\n            - {name: http, containerPort: 8080}\n            - {name: dns, containerPort: 53, protocol: UDP}\n';

testRule(rule, {
  valid: [
    {
      name: 'probes and hooks by declared port name and by number',
      yaml: deployment(
        ports +
          '          livenessProbe: {httpGet: {path: /healthz, port: http}}\n          readinessProbe: {tcpSocket: {port: 8080}}\n          startupProbe: {httpGet: {path: /, port: 9999}}\n          lifecycle: {preStop: {httpGet: {path: /drain, port: http}}}\n',
      ),
    },
    {
      name: 'exec and grpc probes name no port',
      yaml: deployment('          livenessProbe: {exec: {command: [true]}}\n          readinessProbe: {grpc: {port: 9090}}\n'),
    },
    {
      name: 'a port name resolves in the probe’s own container only, and another container may declare the same name',
      yaml:
        deployment(ports + '          readinessProbe: {httpGet: {path: /, port: http}}\n') +
        '        - name: sidecar\n          image: s\n          ports: [{name: http, containerPort: 9000}]\n          livenessProbe: {tcpSocket: {port: http}}\n',
    },
  ],
  invalid: [
    {
      name: 'a probe port name the container does not declare',
      yaml: deployment(ports + '          livenessProbe:\n            httpGet: {path: /healthz, port: healthz}\n'),
      errors: [
        {
          path: '/spec/template/spec/containers/0/livenessProbe/httpGet/port',
          message: 'container "web" livenessProbe uses port "healthz", which the container does not declare (has: http, dns)',
          line: 14,
        },
      ],
    },
    {
      name: 'a container without ports, a named port declared by another container',
      yaml:
        deployment('          readinessProbe: {tcpSocket: {port: http}}\n') +
        '        - name: other\n          image: o\n          ports: [{name: http, containerPort: 80}]\n',
      errors: [
        {
          path: '/spec/template/spec/containers/0/readinessProbe/tcpSocket/port',
          message: 'uses port "http", which the container does not declare (has: none)',
        },
      ],
    },
    {
      name: 'a UDP port for a TCP probe, a hook port name that does not exist',
      yaml: deployment(ports + '          startupProbe: {tcpSocket: {port: dns}}\n          lifecycle: {postStart: {httpGet: {path: /, port: admin}}}\n'),
      errors: [
        {
          path: '/spec/template/spec/containers/0/startupProbe/tcpSocket/port',
          message: 'container "web" startupProbe uses port "dns", which is UDP; tcpSocket connects over TCP',
        },
        { path: '/spec/template/spec/containers/0/lifecycle/postStart/httpGet/port', message: 'container "web" postStart hook uses port "admin"' },
      ],
    },
  ],
});
