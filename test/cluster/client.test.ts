import { afterEach, describe, expect, it } from 'vitest';
import { connect, KindNotServedError } from '../../src/cluster/client';
import { ApiStatusError, ClusterError } from '../../src/cluster/errors';
import { describeApiRequest, parseRetryAfter, retryDelay, DEFAULT_RETRY_POLICY } from '../../src/cluster/retry';
import { fastPolicy, prodFsnCluster, type FakeCluster } from '../helpers/fake-cluster';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shipshape', name: 'helloworld-prod' };
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/shipshape/deployments/helloworld-prod';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(delays: number[] = [], retries: string[] = []) {
  fake = await prodFsnCluster();
  const client = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: { ...fastPolicy(delays), onRetry: (m) => retries.push(m) } });
  return { fake, client };
}

describe('cluster client', () => {
  it('reads objects as plain JSON through discovery, with the kubeconfig token and CA', async () => {
    const { client, fake } = await setup();
    const d = await client.get(DEPLOYMENT);
    expect((d?.metadata as { uid: string }).uid).toBe('c9b6f203-1d4e-4f60-9bac-2d3e4f5a6b72');
    // Timestamps stay strings (the library's typed deserialization would make Dates).
    expect(typeof (d?.metadata as { creationTimestamp: unknown }).creationTimestamp).toBe('string');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /apis/apps/v1', `GET ${DEPLOYMENT_PATH}`]);
    expect(client.server).toBe(fake.url);
  });

  it('returns null for 404 and throws KindNotServedError for a kind the cluster does not serve', async () => {
    const { client, fake } = await setup();
    expect(await client.get({ ...DEPLOYMENT, name: 'nope' })).toBeNull();
    fake.addFault({ path: '/apis/apps/v1/namespaces/shipshape/deployments/helloworld-test', status: 404, body: '404-deployment.json' });
    expect(await client.get({ ...DEPLOYMENT, name: 'helloworld-test' })).toBeNull();
    await expect(client.get({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'x' })).rejects.toBeInstanceOf(KindNotServedError);
    await expect(client.get({ apiVersion: 'apps/v1', kind: 'Widget', name: 'x' })).rejects.toBeInstanceOf(KindNotServedError);
  });

  it('lists with a label selector', async () => {
    const { client } = await setup();
    const pods = await client.list('v1', 'Pod', { namespace: 'shipshape', labelSelector: 'app=helloworld,env=prod' });
    expect(pods.map((p) => (p.metadata as { name: string }).name).sort()).toEqual(['helloworld-prod-7f8c9d6b4c-h5t9z', 'helloworld-prod-7f8c9d6b4c-vb3nd']);
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    const delays: number[] = [];
    const retries: string[] = [];
    const { client, fake } = await setup(delays, retries);
    fake.addFault({ path: DEPLOYMENT_PATH, status: 429, headers: { 'Retry-After': '2' }, body: '429.json', times: 2 });
    expect(await client.get(DEPLOYMENT)).not.toBeNull();
    expect(delays).toEqual([2000, 2000]);
    expect(retries[0]).toMatch(/get deployments\.apps "helloworld-prod" in namespace "shipshape": 429 \(Retry-After\), retrying in 2\.0s \(attempt 2 of 4\)/);
    expect(fake.requests.filter((r) => r.path === DEPLOYMENT_PATH)).toHaveLength(3);
  });

  it('retries 500s with exponential backoff and gives up with a clear message', async () => {
    const delays: number[] = [];
    const { client, fake } = await setup(delays);
    fake.addFault({ path: DEPLOYMENT_PATH, status: 500, body: '500.json' });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/kept failing: get deployments\.apps "helloworld-prod" in namespace "shipshape" answered 500 InternalError: Internal error occurred: etcdserver: request timed out \(4 attempts\)/);
    expect(delays).toHaveLength(3);
    // 10, 20, 40 ms ceilings with jitter in the upper half
    delays.forEach((d, i) => {
      const ceiling = Math.min(40, 10 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
  });

  it('times out a request that never answers, retries it, and says so', async () => {
    const { client, fake } = await setup();
    fake.addFault({ path: DEPLOYMENT_PATH, hang: true, times: 1 });
    expect(await client.get(DEPLOYMENT)).not.toBeNull();
    fake.addFault({ path: DEPLOYMENT_PATH, hang: true });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/did not answer get deployments\.apps "helloworld-prod" in namespace "shipshape" within 0\.3s \(4 attempts\); check the cluster is reachable .* or raise --request-timeout/);
  });

  it('fails at once on 401 with a message about expired credentials', async () => {
    fake = await prodFsnCluster();
    const delays: number[] = [];
    const client = await connect({ context: 'fake-expired', kubeconfig: fake.kubeconfig, policy: fastPolicy(delays) });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toBe(`the API server at ${fake.url} (context "fake-expired") rejected the credentials of user "expired" (401 Unauthorized: Unauthorized); they may have expired: log in again or refresh the token, then retry`);
    expect(delays).toEqual([]);
  });

  it('fails at once on 403 naming the verb and the resource that was denied', async () => {
    const delays: number[] = [];
    const { client, fake } = await setup(delays);
    fake.addFault({ path: '/api/v1/namespaces/shipshape/pods', status: 403, body: '403-list-pods.json' });
    const err = await client.list('v1', 'Pod', { namespace: 'shipshape', labelSelector: 'app=helloworld' }).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/^forbidden: user "reader" \(context "fake"\) may not list pods in namespace "shipshape" \(403; the API server said: pods is forbidden: User "plimsoll-reader" cannot list resource "pods" in API group "" in the namespace "shipshape"\)\. Plimsoll needs RBAC that allows list on pods; check with `kubectl auth can-i list pods -n shipshape --context fake`$/);
    expect(delays).toEqual([]);
  });

  it('keeps other statuses (409, 422) as ApiStatusError with the Status causes', async () => {
    const { client, fake } = await setup();
    fake.addFault({ method: 'PATCH', path: '/api/v1/namespaces/shipshape/configmaps/helloworld-config-prod', status: 409, body: '409-apply-conflict.json' });
    const err = await client.dryRunApply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'helloworld-config-prod', namespace: 'shipshape' }, data: { MESSAGE: 'x' } }, 'kustomize-controller').catch((e) => e);
    expect(err).toBeInstanceOf(ApiStatusError);
    expect(err.status).toBe(409);
    expect(err.causes[0]).toMatchObject({ field: '.data.MESSAGE', message: 'conflict with "kubectl-edit" using v1' });
  });

  it('reports an unreachable cluster without retrying', async () => {
    fake = await prodFsnCluster();
    const delays: number[] = [];
    const client = await connect({ context: 'fake-unreachable', kubeconfig: fake.kubeconfig, policy: fastPolicy(delays) });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/^cannot reach the API server at https:\/\/127\.0\.0\.1:1 \(context "fake-unreachable"\): .*ECONNREFUSED.*; check the cluster is up and the address is right \(`kubectl --context fake-unreachable cluster-info`\)$/);
    expect(delays).toEqual([]);
  });

  it('reports a server certificate the kubeconfig does not trust', async () => {
    fake = await prodFsnCluster();
    const client = await connect({ context: 'fake-untrusted', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(/^TLS with the API server at .* failed: .*self-signed certificate.*; check certificate-authority\(-data\) of cluster "fake-untrusted" in the kubeconfig$/);
  });

  it('fails if the context is unknown or the kubeconfig is missing', async () => {
    fake = await prodFsnCluster();
    await expect(connect({ context: 'prod', kubeconfig: fake.kubeconfig })).rejects.toThrow(/unknown context "prod" in kubeconfig .* \(contexts: fake, fake-expired, fake-unreachable, fake-untrusted\)/);
    await expect(connect({ context: 'fake', kubeconfig: '/nonexistent/kubeconfig' })).rejects.toThrow('kubeconfig /nonexistent/kubeconfig does not exist');
  });

  it('only ever sends GETs and server-side apply dry runs', async () => {
    const { client, fake } = await setup();
    await client.dryRunApply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'helloworld-config-prod', namespace: 'shipshape' }, data: { MESSAGE: 'x' } }, 'kustomize-controller');
    const patch = fake.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.query).toEqual({ dryRun: 'All', fieldManager: 'kustomize-controller', force: 'true' });
    expect(patch.contentType).toBe('application/apply-patch+yaml');
    expect(fake.object('ConfigMap', 'shipshape', 'helloworld-config-prod').data).toEqual({ MESSAGE: 'hello from prod' });
  });
});

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:05 GMT', Date.parse('2025-06-01T12:00:00Z'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('caps Retry-After and backoff', () => {
    expect(retryDelay(DEFAULT_RETRY_POLICY, 0, 120_000)).toBe(30_000);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 10, undefined, () => 1)).toBe(8_000);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 0, undefined, () => 0)).toBe(250);
  });

  it('names requests in RBAC terms', () => {
    expect(describeApiRequest('GET', 'https://h/apis/apps/v1/namespaces/x/deployments/y')).toMatchObject({ verb: 'get', resource: 'deployments.apps', namespace: 'x', name: 'y' });
    expect(describeApiRequest('GET', 'https://h/api/v1/pods?labelSelector=a%3Db')).toMatchObject({ verb: 'list', resource: 'pods', namespace: '' });
    expect(describeApiRequest('PATCH', 'https://h/api/v1/namespaces/shipshape')).toMatchObject({ verb: 'patch', resource: 'namespaces', name: 'shipshape' });
    expect(describeApiRequest('GET', 'https://h/apis/policy/v1')).toMatchObject({ verb: 'get', resource: '', path: '/apis/policy/v1' });
  });
});
