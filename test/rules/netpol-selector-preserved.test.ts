import rule from '../../src/rules/netpol-selector-preserved';
import { testRule } from './tester';

const netpol = (dnsPod: string, gatewayNs = '{kubernetes.io/metadata.name: istio-system}') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: helloworld, namespace: shipshape}
spec:
  podSelector: {matchLabels: {app: helloworld}}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: ${gatewayNs}}
          podSelector: {matchLabels: {istio: ingressgateway}}
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: ${dnsPod}}
`;

testRule(rule, {
  valid: [
    { name: 'exact external selectors', yaml: netpol('{k8s-app: kube-dns}') },
    {
      name: 'unrelated peers are not judged',
      yaml: netpol('{k8s-app: kube-dns}').replace('istio: ingressgateway', 'app: frontend').replace('istio-system', 'web'),
    },
  ],
  invalid: [
    {
      name: 'label transform added app to the DNS peer',
      yaml: netpol('{k8s-app: kube-dns, app: helloworld}'),
      errors: [{ path: '/spec/egress/0/to/0/podSelector', message: 'peer for cluster DNS selects pods', line: 13 }],
    },
    {
      name: 'gateway namespace selector rewritten',
      yaml: netpol('{k8s-app: kube-dns}', '{kubernetes.io/metadata.name: istio-system, env: test}'),
      errors: [{ path: '/spec/ingress/0/from/0/namespaceSelector', message: 'peer for Istio ingress gateway selects namespaces' }],
    },
  ],
});
