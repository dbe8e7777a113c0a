import rule from '../../src/rules/alert-runbook';
import { testRule } from './tester';

const alert = (annotations: string, extra = '') => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: r, namespace: shipshape}
spec:
  groups:
    - name: g
      rules:
        - alert: HelloworldHighErrorRate
          expr: up == 0
          annotations: {${annotations}}
${extra}`;
const docs = { documents: [{ urlPrefix: 'https://example.com/docs/', dir: 'docs' }] };
const runbookObject = '---\napiVersion: catalyst.openova.io/v1alpha1\nkind: Runbook\nmetadata: {name: openbao-sealed, namespace: ops}\n';

testRule(rule, {
  valid: [
    { name: 'external link is accepted', yaml: alert('runbook_url: "https://wiki.example.org/hello"') },
    { name: 'shipped document and heading', yaml: alert('runbook_url: "https://example.com/docs/rules.md#alert-runbook"'), options: docs },
    { name: 'runbook annotation names a Runbook object', yaml: alert('runbook: "runbook://openbao-sealed"', runbookObject) },
    { name: 'recording rules need no runbook', yaml: alert('runbook_url: x').replace('alert: HelloworldHighErrorRate', 'record: job:up') },
  ],
  invalid: [
    {
      name: 'no runbook annotation',
      yaml: alert('summary: down'),
      errors: [{ path: '/spec/groups/0/rules/0/annotations', message: 'has no runbook_url or runbook annotation', line: 10 }],
    },
    {
      name: 'missing document',
      yaml: alert('runbook_url: "https://example.com/docs/nope.md#x"'),
      options: docs,
      errors: [{ path: '/spec/groups/0/rules/0/annotations/runbook_url', message: 'links docs/nope.md, which does not exist' }],
    },
    {
      name: 'missing heading',
      yaml: alert('runbook_url: "https://example.com/docs/rules.md#no-such-heading"'),
      options: docs,
      errors: [{ path: '/spec/groups/0/rules/0/annotations/runbook_url', message: '#no-such-heading, which is not a heading' }],
    },
    {
      name: 'missing Runbook object',
      yaml: alert('runbook_url: "runbook://vault-sealed"', runbookObject),
      errors: [{ path: '/spec/groups/0/rules/0/annotations/runbook_url', message: 'links Runbook "vault-sealed"' }],
    },
  ],
});
