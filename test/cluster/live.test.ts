/**
 * The live-cluster commands against a real cluster (e.g. kind), when PLIMSOLL_LIVE_KUBECONTEXT names a kubeconfig
 * context: the same code paths as the fake-server tests, with assertions that hold on any cluster (the platform need
 * not be deployed: findings and diffs are allowed, errors are not). Skipped, and the skip announced, when unset.
 *
 *   PLIMSOLL_LIVE_KUBECONTEXT  context to use (required to run)
 *   PLIMSOLL_LIVE_KUBECONFIG   kubeconfig file (default: $KUBECONFIG or ~/.kube/config)
 *   PLIMSOLL_LIVE_ENV          environment whose dist/<env> to compare (default: lab)
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ClusterClient } from '../../src/cluster/client';
import { ClusterError } from '../../src/cluster/errors';
import { loadRendered } from '../../src/cluster/rendered';
import { resolveEgress } from '../../src/cluster/resolve-egress';
import { stageStatus } from '../../src/cluster/status';
import { verifyEnvironment } from '../../src/cluster/verify';
import { diffEnvironment } from '../../src/cluster/diff';
import { loadEnvironment } from '../../src/environments/load-environment';
import { ROOT_DIR } from '../helpers/fake-cluster';

const context = process.env.PLIMSOLL_LIVE_KUBECONTEXT ?? '';
const kubeconfig = process.env.PLIMSOLL_LIVE_KUBECONFIG || undefined;
const envName = process.env.PLIMSOLL_LIVE_ENV || 'lab';
const live = context !== '';

if (!live) {
  process.stderr.write(
    '\n*** SKIPPING live-cluster tests (test/cluster/live.test.ts): set PLIMSOLL_LIVE_KUBECONTEXT to a kubeconfig context to run them against a real cluster ***\n\n',
  );
}

const policy = { timeoutMs: 20_000, retries: 3 };
const liveClient = (): Promise<ClusterClient> => connect({ context, kubeconfig, policy });
const rendered = () => loadRendered(envName, join(ROOT_DIR, 'dist'));

/** A copy of the kubeconfig with the context's server or credentials replaced. */
async function alteredKubeconfig(change: { server?: string; token?: string }): Promise<string> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromDefault();
  kc.setCurrentContext(context);
  const ctx = kc.getContextObject(context)!;
  const cluster = kc.getCurrentCluster()!;
  const file = join(mkdtempSync(join(tmpdir(), 'plimsoll-live-')), 'config');
  const clusterEntry: Record<string, unknown> = { server: change.server ?? cluster.server };
  if (cluster.caData) clusterEntry['certificate-authority-data'] = cluster.caData;
  if (cluster.caFile) clusterEntry['certificate-authority'] = cluster.caFile;
  if (cluster.skipTLSVerify) clusterEntry['insecure-skip-tls-verify'] = true;
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: ctx.cluster, cluster: clusterEntry }],
      users: [{ name: 'altered', user: { token: change.token ?? 'plimsoll-live-test-invalid-token' } }],
      contexts: [{ name: context, context: { cluster: ctx.cluster, user: 'altered' } }],
      'current-context': context,
    }),
  );
  return file;
}

describe.skipIf(!live)(`live cluster (context ${context || 'unset'}, environment ${envName})`, () => {
  it('resolve egress finds the kubernetes Service and its endpoints as exact host CIDRs', async () => {
    const client = await liveClient();
    const r = await resolveEgress(client, loadEnvironment(envName).env.provider);
    expect(r.clusterIPs.length).toBeGreaterThan(0);
    expect(r.endpoints.length).toBeGreaterThan(0);
    expect(r.cidrs.length).toBeGreaterThan(1);
    for (const c of r.cidrs) expect(c).toMatch(/\/(32|128)$/);
  });

  it('status reports one row per rendered stage, in canonical order', async () => {
    const result = await stageStatus(await liveClient(), rendered());
    expect(result.stages.map((s) => s.stage)).toEqual(rendered().order);
    expect(result.stages.filter((s) => s.blocking).length).toBeLessThanOrEqual(1);
  });

  it('verify produces a report whose every finding names a rendered file and a runbook section', async () => {
    const report = await verifyEnvironment(await liveClient(), rendered());
    expect(report.summary.objects).toBe(rendered().items.length);
    for (const f of report.findings) {
      expect(f.file).toMatch(new RegExp(`^dist/${envName}/`));
      expect(f.message).toMatch(/ — runbook: docs\/runbooks\/[a-z0-9-]+\.md#[a-z0-9-]+$/);
    }
  });

  it('diff dry-runs every object without changing the cluster', async () => {
    const client = await liveClient();
    const before = await client.get({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' });
    const existing = [];
    for (const item of rendered().items.slice(0, 20)) {
      const o = await client.get(item).catch(() => null);
      if (o) existing.push({ item, rv: (o.metadata as { resourceVersion: string }).resourceVersion });
    }
    const result = await diffEnvironment(client, rendered());
    expect(result.objects).toHaveLength(rendered().items.length);
    for (const o of result.objects.filter((x) => x.action === 'error')) expect(o.message).toBeTruthy();
    for (const { item, rv } of existing) {
      const now = await client.get(item);
      expect((now?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion, `${item.kind} ${item.name}`).toBe(rv);
    }
    const after = await client.get({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' });
    expect((after?.metadata as { resourceVersion: string }).resourceVersion).toBe((before?.metadata as { resourceVersion: string }).resourceVersion);
  });

  it("a real API server's discovery, list pages and objects pass the client's shape checks and limits", async () => {
    const client = await connect({ context, kubeconfig, policy, limits: { maxResponseBytes: 16 * 1024 * 1024, maxListPages: 100 } });
    for (const gv of ['v1', 'apps/v1', 'discovery.k8s.io/v1'])
      expect(await client.serves(gv, gv === 'v1' ? 'Pod' : gv === 'apps/v1' ? 'Deployment' : 'EndpointSlice')).toBe(true);
    const namespaces = await client.list('v1', 'Namespace');
    expect(namespaces.map((n) => (n.metadata as { name: string }).name)).toContain('kube-system');
    expect(await client.list('v1', 'Pod', { namespace: 'kube-system' })).toBeInstanceOf(Array);
    expect(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'kube-system' })).not.toBeNull();
  });

  it('rejected credentials are a clear ClusterError', async () => {
    const client = await connect({ context, kubeconfig: await alteredKubeconfig({}), policy });
    const err = await client.get({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' }).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/rejected the credentials .*401/);
  });

  it('an unreachable API server is a clear ClusterError', async () => {
    const client = await connect({ context, kubeconfig: await alteredKubeconfig({ server: 'https://127.0.0.1:1' }), policy: { ...policy, retries: 0 } });
    const err = await client.get({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' }).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/^cannot reach the API server at https:\/\/127\.0\.0\.1:1/);
  });
});
