import rule from '../../src/rules/netpol-coverage';
import { testRule } from './tester';

const deploy = (labels = '{app: web}', extra = '', namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: ${labels}}
    spec:
${extra}      containers: [{name: web, image: web}]
`;
const policy = (spec: string, namespace = 'shop') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ${namespace}}
spec: ${spec}
`;

testRule(rule, {
  valid: [
    { name: 'a default deny covers the namespace', yaml: deploy() + policy('{podSelector: {}, policyTypes: [Ingress, Egress]}') },
    { name: 'a policy selects the pods', yaml: deploy() + policy('{podSelector: {matchLabels: {app: web}}, ingress: [{}]}') },
    {
      name: 'egress required and isolated by egress rules',
      yaml: deploy() + policy('{podSelector: {matchLabels: {app: web}}, egress: [{}]}'),
      options: { policyTypes: ['Ingress', 'Egress'] },
    },
    { name: 'hostNetwork pods are not judged', yaml: deploy(undefined, '      hostNetwork: true\n') },
    { name: 'namespaces without policies are not judged when the policy says so', yaml: deploy(), options: { judgeNamespacesWithoutPolicies: false } },
    {
      name: 'a CiliumNetworkPolicy endpointSelector selects the pods',
      yaml:
        deploy() +
        '---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec: {endpointSelector: {matchLabels: {app: web}}}\n',
    },
    {
      name: 'a cluster-wide policy of another engine stops the judging',
      yaml: deploy() + '---\napiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata: {name: deny}\nspec: {selector: all()}\n',
    },
  ],
  invalid: [
    {
      name: 'no policy in the namespace (a warning)',
      yaml: deploy(),
      errors: [
        {
          path: '/spec/template/metadata',
          message: 'no NetworkPolicy in the input selects pods of Deployment web: the input has none in namespace shop',
          line: 6,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'the policies of the namespace leave the pods out',
      yaml: deploy() + policy('{podSelector: {matchLabels: {app: api}}}'),
      errors: [
        {
          path: '/spec/template/metadata',
          message: 'the input has NetworkPolicies in namespace shop, none selecting these pods for ingress',
          severity: 'error',
        },
      ],
    },
    {
      name: 'an egress-only policy does not isolate ingress',
      yaml: deploy() + policy('{podSelector: {}, policyTypes: [Egress]}'),
      errors: [{ path: '/spec/template/metadata', message: 'no NetworkPolicy in the input isolates ingress for pods of Deployment web' }],
    },
    {
      name: 'egress required, only ingress isolated',
      yaml: deploy() + policy('{podSelector: {}}'),
      options: { policyTypes: ['Ingress', 'Egress'] },
      errors: [{ path: '/spec/template/metadata', message: 'isolates egress for pods' }],
    },
    {
      name: 'a policy in another namespace',
      yaml: deploy() + policy('{podSelector: {}}', 'other'),
      errors: [{ path: '/spec/template/metadata', message: 'the input has none in namespace shop', severity: 'warning' }],
    },
  ],
});
