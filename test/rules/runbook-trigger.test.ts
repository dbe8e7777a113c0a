import rule from '../../src/rules/runbook-trigger';
import { testRule } from './tester';

const runbook = (name: string, ...alerts: string[]) => `apiVersion: catalyst.openova.io/v1alpha1
kind: Runbook
metadata: {name: ${name}, namespace: ops}
spec:
  triggers:
${alerts.map((a) => `    - alertName: ${a}`).join('\n')}
`;
const rules = (...alerts: string[]) => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: r, namespace: ops}
spec:
  groups:
    - name: g
      rules:
${alerts.map((a) => `        - alert: ${a}\n          expr: up == 0`).join('\n')}
        - record: job:up:sum
          expr: sum(up)
`;

testRule(rule, {
  valid: [
    {
      name: 'every trigger is an alert of the input',
      files: { 'a.yaml': runbook('high-latency', 'HighLatency', 'HighLatencySlo'), 'b.yaml': rules('HighLatency', 'HighLatencySlo') },
    },
    {
      name: 'an alert installed elsewhere, named by the policy',
      files: { 'a.yaml': runbook('pod-crash', 'KubePodCrashLooping'), 'b.yaml': rules('Other') },
      options: { externalAlerts: ['KubePodCrashLooping'] },
    },
    { name: 'a Runbook kind of another API group is not a runbook', yaml: runbook('x', 'Nothing').replace('catalyst.openova.io/v1alpha1', 'example.com/v1') },
  ],
  invalid: [
    {
      name: 'a trigger no PrometheusRule defines (a recording rule of that name does not count)',
      files: { 'a.yaml': runbook('openbao-sealed', 'OpenBaoSealed', 'job:up:sum'), 'b.yaml': rules('HighLatency') },
      errors: [
        {
          file: 'a.yaml',
          path: '/spec/triggers/0/alertName',
          message: 'Runbook openbao-sealed is triggered by alert OpenBaoSealed, which no PrometheusRule in the input defines',
          line: 6,
        },
        { file: 'a.yaml', path: '/spec/triggers/1/alertName', message: 'triggered by alert job:up:sum, which no PrometheusRule' },
      ],
    },
    {
      name: 'no PrometheusRule in the input at all: a warning, they may live elsewhere',
      yaml: runbook('openbao-sealed', 'OpenBaoSealed'),
      errors: [
        { path: '/spec/triggers/0/alertName', severity: 'warning', message: 'the input defines no alerts at all; its PrometheusRules are not in the input' },
      ],
    },
  ],
});
