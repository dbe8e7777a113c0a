import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { shipshapeSettings } from '../../../src/systems/shipshape/settings';
import { editedEnvironment, loadError } from '../../helpers/environments';

describe('shipshape settings', () => {
  it('defaults to the runbook values when an environment says nothing', () => {
    const { env } = loadEnvironment('lab');
    const { shipshape: _, ...bare } = structuredClone(env) as typeof env;
    const s = shipshapeSettings(bare);
    expect(s.rateLimit).toEqual({ maxTokens: 120, tokensPerFill: 120, fillIntervalSeconds: 60 });
    expect(s.controller.debounceSeconds).toBe(5);
    expect(s.controller.leaderElection).toEqual({
      leaseDurationSeconds: 15,
      renewDeadlineSeconds: 10,
      retryPeriodSeconds: 2,
      controllerStopTimeoutSeconds: 45,
    });
    expect(s.monitoring.prometheusPrincipal).toBe('cluster.local/ns/monitoring/sa/prometheus-k8s');
    expect(s.monitoring.ingressGatewayPrincipal).toBe('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account');
    expect(s.prodAutoscaling).toEqual({ minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 });
    expect(s.certificateIssuer).toEqual({ kind: 'ClusterIssuer', name: 'letsencrypt-prod' });
  });

  it('keeps what the environment sets and fills the rest at load', () => {
    const { env } = loadEnvironment('lab');
    expect(env.shipshape?.certificateIssuer).toEqual({ kind: 'ClusterIssuer', name: 'letsencrypt-staging' });
    expect(env.shipshape?.messages?.test).toBe('hello from lab test');
    expect(env.shipshape?.rateLimit).toEqual({ maxTokens: 120, tokensPerFill: 120, fillIntervalSeconds: 60 });
  });

  it('fails if the renew deadline is not shorter than the lease', () => {
    const message = loadError(
      editedEnvironment('base/production', (t) => t.replace('renewDeadlineSeconds: 10', 'renewDeadlineSeconds: 15')),
      'prod-fsn',
    );
    expect(message).toMatch(
      /base\/production\.ts:\d+ \(shared base of prod-fsn\): \/shipshape\/controller\/leaderElection\/renewDeadlineSeconds: got 15, expected less than leaseDurationSeconds \(15\)/,
    );
  });

  it('fails if the retry period is not shorter than the renew deadline', () => {
    const message = loadError(
      editedEnvironment('base/production', (t) => t.replace('retryPeriodSeconds: 2', 'retryPeriodSeconds: 10')),
      'prod-fsn',
    );
    expect(message).toMatch(/\/shipshape\/controller\/leaderElection\/retryPeriodSeconds: got 10, expected less than renewDeadlineSeconds \(10\)/);
  });

  it('fails if maxReplicas is below minReplicas', () => {
    const message = loadError(
      editedEnvironment('base/production', (t) => t.replace('maxReplicas: 10', 'maxReplicas: 1')),
      'prod-fsn',
    );
    expect(message).toContain('/shipshape/prodAutoscaling/maxReplicas: got 1');
  });

  it('fails if the prod autoscaler could go below 2 replicas', () => {
    const message = loadError(
      editedEnvironment('base/production', (t) => t.replace('minReplicas: 2', 'minReplicas: 1')),
      'prod-fsn',
    );
    expect(message).toContain('/shipshape/prodAutoscaling/minReplicas: got 1');
  });

  it('fails if the token bucket is empty', () => {
    const message = loadError(
      editedEnvironment('lab', (t) => t.replace('shipshape: {', 'shipshape: {\n    rateLimit: { maxTokens: 0 },')),
      'lab',
    );
    expect(message).toMatch(/lab\.ts:\d+: \/shipshape\/rateLimit\/maxTokens: got 0/);
  });

  it('fails on a misspelled setting and suggests the right one', () => {
    const message = loadError(
      editedEnvironment('lab', (t) => t.replace('certificateIssuer:', 'certificateIsuer:')),
      'lab',
    );
    expect(message).toContain('/shipshape/certificateIsuer: unknown property "certificateIsuer"; did you mean "certificateIssuer"?');
  });
});
