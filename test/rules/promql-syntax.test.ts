import rule from '../../src/rules/promql-syntax';
import { testRule } from './tester';

const rules = (body: string) => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: r, namespace: shipshape}
spec:
  groups:
    - name: g
      rules:
${body}`;

testRule(rule, {
  valid: [
    {
      name: 'alert and recording rule',
      yaml: rules(
        '        - alert: High\n          expr: sum(rate(x_total[5m])) by (env) > 0.05\n        - record: job:x:rate5m\n          expr: rate(x_total[5m])\n',
      ),
    },
    {
      name: 'brackets inside string literals do not count as nesting',
      yaml: rules(`        - alert: Quoted\n          expr: 'x{path="${'('.repeat(100)}"} > 0'\n`),
    },
    {
      name: 'histogram quantile',
      yaml: rules('        - alert: Slow\n          expr: histogram_quantile(0.95, sum by (le) (rate(zastava_runtime_backend_latency_ms_bucket[5m]))) > 750\n'),
    },
  ],
  invalid: [
    {
      name: 'unbalanced parenthesis',
      yaml: rules('        - alert: Broken\n          expr: sum(rate(x[5m]) by (env)\n'),
      errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'alert Broken: PromQL syntax error', line: 9 }],
    },
    {
      name: 'unknown function',
      yaml: rules('        - record: r\n          expr: rates(x[5m])\n'),
      errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'recording rule r: PromQL syntax error' }],
    },
    {
      name: 'expression over the size budget (not parsed)',
      yaml: rules(`        - alert: Huge\n          expr: '${'x + '.repeat(5000)}x'\n`),
      errors: [
        {
          path: '/spec/groups/0/rules/0/expr',
          message: 'alert Huge: expr is 20001 bytes, more than the 16384 this rule judges; split it into recording rules',
        },
      ],
    },
    {
      name: 'expression nested deeper than the budget (not parsed)',
      yaml: rules(`        - record: deep\n          expr: '${'('.repeat(65)}x${')'.repeat(65)}'\n`),
      errors: [
        {
          path: '/spec/groups/0/rules/0/expr',
          message: 'recording rule deep: expr nests brackets more than 64 deep (at offset 64), more than this rule judges; split it into recording rules',
        },
      ],
    },
    {
      name: 'missing expr',
      yaml: rules('        - alert: NoExpr\n          for: 5m\n'),
      errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'alert NoExpr has no expr' }],
    },
  ],
});
