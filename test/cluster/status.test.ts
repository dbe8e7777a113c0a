import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { connect } from '../../src/cluster/client';
import { loadRendered } from '../../src/cluster/rendered';
import { formatStatusJson, formatStatusText, stageStatus, statusExitCode } from '../../src/cluster/status';
import { fastPolicy, prodFsnCluster, ROOT_DIR, type FakeCluster } from '../helpers/fake-cluster';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function statusWith(edit: (fake: FakeCluster) => void = () => {}) {
  fake = await prodFsnCluster();
  edit(fake);
  const client = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
  const result = await stageStatus(client, loadRendered('prod-fsn', join(ROOT_DIR, 'dist')));
  return { result, text: formatStatusText(result, 'status prod-fsn') };
}

const REVISION = 'main@sha1:3f9c2e7a1b5d8c4e6f0a2b9d7c1e3f5a8b0d2c4e';

describe('plimsoll status', () => {
  it("lists each stage's Kustomization Ready condition and revision in canonical order", async () => {
    const { result, text } = await statusWith();
    expect(result.stages.map((s) => `${s.stage} ${s.kustomization.namespace}/${s.kustomization.name} ${s.ready} ${s.revision}`)).toEqual(
      [
        '00-namespaces',
        '01-crds',
        '02-istio-ingress',
        '03-overlays-test',
        '04-overlays-prod',
        '05-runtime',
        '06-monitoring',
        '07-controller',
        '08-admission',
      ].map((s) => `${s} flux-system/plimsoll-${s} True ${REVISION}`),
    );
    expect(statusExitCode(result)).toBe(0);
    expect(text).toMatch(/✓ 05-runtime\s+True\s+main@sha1:3f9c2e7a/);
    expect(text).toMatch(/all 9 stages Ready\n$/);
    expect(fake!.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('marks the first stage that is not Ready as blocking the rest', async () => {
    const { result, text } = await statusWith((f) => {
      const k = f.object('Kustomization', 'flux-system', 'plimsoll-05-runtime');
      const s = k.status as Record<string, unknown>;
      s.lastAttemptedRevision = 'main@sha1:9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0';
      s.conditions = [
        {
          type: 'Ready',
          status: 'False',
          reason: 'HealthCheckFailed',
          message: "health check failed after 5m0s: timeout waiting for: [Deployment/stellaops/zastava-webhook status: 'InProgress']",
          lastTransitionTime: '2025-06-01T11:40:00Z',
        },
      ];
      for (const later of ['06-monitoring', '07-controller', '08-admission']) {
        (f.object('Kustomization', 'flux-system', `plimsoll-${later}`).status as Record<string, unknown>).conditions = [
          {
            type: 'Ready',
            status: 'False',
            reason: 'DependencyNotReady',
            message: "dependency 'flux-system/plimsoll-05-runtime' is not ready",
            lastTransitionTime: '2025-06-01T11:40:05Z',
          },
        ];
      }
    });
    expect(statusExitCode(result)).toBe(1);
    expect(result.blockedAt).toBe('05-runtime');
    expect(result.stages.filter((s) => s.blocking).map((s) => s.stage)).toEqual(['05-runtime']);
    expect(text).toContain(
      `✗ 05-runtime        False    ${REVISION}  HealthCheckFailed: health check failed after 5m0s: timeout waiting for: [Deployment/stellaops/zastava-webhook status: 'InProgress'] (attempted main@sha1:9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0)   ◀ blocks 06-monitoring, 07-controller, 08-admission`,
    );
    expect(text).toMatch(/ {2}06-monitoring .*DependencyNotReady: dependency 'flux-system\/plimsoll-05-runtime' is not ready {3}\(waits\)/);
    expect(text).toMatch(/blocked at 05-runtime\n$/);
    const json = JSON.parse(formatStatusJson(result, { environment: 'prod-fsn', context: 'fake', server: 's' }));
    expect(json.blockedAt).toBe('05-runtime');
    expect(json.stages[5]).toMatchObject({ stage: '05-runtime', state: 'not-ready', ready: 'False', reason: 'HealthCheckFailed', blocking: true });
  });

  it('reports a missing, suspended or progressing Kustomization as blocking', async () => {
    const missing = await statusWith((f) => f.store.delete('kustomize.toolkit.fluxcd.io/v1|Kustomization|flux-system|plimsoll-00-namespaces'));
    expect(missing.result.stages[0]).toMatchObject({
      state: 'missing',
      blocking: true,
      message: 'Kustomization flux-system/plimsoll-00-namespaces does not exist: apply dist/prod-fsn/flux',
    });
    await fake!.close();
    const suspended = await statusWith((f) => {
      (f.object('Kustomization', 'flux-system', 'plimsoll-02-istio-ingress').spec as Record<string, unknown>).suspend = true;
    });
    expect(suspended.result.blockedAt).toBe('02-istio-ingress');
    expect(suspended.text).toMatch(/✗ 02-istio-ingress\s+Suspended/);
    await fake!.close();
    const progressing = await statusWith((f) => {
      (f.object('Kustomization', 'flux-system', 'plimsoll-08-admission').status as Record<string, unknown>).conditions = [
        { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Reconciliation in progress' },
        { type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress' },
      ];
    });
    expect(progressing.result.stages[8]).toMatchObject({ state: 'progressing', blocking: true });
    expect(progressing.text).toContain('◀ blocks nothing after it (last stage)');
  });
});
