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
  ],
});
