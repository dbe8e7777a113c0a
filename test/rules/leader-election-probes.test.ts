import rule from '../../src/rules/leader-election-probes';
import { testRule } from './tester';

// Shipshape runbook, "Controller probe semantics": "Kubernetes startup/liveness/readiness probes intentionally target
// `/healthz` for `helloworld-controller` so active and standby replicas can remain Ready", and "`/readyz` is
// leadership-aware (`503` on followers)".
const deployment = (container: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: helloworld-controller, namespace: shipshape}
spec:
  template:
    spec:
      containers:
        - name: controller
${container}`;
const envElects = '          env: [{name: LEADER_ELECTION_ENABLED, value: "true"}, {name: LEADER_ELECTION_LEASE_NAME, value: helloworld-controller-leader}]\n';
const probe = (kind: string, path: string) => `          ${kind}: {httpGet: {path: ${path}, port: 8080}}\n`;

testRule(rule, {
  valid: [
    {
      name: 'a leader-electing controller probes /healthz',
      yaml: deployment(envElects + probe('readinessProbe', '/healthz') + probe('livenessProbe', '/healthz') + probe('startupProbe', '/healthz')),
    },
    { name: 'an app (no leader election) may be ready on /readyz', yaml: deployment(probe('readinessProbe', '/readyz')) },
    {
      name: 'leader election switched off by flag',
      yaml: deployment('          args: [--leader-elect=false, --leader-election-id=x]\n' + probe('readinessProbe', '/readyz')),
    },
    {
      name: 'leader election switched off by environment',
      yaml: deployment('          env: [{name: LEADER_ELECTION_ENABLED, value: "false"}]\n' + probe('readinessProbe', '/readyz')),
    },
    { name: 'a path that only starts like /readyz', yaml: deployment(envElects + probe('readinessProbe', '/readyzz')) },
    { name: 'a Job is not a controller', yaml: deployment(envElects + probe('readinessProbe', '/readyz'), 'Job') },
  ],
  invalid: [
    {
      name: 'readiness on /readyz with leader election by environment',
      yaml: deployment(envElects + probe('readinessProbe', '/readyz') + probe('livenessProbe', '/healthz')),
      errors: [
        {
          path: '/spec/template/spec/containers/0/readinessProbe/httpGet/path',
          message:
            'container "controller" elects a leader, but its readinessProbe targets /readyz, which is leadership-aware (503 on followers); expected a path that every replica answers, such as /healthz',
          line: 10,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'liveness and startup on /readyz with query and subpath, leader election by flag',
      yaml: deployment(
        '          args: [--leader-elect]\n' +
          probe('livenessProbe', '/readyz/') +
          probe('startupProbe', "'/readyz?verbose'") +
          probe('readinessProbe', '/healthz'),
        'StatefulSet',
      ),
      errors: [
        { path: '/spec/template/spec/containers/0/livenessProbe/httpGet/path', message: 'its livenessProbe targets /readyz/' },
        { path: '/spec/template/spec/containers/0/startupProbe/httpGet/path', message: 'its startupProbe targets /readyz?verbose' },
      ],
    },
    {
      name: 'a leadership-aware path the policy names, only readiness judged',
      yaml: deployment('          command: [/manager, --leader-election-id=zen]\n' + probe('readinessProbe', '/leader') + probe('livenessProbe', '/leader')),
      options: { leadershipAwarePaths: ['/leader'], probes: ['readinessProbe'] },
      errors: [{ path: '/spec/template/spec/containers/0/readinessProbe/httpGet/path', message: 'its readinessProbe targets /leader' }],
    },
  ],
});
