import rule from '../../src/rules/placeholder-cidr';
import { testRule } from './tester';

const egress = (cidr: string, except?: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: helloworld-controller
  namespace: shipshape
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: ${cidr}${except ? `\n            except: [${except}]` : ''}
      ports:
        - port: 443
          protocol: TCP
`;

testRule(rule, {
  valid: [
    { name: 'a resolved API-server /32', yaml: egress('10.96.0.1/32') },
    { name: 'a real node CIDR inside 10.0.0.0/16 is not the placeholder itself', yaml: egress('10.0.4.0/24') },
    { name: 'a real IPv6 range', yaml: egress('2a01:4f8::/32') },
    { name: 'not a NetworkPolicy', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  ipBlock: "127.255.255.255/32"\n' },
    { name: 'custom list without the probe placeholder', yaml: egress('10.0.0.0/16'), options: { exact: ['127.255.255.255/32'] } },
  ],
  invalid: [
    {
      name: 'the runbook deny placeholder',
      yaml: egress('127.255.255.255/32'),
      errors: [{ path: '/spec/egress/0/to/0/ipBlock/cidr', message: 'placeholder 127.255.255.255/32', line: 12 }],
    },
    {
      name: 'the probe-allow placeholder',
      yaml: egress('10.0.0.0/16'),
      errors: [{ path: '/spec/egress/0/to/0/ipBlock/cidr', message: 'placeholder 10.0.0.0/16' }],
    },
    {
      name: 'same network written with host bits',
      yaml: egress('10.0.3.7/16'),
      errors: [{ path: '/spec/egress/0/to/0/ipBlock/cidr', message: 'placeholder 10.0.0.0/16' }],
    },
    {
      name: 'RFC 5737 TEST-NET-3 host',
      yaml: egress('203.0.113.10/32'),
      errors: [{ path: '/spec/egress/0/to/0/ipBlock/cidr', message: 'documentation range 203.0.113.0/24' }],
    },
    {
      name: 'RFC 3849 IPv6 documentation range',
      yaml: egress('2001:db8:1::/48'),
      errors: [{ path: '/spec/egress/0/to/0/ipBlock/cidr', message: 'documentation range 2001:db8::/32' }],
    },
    {
      name: 'placeholder in except',
      yaml: egress('10.96.0.0/12', '192.0.2.0/24'),
      errors: [{ path: '/spec/egress/0/to/0/ipBlock/except/0', message: 'documentation range 192.0.2.0/24' }],
    },
    {
      name: 'ingress peers too',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: probes, namespace: shipshape}
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock: {cidr: 10.0.0.0/16}
`,
      errors: [{ path: '/spec/ingress/0/from/0/ipBlock/cidr', message: 'placeholder 10.0.0.0/16', line: 8 }],
    },
  ],
});
