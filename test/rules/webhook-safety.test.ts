import rule from '../../src/rules/webhook-safety';
import { testRule } from './tester';

const hook = (
  fields: string,
  nsSelector = '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops]}]}',
) => `apiVersion: admissionregistration.k8s.io/v1
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
    { name: 'unset timeoutSeconds is the API default 10, within the limit', yaml: hook('    failurePolicy: Fail\n    sideEffects: None\n') },
    // Zastava runbook §4.3: "optionally set namespace to failOpenNamespaces after risk assessment".
    {
      name: 'Ignore scoped by name to namespaces the policy lists as fail-open',
      yaml: hook(
        safe.replace('Fail', 'Ignore'),
        '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [legacy-apps]}, {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops]}]}',
      ),
      options: { failOpenNamespaces: ['legacy-apps', 'batch'] },
    },
    {
      name: 'fail-open namespaces excluded as well',
      yaml: hook(safe, '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops, legacy-apps]}]}'),
    },
  ],
  invalid: [
    {
      name: 'global Ignore: the selector only excludes',
      yaml: hook(safe.replace('Fail', 'Ignore')),
      options: { failOpenNamespaces: ['legacy-apps'] },
      errors: [{ path: '/webhooks/0/failurePolicy', message: 'webhook zastava.stellaops.org has a global failurePolicy Ignore', line: 8 }],
    },
    {
      name: 'global Ignore: restricted by a label other than the namespace name, and by objectSelector',
      yaml: hook(
        safe.replace('Fail', 'Ignore') + '    objectSelector: {matchLabels: {app: legacy}}\n',
        '{matchLabels: {team: legacy}, matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops]}]}',
      ),
      options: { failOpenNamespaces: ['legacy-apps'] },
      errors: [{ path: '/webhooks/0/failurePolicy', message: 'has a global failurePolicy Ignore' }],
    },
    {
      name: 'Ignore in a namespace the policy does not list as fail-open',
      yaml: hook(
        safe.replace('Fail', 'Ignore'),
        '{matchLabels: {kubernetes.io/metadata.name: payments}, matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stellaops]}]}',
      ),
      options: { failOpenNamespaces: ['legacy-apps'] },
      errors: [{ path: '/webhooks/0/failurePolicy', message: 'fails open (failurePolicy Ignore) in payments, which the policy does not list as fail-open' }],
    },
    {
      name: 'v1beta1 unset failurePolicy defaults to a global Ignore',
      yaml: hook('    timeoutSeconds: 5\n    sideEffects: None\n').replace('admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'),
      errors: [
        { path: '/webhooks/0/failurePolicy', message: '(unset, the API applies Ignore)' },
        { path: '/webhooks/0/failurePolicy', message: 'has a global failurePolicy Ignore' },
      ],
    },
    {
      name: 'nothing explicit',
      yaml: hook(''),
      errors: [
        { path: '/webhooks/0/failurePolicy', message: 'does not set failurePolicy explicitly (Fail or Ignore) (unset, the API applies Fail)' },
        { path: '/webhooks/0/sideEffects', message: 'sideEffects is unset' },
      ],
    },
    {
      name: 'v1beta1 defaults: timeout 30, sideEffects Unknown',
      yaml: hook('    failurePolicy: Fail\n').replace('admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1'),
      errors: [
        { path: '/webhooks/0/sideEffects', message: 'sideEffects is unset (the API applies "Unknown"); expected None' },
        { path: '/webhooks/0/timeoutSeconds', message: 'timeoutSeconds is unset, so the API default of 30 applies, which exceeds 10' },
      ],
    },
    {
      name: 'unset timeout judged as 10 against a lower limit',
      yaml: hook('    failurePolicy: Fail\n    sideEffects: None\n'),
      options: { maxTimeoutSeconds: 5 },
      errors: [{ path: '/webhooks/0/timeoutSeconds', message: 'the API default of 10 applies, which exceeds 5' }],
    },
    {
      name: 'timeout too long',
      yaml: hook(safe.replace('5', '30')),
      errors: [{ path: '/webhooks/0/timeoutSeconds', message: 'timeoutSeconds 30 exceeds 10', line: 9 }],
    },
    {
      name: 'own namespace not excluded',
      yaml: hook(safe, '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}'),
      errors: [{ path: '/webhooks/0/namespaceSelector', message: 'does not exclude stellaops' }],
    },
  ],
});
