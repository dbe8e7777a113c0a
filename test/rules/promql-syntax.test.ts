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
    { name: 'alert and recording rule', yaml: rules('        - alert: High\n          expr: sum(rate(x_total[5m])) by (env) > 0.05\n        - record: job:x:rate5m\n          expr: rate(x_total[5m])\n') },
    { name: 'histogram quantile', yaml: rules('        - alert: Slow\n          expr: histogram_quantile(0.95, sum by (le) (rate(zastava_runtime_backend_latency_ms_bucket[5m]))) > 750\n') },
  ],
  invalid: [
    { name: 'unbalanced parenthesis', yaml: rules('        - alert: Broken\n          expr: sum(rate(x[5m]) by (env)\n'), errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'alert Broken: PromQL syntax error', line: 9 }] },
    { name: 'unknown function', yaml: rules('        - record: r\n          expr: rates(x[5m])\n'), errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'recording rule r: PromQL syntax error' }] },
    { name: 'missing expr', yaml: rules('        - alert: NoExpr\n          for: 5m\n'), errors: [{ path: '/spec/groups/0/rules/0/expr', message: 'alert NoExpr has no expr' }] },
  ],
});
