import rule from '../../src/rules/replica-spread';
import { testRule } from './tester';

const deploy = (podSpec: string, replicas = 3) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web}]
${podSpec}`;
const spread = (key: string, selector = '{matchLabels: {app: web}}') => `      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: ${key}, whenUnsatisfiable: ScheduleAnyway, labelSelector: ${selector}}
`;
const antiAffinity = (kind: 'required' | 'preferred', selector = '{matchLabels: {app: web}}') =>
  kind === 'required'
    ? `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - {topologyKey: kubernetes.io/hostname, labelSelector: ${selector}}
`
    : `      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm: {topologyKey: topology.kubernetes.io/zone, labelSelector: ${selector}}
`;

testRule(rule, {
  valid: [
    { name: 'spread over hostnames', yaml: deploy(spread('kubernetes.io/hostname')) },
    { name: 'spread over zones', yaml: deploy(spread('topology.kubernetes.io/zone')) },
    { name: 'required anti-affinity on the hostname', yaml: deploy(antiAffinity('required')) },
    { name: 'preferred anti-affinity on the zone', yaml: deploy(antiAffinity('preferred')) },
    { name: 'one replica is not spread', yaml: deploy('', 1) },
    { name: 'anti-affinity listing its own namespace', yaml: deploy(antiAffinity('required', '{matchLabels: {app: web}}, namespaces: [shop]')) },
    { name: 'a rack label the policy counts', yaml: deploy(spread('example.com/rack')), options: { topologyKeys: ['example.com/rack'] } },
  ],
  invalid: [
    {
      name: 'nothing spreads the replicas',
      yaml: deploy(''),
      errors: [{ path: '/spec/template/spec', message: 'Deployment web runs 3 replicas with no pod anti-affinity or topologySpreadConstraint', line: 8 }],
    },
    {
      name: 'the constraint counts other pods',
      yaml: deploy(spread('kubernetes.io/hostname', '{matchLabels: {app: api}}')),
      errors: [{ path: '/spec/template/spec', message: 'selecting its own pods' }],
    },
    {
      name: 'a constraint without a labelSelector counts no pods',
      yaml: deploy('      topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule}]\n'),
      errors: [{ path: '/spec/template/spec', message: 'runs 3 replicas' }],
    },
    {
      name: 'spread over a key that is not a node or zone',
      yaml: deploy(spread('example.com/rack')),
      errors: [{ path: '/spec/template/spec', message: 'over kubernetes.io/hostname / topology.kubernetes.io/zone' }],
    },
    {
      name: 'anti-affinity counting pods of other namespaces only',
      yaml: deploy(antiAffinity('required', '{matchLabels: {app: web}}, namespaces: [other]')),
      errors: [{ path: '/spec/template/spec', message: 'runs 3 replicas' }],
    },
    {
      name: 'anti-affinity selecting other pods',
      yaml: deploy(antiAffinity('required', '{matchLabels: {app: db}}')),
      errors: [{ path: '/spec/template/spec', message: 'runs 3 replicas' }],
    },
  ],
});
