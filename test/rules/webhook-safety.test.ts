import rule from '../../src/rules/webhook-safety';
import { testRule } from './tester';

const hook = (fields: string, nsSelector = '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops]}]}') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: zastava-webhook}
webhooks:
  - name: zastava.stellaops.org
    clientConfig: {service: {name: zastava-webhook, namespace: stellaops}}
    namespaceSelector: ${nsSelector}
${fields}`;
const safe = '    failurePolicy: Fail\n    timeoutSeconds: 5\n    sideEffects: None\n';

testRule(rule, {
  valid: [
    { name: 'explicit and excluded', yaml: hook(safe) },
    { name: 'fail-open namespaces excluded as well', yaml: hook(safe, '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops, legacy-apps]}]}') },
  ],
  invalid: [
    {
      name: 'nothing explicit',
      yaml: hook(''),
      errors: [
        { path: '/webhooks/0/failurePolicy', message: 'does not set failurePolicy explicitly' },
        { path: '/webhooks/0/sideEffects', message: 'sideEffects is unset' },
        { path: '/webhooks/0/timeoutSeconds', message: 'does not set timeoutSeconds' },
      ],
    },
    { name: 'timeout too long', yaml: hook(safe.replace('5', '30')), errors: [{ path: '/webhooks/0/timeoutSeconds', message: 'timeoutSeconds 30 exceeds 10', line: 9 }] },
    { name: 'own namespace not excluded', yaml: hook(safe, '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}'), errors: [{ path: '/webhooks/0/namespaceSelector', message: 'does not exclude stellaops' }] },
  ],
});
