import rule from '../../src/rules/alert-scope';
import { testRule } from './tester';

const alert = (expr: string, labels: string) => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: r, namespace: shipshape}
spec:
  groups:
    - name: g
      rules:
        - alert: A
          expr: '${expr}'
          labels: {${labels}}
`;

testRule(rule, {
  valid: [
    { name: 'prod paging alert scoped exactly', yaml: alert('sum(rate(http_requests_total{env="prod",code=~"5.."}[5m])) > 1', 'severity: critical') },
    { name: 'test alert non-paging', yaml: alert('up{env="test"} == 0', 'severity: warning, paging: "false"') },
    { name: 'not environment-scoped', yaml: alert('up == 0', 'severity: critical') },
  ],
  invalid: [
    {
      name: 'paging alert on a regex env',
      yaml: alert('up{env=~"prod|test"} == 0', 'severity: critical'),
      errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'paging alerts must select env="prod" exactly' }],
    },
    {
      name: 'test alert that pages',
      yaml: alert('up{env="test"} == 0', 'severity: critical'),
      errors: [
        { path: '/spec/groups/0/rules/0/expr', message: 'selects env="test"' },
        { path: '/spec/groups/0/rules/0/labels', message: 'must be non-paging', line: 10 },
      ],
    },
    {
      name: 'expr over the PromQL nesting budget: its scope is not vouched for',
      yaml: alert(`${'('.repeat(70)}up{env="test"}${')'.repeat(70)} == 0`, 'severity: critical'),
      errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'alert A: scope not judged: expr nests brackets more than 64 deep (at offset 64)' }],
    },
    {
      name: 'test warning without paging false',
      yaml: alert('up{env="test"} == 0', 'severity: warning'),
      errors: [{ path: '/spec/groups/0/rules/0/labels', message: 'got severity "warning", paging ""' }],
    },
  ],
});
