import { describe, expect, it } from 'vitest';
import { HelloworldApp, HelloworldAutoscaling } from '../../../src/systems/shipshape';
import { DIGEST, one, synth } from './synth';

const SELECT = { app: 'helloworld', env: 'prod' };
const app = (c: any) => new HelloworldApp(c, 'app', { appEnv: 'prod', image: `x@${DIGEST}`, message: 'm' });

describe('HelloworldAutoscaling', () => {
  it('defaults: HPA and PDB helloworld-prod; the Deployment leaves replicas to the HPA', () => {
    const objects = synth((c) => new HelloworldAutoscaling(c, 'as', { deployment: app(c).deployment, podLabels: SELECT }));
    const hpa = one(objects, 'HorizontalPodAutoscaler', 'helloworld-prod');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.namespace).toBe('shipshape');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'helloworld-prod' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    const pdb = one(objects, 'PodDisruptionBudget', 'helloworld-prod');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECT } });
    expect(one(objects, 'Deployment', 'helloworld-prod').spec.replicas).toBeUndefined();
  });

  it('custom: bounds, CPU target, name and labels', () => {
    const objects = synth(
      (c) =>
        new HelloworldAutoscaling(c, 'as', {
          deployment: app(c).deployment,
          podLabels: SELECT,
          name: 'hw',
          minReplicas: 3,
          maxReplicas: 12,
          targetCpuUtilizationPercent: 60,
          labels: { team: 'a' },
        }),
    );
    const hpa = one(objects, 'HorizontalPodAutoscaler', 'hw');
    expect(hpa.metadata.labels).toEqual({ team: 'a' });
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(60);
    expect(one(objects, 'PodDisruptionBudget', 'hw').spec.maxUnavailable).toBe(1);
  });

  it('fails if minReplicas is below 2 (the PDB would block every drain)', () => {
    expect(() => synth((c) => new HelloworldAutoscaling(c, 'as', { deployment: app(c).deployment, podLabels: SELECT, minReplicas: 1 }))).toThrow(
      /minReplicas must be an integer >= 2/,
    );
  });

  it('fails if maxReplicas is below minReplicas', () => {
    expect(() =>
      synth((c) => new HelloworldAutoscaling(c, 'as', { deployment: app(c).deployment, podLabels: SELECT, minReplicas: 4, maxReplicas: 3 })),
    ).toThrow(/maxReplicas must be an integer >= minReplicas \(4\), got 3/);
  });
});
