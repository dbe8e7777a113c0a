import rule from '../../src/rules/pdb-allows-disruption';
import { testRule } from './tester';

const deploy = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: zen-watcher, namespace: zen-system}
spec:
  replicas: ${replicas}
  template: {metadata: {labels: {app: zen-watcher}}, spec: {containers: []}}
---
`;
const pdb = (budget: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: zen-watcher, namespace: zen-system}
spec:
  ${budget}
  selector: {matchLabels: {app: zen-watcher}}
`;
const hpa = (min: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h, namespace: zen-system}
spec: {minReplicas: ${min}, maxReplicas: 10, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: zen-watcher}}
`;

testRule(rule, {
  valid: [
    { name: 'two replicas, minAvailable 1', yaml: deploy(2) + pdb('minAvailable: 1') },
    { name: 'maxUnavailable 1', yaml: deploy(1) + pdb('maxUnavailable: 1') },
    { name: 'HPA minimum gives headroom', yaml: deploy(1) + pdb('minAvailable: 2') + hpa(3) },
    // The disruption controller rounds percentages up: 50% of 3 is 2, one pod may go.
    { name: 'minAvailable 50% of 3 rounds up to 2', yaml: deploy(3) + pdb('minAvailable: "50%"') },
    { name: 'maxUnavailable 10% of 1 rounds up to 1', yaml: deploy(1) + pdb('maxUnavailable: "10%"') },
    {
      name: 'two workloads together have headroom',
      yaml: deploy(1) + deploy(1).replace('name: zen-watcher', 'name: zen-watcher-b') + pdb('minAvailable: 1'),
    },
  ],
  invalid: [
    {
      name: 'minAvailable equals replicas',
      yaml: deploy(1) + pdb('minAvailable: 1'),
      errors: [{ path: '/spec/minAvailable', message: 'minAvailable 1 >= 1 replica of Deployment zen-watcher', line: 12 }],
    },
    { name: 'maxUnavailable zero', yaml: pdb('maxUnavailable: 0'), errors: [{ path: '/spec/maxUnavailable', message: 'no pod may ever be evicted' }] },
    { name: 'minAvailable 100%', yaml: pdb('minAvailable: "100%"'), errors: [{ path: '/spec/minAvailable', message: 'requires 100% available' }] },
    {
      name: 'HPA minimum too low',
      yaml: deploy(5) + pdb('minAvailable: 2') + hpa(2),
      errors: [{ path: '/spec/minAvailable', message: 'minAvailable 2 >= 2 replicas' }],
    },
    {
      name: 'minAvailable 50% of 1 rounds up to 1',
      yaml: deploy(1) + pdb('minAvailable: "50%"'),
      errors: [{ path: '/spec/minAvailable', message: 'minAvailable 50% of 1 replica of Deployment zen-watcher rounds up to 1' }],
    },
    {
      name: 'minAvailable 90% against the HPA minimum',
      yaml: deploy(10) + pdb('minAvailable: "90%"') + hpa(5),
      errors: [{ path: '/spec/minAvailable', message: 'minAvailable 90% of 5 replicas of Deployment zen-watcher rounds up to 5' }],
    },
    {
      name: 'maxUnavailable 0%',
      yaml: deploy(3) + pdb('maxUnavailable: "0%"'),
      errors: [{ path: '/spec/maxUnavailable', message: 'no pod may ever be evicted' }],
    },
    {
      name: 'both minAvailable and maxUnavailable',
      yaml: deploy(3) + pdb('minAvailable: 1\n  maxUnavailable: 1'),
      errors: [{ path: '/spec', message: 'sets both minAvailable and maxUnavailable: the API server rejects it' }],
    },
    {
      name: 'minAvailable over 100%',
      yaml: deploy(10) + pdb('minAvailable: "150%"'),
      errors: [{ path: '/spec/minAvailable', message: 'minAvailable 150% is over 100%' }],
    },
    {
      name: 'a pod template of labels only counts',
      yaml: deploy(1).replace(', spec: {containers: []}', '') + pdb('minAvailable: 1'),
      errors: [{ path: '/spec/minAvailable', message: 'minAvailable 1 >= 1 replica of Deployment zen-watcher' }],
    },
  ],
});
