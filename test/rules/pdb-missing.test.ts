import rule from '../../src/rules/pdb-missing';
import { testRule } from './tester';

const deploy = (replicas: string, labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  ${replicas}
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: ${labels}}, spec: {containers: [{name: web, image: web}]}}
`;
const pdb = (selector: string, apiVersion = 'policy/v1', namespace = 'shop') => `---
apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: web, namespace: ${namespace}}
spec: {maxUnavailable: 1, selector: ${selector}}
`;
const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec: {minReplicas: 2, maxReplicas: 6, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}
`;

testRule(rule, {
  valid: [
    { name: 'a PDB selects the replicas', yaml: deploy('replicas: 3') + pdb('{matchLabels: {app: web}}') },
    { name: 'one replica needs no budget', yaml: deploy('replicas: 1') },
    { name: 'replicas unset and not autoscaled is one', yaml: deploy('paused: false') },
    { name: 'a policy/v1 empty selector covers the namespace', yaml: deploy('replicas: 3') + pdb('{}') },
    {
      name: 'a matchExpressions budget',
      yaml: deploy('replicas: 2', '{app: web, tier: front}') + pdb('{matchExpressions: [{key: tier, operator: In, values: [front]}]}'),
    },
    { name: 'an autoscaled workload with a budget', yaml: deploy('paused: false') + hpa + pdb('{matchLabels: {app: web}}') },
    { name: 'a templated replica count is not judged', yaml: deploy('replicas: "{{ .Values.replicas }}"') },
  ],
  invalid: [
    {
      name: 'three replicas, no budget',
      yaml: deploy('replicas: 3'),
      errors: [{ path: '/spec/replicas', message: 'Deployment web runs 3 replicas and no PodDisruptionBudget in the input selects its pods', line: 5 }],
    },
    {
      name: 'the budget selects other pods',
      yaml: deploy('replicas: 3') + pdb('{matchLabels: {app: api}}'),
      errors: [{ path: '/spec/replicas', message: 'no PodDisruptionBudget in the input selects its pods' }],
    },
    {
      name: 'the budget is in another namespace',
      yaml: deploy('replicas: 3') + pdb('{matchLabels: {app: web}}', 'policy/v1', 'other'),
      errors: [{ path: '/spec/replicas', message: 'runs 3 replicas' }],
    },
    {
      name: 'a policy/v1beta1 empty selector selects nothing',
      yaml: deploy('replicas: 2') + pdb('{}', 'policy/v1beta1'),
      errors: [{ path: '/spec/replicas', message: 'runs 2 replicas' }],
    },
    {
      name: 'autoscaled without replicas',
      yaml: deploy('paused: false') + hpa,
      errors: [{ path: '/spec', message: 'runs up to 6 replicas (HorizontalPodAutoscaler web)', line: 4 }],
    },
    {
      name: 'a StatefulSet scaled by KEDA',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: db}]}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: db, namespace: shop}
spec: {scaleTargetRef: {kind: StatefulSet, name: db}, maxReplicaCount: 4}
`,
      errors: [{ path: '/spec', message: 'StatefulSet db runs up to 4 replicas (ScaledObject db)' }],
    },
  ],
});
