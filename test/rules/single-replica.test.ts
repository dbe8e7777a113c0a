import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/validate/policy';
import rule from '../../src/rules/single-replica';
import { testRule } from './tester';

const deploy = (namespace: string, replicas = 'replicas: 1', labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  ${replicas}
  template: {metadata: {labels: ${labels}}, spec: {containers: [{name: web, image: web}]}}
`;
const hpa = (min: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop-prod}
spec: {minReplicas: ${min}, maxReplicas: 6, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}
`;

testRule(rule, {
  valid: [
    { name: 'two replicas in production', yaml: deploy('shop-prod', 'replicas: 2') },
    { name: 'one replica outside production', yaml: deploy('shop-staging') },
    { name: 'scaled to zero on purpose', yaml: deploy('production', 'replicas: 0') },
    { name: 'an HPA keeps two at least', yaml: deploy('shop-prod', 'paused: false') + hpa(2) },
    { name: 'a namespace the policy does not list', yaml: deploy('shop-prod'), options: { namespaces: ['live-*'] } },
    { name: 'a floating workload is in no known namespace', yaml: deploy('""') },
  ],
  invalid: [
    {
      name: 'one replica in a production namespace',
      yaml: deploy('shop-prod'),
      errors: [{ path: '/spec/replicas', message: 'Deployment web (production namespace shop-prod) runs 1 replica; expected at least 2', line: 5 }],
    },
    {
      name: 'replicas unset in the production namespace',
      yaml: deploy('production', 'paused: false'),
      errors: [{ path: '/spec', message: 'runs 1 replica (replicas unset)' }],
    },
    {
      name: 'a production label on the pod template',
      yaml: deploy('shop', 'replicas: 1', '{app: web, environment: production}'),
      errors: [{ path: '/spec/replicas', message: '(production label) runs 1 replica' }],
    },
    {
      name: 'the production tier judges every workload',
      yaml: deploy('shop'),
      options: { everywhere: true },
      errors: [{ path: '/spec/replicas', message: '(production tier)' }],
    },
    {
      name: 'an HPA scaling down to one',
      yaml: deploy('shop-prod', 'paused: false') + hpa(1),
      errors: [
        {
          path: '/spec/minReplicas',
          message: 'HorizontalPodAutoscaler web scales Deployment web (production namespace shop-prod) down to 1 replica',
          line: 11,
        },
      ],
    },
    {
      name: 'a StatefulSet in a namespace the policy lists',
      yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: live-eu}\nspec: {serviceName: db, template: {spec: {containers: []}}}\n',
      options: { namespaces: ['live-*'] },
      errors: [{ path: '/spec', message: 'StatefulSet db (production namespace live-eu)' }],
    },
  ],
});

describe('single-replica under the recommended policy', () => {
  const optionsFor = (tier?: 'lab' | 'production') =>
    loadPolicy('recommended')
      .activeRules(tier ? { name: 'x', tier } : undefined)
      .find((r) => r.rule.meta.id === 'single-replica')?.options;
  it('judges every workload of a production environment', () => {
    expect(optionsFor('production')).toMatchObject({ everywhere: true });
  });
  it('judges by namespace and labels elsewhere', () => {
    expect(optionsFor('lab')).toMatchObject({ everywhere: false });
    expect(optionsFor()).toMatchObject({ everywhere: false });
  });
});
