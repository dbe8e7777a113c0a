import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { connect } from '../../src/cluster/client';
import { loadRendered } from '../../src/cluster/rendered';
import { verifyEnvironment } from '../../src/cluster/verify';
import { pinnedDigest, runningDigest } from '../../src/cluster/verify/image-digests';
import { fastPolicy, FIXTURE_NOW, prodFsnCluster, ROOT_DIR, type FakeCluster } from '../helpers/fake-cluster';
import type { Finding } from '../../src/check/types';
import { formatReport } from '../../src/validate/format';
import { VERIFY_CHECKS } from '../../src/cluster/verify';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const rendered = () => loadRendered('prod-fsn', join(ROOT_DIR, 'dist'));

/** Runs verify against the healthy fixture after `edit` breaks something. */
async function verifyWith(edit: (fake: FakeCluster) => void = () => {}, now = FIXTURE_NOW) {
  fake = await prodFsnCluster();
  edit(fake);
  const client = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
  return verifyEnvironment(client, rendered(), { now });
}

const only = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);
const status = (o: Record<string, unknown>) => o.status as Record<string, unknown>;

describe('plimsoll verify', () => {
  it('finds nothing wrong with a healthy cluster, reading every rendered object and writing nothing', async () => {
    const report = await verifyWith();
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, objects: rendered().items.length });
    expect(new Set(fake!.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    // Kept-alive connections: not one TLS handshake per request (the client makes a new agent for each).
    expect(fake!.requests.length).toBeGreaterThan(100);
    expect(fake!.connections()).toBeLessThanOrEqual(8);
  });

  it('fails if a rendered object is missing, naming its file, stage and runbook section', async () => {
    const report = await verifyWith((f) => {
      f.store.delete('v1|ConfigMap|shipshape|helloworld-config-prod');
      f.store.delete('admissionregistration.k8s.io/v1|ValidatingWebhookConfiguration||zastava-webhook');
    });
    const missing = only(report.findings, 'cluster-object-exists');
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatchObject({
      severity: 'error',
      file: 'dist/prod-fsn/04-overlays-prod/configmap_shipshape_helloworld-config-prod.yaml',
      object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shipshape', name: 'helloworld-config-prod' },
    });
    expect(missing[0].message).toBe(
      "ConfigMap shipshape/helloworld-config-prod does not exist (rendered in 04-overlays-prod); check the stage's Flux Kustomization (`plimsoll status`) — runbook: docs/runbooks/post-deploy.md#rendered-objects-exist",
    );
    expect(missing[1].message).toMatch(
      /ValidatingWebhookConfiguration zastava-webhook does not exist .* runbook: docs\/runbooks\/zastava-runtime-operations\.md#21-fresh-install-helm-overlay$/,
    );
    expect(report.summary.errors).toBe(2);
  });

  it('fails if a kind is not served (CRD not installed)', async () => {
    const report = await verifyWith((f) => {
      for (const key of [...f.store.keys()]) if (key.startsWith('cert-manager.io/')) f.store.delete(key);
    });
    // The fixture's discovery still serves cert-manager.io/v1; the objects are gone: reported as missing.
    expect(only(report.findings, 'cluster-object-exists').map((x) => x.object?.name)).toEqual([
      'helloworld-cert-test',
      'helloworld-cert-prod',
      'plimsoll-admission-guard',
      'plimsoll-admission-guard-selfsigned',
    ]);
  });

  it('fails if a Deployment or DaemonSet is not fully available', async () => {
    const report = await verifyWith((f) => {
      const d = f.object('Deployment', 'stellaops', 'zastava-webhook');
      Object.assign(status(d), { availableReplicas: 1, readyReplicas: 1 });
      (status(d).conditions as Array<Record<string, string>>)[0] = {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      };
      Object.assign(status(f.object('DaemonSet', 'stellaops', 'zastava-observer')), { numberAvailable: 1, numberUnavailable: 1 });
      const c = f.object('Deployment', 'shipshape', 'helloworld-test');
      (status(c).conditions as Array<Record<string, string>>)[1] = {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "helloworld-test-5c7" has timed out progressing.',
      };
    });
    const msgs = only(report.findings, 'cluster-workload-available').map((f) => `${f.object?.kind} ${f.object?.name}: ${f.message}`);
    expect(msgs).toEqual([
      'Deployment helloworld-test: rollout stalled (Progressing False: ProgressDeadlineExceeded: ReplicaSet "helloworld-test-5c7" has timed out progressing.); 2 of 2 replicas available — runbook: docs/runbooks/shipshape.md#runbook-pod-crash-looping',
      'DaemonSet zastava-observer: 1 of 2 scheduled pods available, 2 updated — runbook: docs/runbooks/zastava-runtime-operations.md#21-fresh-install-helm-overlay',
      'Deployment zastava-webhook: 1 of 3 replicas available, 3 updated (Available False: MinimumReplicasUnavailable: Deployment does not have minimum availability.) — runbook: docs/runbooks/zastava-runtime-operations.md#21-fresh-install-helm-overlay',
    ]);
  });

  it('fails if a running pod runs another digest than the rendered one', async () => {
    const old = 'sha256:0000000000000000000000000000000000000000000000000000000000000bad';
    const report = await verifyWith((f) => {
      const pod = f.object('Pod', 'shipshape', 'helloworld-prod-7f8c9d6b4c-vb3nd');
      (status(pod).containerStatuses as Array<Record<string, unknown>>)[0].imageID = `registry.acme.example/platform/shipshape-helloworld@${old}`;
    });
    const f = only(report.findings, 'cluster-image-digest');
    expect(f).toHaveLength(1);
    expect(f[0].object?.name).toBe('helloworld-prod');
    expect(f[0].message).toBe(
      `pod helloworld-prod-7f8c9d6b4c-vb3nd container helloworld runs ${old}, rendered sha256:144464584c660c487c29f438549d74d1a1a1c1a7df9d5e063165adad163e32c2 (registry.acme.example/platform/shipshape-helloworld@sha256:144464584c660c487c29f438549d74d1a1a1c1a7df9d5e063165adad163e32c2); roll out the rendered digest or roll back deliberately — runbook: docs/runbooks/post-deploy.md#image-digests-in-running-workloads`,
    );
  });

  it('ignores pods that are not running and fails if no pod runs at all', async () => {
    const report = await verifyWith((f) => {
      for (const name of ['helloworld-test-6d9f7c8b5d-2x8kq', 'helloworld-test-6d9f7c8b5d-q7w2m']) status(f.object('Pod', 'shipshape', name)).phase = 'Pending';
    });
    expect(only(report.findings, 'cluster-image-digest').map((f) => f.message)).toEqual([
      expect.stringMatching(/^no running pods match app=helloworld,env=test: the running image digests cannot be verified/),
    ]);
  });

  it('reads container digests from every imageID form', () => {
    const d = 'sha256:144464584c660c487c29f438549d74d1a1a1c1a7df9d5e063165adad163e32c2';
    expect(runningDigest(`docker-pullable://registry.acme.example/x@${d}`)).toBe(d);
    expect(runningDigest(`registry.acme.example/x@${d}`)).toBe(d);
    expect(runningDigest(d)).toBeUndefined();
    expect(pinnedDigest(`docker.io/kubezen/zen-watcher:1.2.1@${d}`)).toBe(d);
    expect(pinnedDigest('nginx:1.27')).toBeUndefined();
  });

  it('fails if a webhook Service has no ready endpoints or the webhook is not registered', async () => {
    const report = await verifyWith((f) => {
      const slice = f.object('EndpointSlice', 'stellaops', 'zastava-webhook-8vwlq');
      for (const e of slice.endpoints as Array<{ conditions: { ready: boolean } }>) e.conditions.ready = false;
    });
    expect(only(report.findings, 'cluster-webhook-ready').map((f) => f.message)).toEqual([
      'webhook pods.zastava-webhook.stellaops.svc: its Service stellaops/zastava-webhook has no ready endpoints; with failurePolicy Fail it rejects every request it matches — runbook: docs/runbooks/zastava-runtime-operations.md#21-fresh-install-helm-overlay',
    ]);
    const unregistered = await verifyWith((f) => {
      f.object('ValidatingWebhookConfiguration', '', 'zastava-webhook').webhooks = [];
    });
    expect(only(unregistered.findings, 'cluster-webhook-ready').map((f) => f.message)).toEqual([
      expect.stringMatching(/^webhook pods\.zastava-webhook\.stellaops\.svc is not registered in the live configuration/),
    ]);
  });

  it('fails if a CRD is not Established', async () => {
    const report = await verifyWith((f) => {
      const crd = f.object('CustomResourceDefinition', '', 'observations.zen.kube-zen.io');
      (status(crd).conditions as Array<Record<string, string>>)[1] = {
        type: 'Established',
        status: 'False',
        reason: 'Installing',
        message: 'the initial names have not been accepted',
      };
    });
    expect(only(report.findings, 'cluster-crd-established').map((f) => f.message)).toEqual([
      'not Established (False: Installing: the initial names have not been accepted): its custom resources cannot be served — runbook: docs/runbooks/post-deploy.md#custom-resource-definitions-established',
    ]);
  });

  it('fails if a leader Lease is stale or has no holder', async () => {
    const later = new Date(FIXTURE_NOW.getTime() + 60_000);
    const report = await verifyWith((f) => {
      delete (f.object('Lease', 'zen-system', 'zen-watcher-leader-election').spec as Record<string, unknown>).holderIdentity;
    }, later);
    expect(only(report.findings, 'cluster-lease-fresh').map((f) => `${f.object?.name}: ${f.message}`)).toEqual([
      'helloworld-controller-leader: held by helloworld-controller-84d5f6c7b8-k2j4p but last renewed 62s ago (lease duration 15s): the leader is gone or cannot reach the API server — runbook: docs/runbooks/shipshape.md#runbook-controller-no-active-leader',
      'zen-watcher-leader-election: no holder: no replica is leader, so the controller does no work — runbook: docs/runbooks/post-deploy.md#leader-leases-held-and-fresh',
    ]);
  });

  it('fails if a PodDisruptionBudget that promises headroom allows no disruption', async () => {
    const report = await verifyWith((f) => {
      Object.assign(status(f.object('PodDisruptionBudget', 'shipshape', 'helloworld-prod')), { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 });
      Object.assign(status(f.object('PodDisruptionBudget', 'zen-system', 'zen-watcher')), { currentHealthy: 1, disruptionsAllowed: 0 });
    });
    expect(only(report.findings, 'cluster-pdb-headroom').map((f) => `${f.object?.name}: ${f.message}`)).toEqual([
      'helloworld-prod: allows 0 disruptions (currentHealthy 1, desiredHealthy 1, expectedPods 2): node drains and evictions will block — runbook: docs/runbooks/shipshape.md#runbook-prod-pdb-disruptions-exhausted',
      'zen-watcher: allows 0 disruptions (currentHealthy 1, desiredHealthy 1, expectedPods 2): node drains and evictions will block — runbook: docs/runbooks/post-deploy.md#disruption-budget-headroom',
    ]);
  });

  it('fails if the HPA cannot scale', async () => {
    const report = await verifyWith((f) => {
      const hpa = f.object('HorizontalPodAutoscaler', 'shipshape', 'helloworld-prod');
      (status(hpa).conditions as Array<Record<string, string>>)[1] = {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message:
          'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      };
    });
    expect(only(report.findings, 'cluster-hpa-active').map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^ScalingActive is False: FailedGetResourceMetric: .* no metrics returned from resource metrics API; treat scale as manual until it is healthy — runbook: docs\/runbooks\/shipshape\.md#runbook-prod-hpa-near-max-replicas$/,
      ),
    ]);
  });

  it('fails if a Certificate is not Ready or has 7 days or less left', async () => {
    const in3days = new Date(FIXTURE_NOW.getTime() + 3 * 86_400_000).toISOString();
    const report = await verifyWith((f) => {
      status(f.object('Certificate', 'shipshape', 'helloworld-cert-test')).notAfter = in3days;
      (status(f.object('Certificate', 'shipshape', 'helloworld-cert-prod')).conditions as Array<Record<string, string>>)[0] = {
        type: 'Ready',
        status: 'False',
        reason: 'DoesNotExist',
        message: 'Issuing certificate as Secret does not exist',
      };
    });
    expect(only(report.findings, 'cluster-certificate-ready').map((f) => `${f.object?.name}: ${f.message}`)).toEqual([
      `helloworld-cert-test: expires in 3.0 days (notAfter ${in3days}); cert-manager should have renewed it by now — runbook: docs/runbooks/shipshape.md#runbook-certificate-expiring`,
      'helloworld-cert-prod: not Ready (False: DoesNotExist: Issuing certificate as Secret does not exist) — runbook: docs/runbooks/shipshape.md#runbook-certificate-expiring',
    ]);
  });

  it('accepts 7 days and a minute left, not 7 days minus 5 seconds', async () => {
    const notAfter = Date.parse('2025-08-28T08:06:28Z');
    const ok = await verifyWith(() => {}, new Date(notAfter - 7 * 86_400_000 - 60_000));
    expect(only(ok.findings, 'cluster-certificate-ready')).toEqual([]);
    const late = await verifyWith(() => {}, new Date(notAfter - 7 * 86_400_000 + 5_000));
    expect(only(late.findings, 'cluster-certificate-ready').map((f) => f.object?.name)).toEqual(['helloworld-cert-test']);
  });

  it('prints SARIF and JUnit like validate, one JUnit suite per check', async () => {
    const report = await verifyWith((f) => f.store.delete('v1|ConfigMap|shipshape|helloworld-config-prod'));
    const sarif = JSON.parse(formatReport(report, 'sarif'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['cluster-object-exists']);
    const junit = formatReport(report, 'junit', { activeRules: VERIFY_CHECKS.map((c) => c.id) });
    for (const c of VERIFY_CHECKS) expect(junit).toContain(`<testsuite name="${c.id}"`);
    // With the checks' own meta (what `plimsoll verify` passes), SARIF describes each check as it does a rule.
    const described = JSON.parse(formatReport(report, 'sarif', { checks: VERIFY_CHECKS, checksDoc: 'docs/checks.md' })).runs[0];
    expect(described.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(VERIFY_CHECKS.map((c) => c.id));
    const exists = described.tool.driver.rules[described.results[0].ruleIndex];
    expect(exists).toMatchObject({
      id: 'cluster-object-exists',
      help: { text: expect.stringContaining(VERIFY_CHECKS[0].remediation) },
      helpUri: expect.stringMatching(/docs\/checks\.md#cluster-object-exists$/),
      properties: { category: 'correctness' },
    });
    expect(formatReport(report, 'junit', { checks: VERIFY_CHECKS })).toBe(junit);
  });
});
