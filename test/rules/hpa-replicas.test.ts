import rule from '../../src/rules/hpa-replicas';
import { testRule } from './tester';

const deploy = (replicas: string, name = 'web') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  ${replicas}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}
`;
const hpa = (target = 'kind: Deployment, name: web', namespace = 'shop') => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web-hpa, namespace: ${namespace}}
spec:
  minReplicas: 2
  maxReplicas: 6
  scaleTargetRef: {apiVersion: apps/v1, ${target}}
`;

testRule(rule, {
  valid: [
    { name: 'autoscaled, replicas left to the HPA', yaml: deploy('paused: false') + hpa() },
    { name: 'replicas without an autoscaler', yaml: deploy('replicas: 3') },
    { name: 'the HPA scales another Deployment', yaml: deploy('replicas: 3') + hpa('kind: Deployment, name: api') },
    { name: 'the HPA is in another namespace', yaml: deploy('replicas: 3') + hpa(undefined, 'other') },
    { name: 'the HPA scales a StatefulSet of that name', yaml: deploy('replicas: 3') + hpa('kind: StatefulSet, name: web') },
  ],
  invalid: [
    {
      name: 'replicas beside an HPA',
      yaml: deploy('replicas: 3') + hpa(),
      errors: [
        { path: '/spec/replicas', message: 'Deployment web sets replicas 3 although HorizontalPodAutoscaler web-hpa scales it (min 2, max 6)', line: 5 },
      ],
    },
    {
      name: 'a StatefulSet beside a KEDA ScaledObject (kind defaults to Deployment, here named)',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: queue, namespace: shop}
spec:
  replicas: 1
  serviceName: queue
  template: {metadata: {labels: {app: queue}}, spec: {containers: [{name: q, image: q}]}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: queue, namespace: shop}
spec: {scaleTargetRef: {kind: StatefulSet, name: queue}, minReplicaCount: 1, maxReplicaCount: 20}
`,
      errors: [{ path: '/spec/replicas', message: 'StatefulSet queue sets replicas 1 although ScaledObject queue scales it (min 1, max 20)' }],
    },
    {
      name: 'a KEDA ScaledObject without kind targets a Deployment',
      yaml:
        deploy('replicas: 2') +
        '---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so, namespace: shop}\nspec: {scaleTargetRef: {name: web}}\n',
      errors: [{ path: '/spec/replicas', message: 'ScaledObject so scales it (min 0, max 100)' }],
    },
    {
      name: 'both without a namespace land together',
      yaml: deploy('replicas: 2').replace('namespace: shop', 'namespace: ""') + hpa(undefined, '""'),
      errors: [{ path: '/spec/replicas', message: 'sets replicas 2' }],
    },
  ],
});
