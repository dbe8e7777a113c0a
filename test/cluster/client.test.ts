import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { connect, KindNotServedError } from '../../src/cluster/client';
import { DEFAULT_RESPONSE_LIMITS, type ResponseLimits } from '../../src/cluster/bounded-http';
import { MalformedResponseError } from '../../src/cluster/response-shape';
import { ApiStatusError, ClusterError } from '../../src/cluster/errors';
import { describeApiRequest, parseRetryAfter, retryDelay, DEFAULT_RETRY_POLICY } from '../../src/cluster/retry';
import { fastPolicy, prodFsnCluster, selfSignedCertificate, type FakeCluster } from '../helpers/fake-cluster';
import { BIN, ROOT } from '../helpers/cli';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shipshape', name: 'helloworld-prod' };
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/shipshape/deployments/helloworld-prod';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(delays: number[] = [], retries: string[] = [], limits: Partial<ResponseLimits> = {}, timeoutMs?: number) {
  fake = await prodFsnCluster();
  const client = await connect({
    context: 'fake',
    kubeconfig: fake.kubeconfig,
    policy: { ...fastPolicy(delays, timeoutMs), onRetry: (m) => retries.push(m) },
    limits,
  });
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
    expect(err.message).toMatch(
      /kept failing: get deployments\.apps "helloworld-prod" in namespace "shipshape" answered 500 InternalError: Internal error occurred: etcdserver: request timed out \(4 attempts\)/,
    );
    expect(delays).toHaveLength(3);
    // 10, 20, 40 ms ceilings with jitter in the upper half
    delays.forEach((d, i) => {
      const ceiling = Math.min(40, 10 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
  });

  it('times out a request that never answers, retries it, and says so', async () => {
    const { client, fake } = await setup([], [], {}, 300);
    fake.addFault({ path: DEPLOYMENT_PATH, hang: true, times: 1 });
    expect(await client.get(DEPLOYMENT)).not.toBeNull();
    fake.addFault({ path: DEPLOYMENT_PATH, hang: true });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(
      /did not answer get deployments\.apps "helloworld-prod" in namespace "shipshape" within 0\.3s \(4 attempts\); check the cluster is reachable .* or raise --request-timeout/,
    );
  });

  it('fails at once on 401 with a message about expired credentials', async () => {
    fake = await prodFsnCluster();
    const delays: number[] = [];
    const client = await connect({ context: 'fake-expired', kubeconfig: fake.kubeconfig, policy: fastPolicy(delays) });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toBe(
      `the API server at ${fake.url} (context "fake-expired") rejected the credentials of user "expired" (401 Unauthorized: Unauthorized); they may have expired: log in again or refresh the token, then retry`,
    );
    expect(delays).toEqual([]);
  });

  it('fails at once on 403 naming the verb and the resource that was denied', async () => {
    const delays: number[] = [];
    const { client, fake } = await setup(delays);
    fake.addFault({ path: '/api/v1/namespaces/shipshape/pods', status: 403, body: '403-list-pods.json' });
    const err = await client.list('v1', 'Pod', { namespace: 'shipshape', labelSelector: 'app=helloworld' }).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(
      /^forbidden: user "reader" \(context "fake"\) may not list pods in namespace "shipshape" \(403; the API server said: pods is forbidden: User "plimsoll-reader" cannot list resource "pods" in API group "" in the namespace "shipshape"\)\. Plimsoll needs RBAC that allows list on pods; check with `kubectl auth can-i list pods -n shipshape --context fake`$/,
    );
    expect(delays).toEqual([]);
  });

  it('keeps other statuses (409, 422) as ApiStatusError with the Status causes', async () => {
    const { client, fake } = await setup();
    fake.addFault({ method: 'PATCH', path: '/api/v1/namespaces/shipshape/configmaps/helloworld-config-prod', status: 409, body: '409-apply-conflict.json' });
    const err = await client
      .dryRunApply(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'helloworld-config-prod', namespace: 'shipshape' }, data: { MESSAGE: 'x' } },
        'kustomize-controller',
      )
      .catch((e) => e);
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
    expect(err.message).toMatch(
      /^cannot reach the API server at https:\/\/127\.0\.0\.1:1 \(context "fake-unreachable"\): .*ECONNREFUSED.*; check the cluster is up and the address is right \(`kubectl --context fake-unreachable cluster-info`\)$/,
    );
    expect(delays).toEqual([]);
  });

  it('reports a server certificate the kubeconfig does not trust', async () => {
    fake = await prodFsnCluster();
    const client = await connect({ context: 'fake-untrusted', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toMatch(
      /^TLS with the API server at .* failed: .*self-signed certificate.*; check certificate-authority\(-data\) of cluster "fake-untrusted" in the kubeconfig$/,
    );
  });

  it('fails if the context is unknown or the kubeconfig is missing', async () => {
    fake = await prodFsnCluster();
    await expect(connect({ context: 'prod', kubeconfig: fake.kubeconfig })).rejects.toThrow(
      /unknown context "prod" in kubeconfig .* \(contexts: fake, fake-expired, fake-unreachable, fake-untrusted\)/,
    );
    await expect(connect({ context: 'fake', kubeconfig: '/nonexistent/kubeconfig' })).rejects.toThrow('kubeconfig /nonexistent/kubeconfig does not exist');
  });

  it('only ever sends GETs and server-side apply dry runs', async () => {
    const { client, fake } = await setup();
    await client.dryRunApply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'helloworld-config-prod', namespace: 'shipshape' }, data: { MESSAGE: 'x' } },
      'kustomize-controller',
    );
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
    expect(describeApiRequest('GET', 'https://h/apis/apps/v1/namespaces/x/deployments/y')).toMatchObject({
      verb: 'get',
      resource: 'deployments.apps',
      namespace: 'x',
      name: 'y',
    });
    expect(describeApiRequest('GET', 'https://h/api/v1/pods?labelSelector=a%3Db')).toMatchObject({ verb: 'list', resource: 'pods', namespace: '' });
    expect(describeApiRequest('PATCH', 'https://h/api/v1/namespaces/shipshape')).toMatchObject({ verb: 'patch', resource: 'namespaces', name: 'shipshape' });
    expect(describeApiRequest('GET', 'https://h/apis/policy/v1')).toMatchObject({ verb: 'get', resource: '', path: '/apis/policy/v1' });
  });
});

const PODS_PATH = '/api/v1/namespaces/shipshape/pods';
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shipshape' } });
const podList = (items: unknown[], token?: unknown) => ({ kind: 'PodList', apiVersion: 'v1', metadata: token === undefined ? {} : { continue: token }, items });
const listPods = (client: Awaited<ReturnType<typeof connect>>) => client.list('v1', 'Pod', { namespace: 'shipshape' });

describe('hostile API server', () => {
  it('has sane default limits', () => {
    expect(DEFAULT_RESPONSE_LIMITS).toEqual({ maxResponseBytes: 64 * 1024 * 1024, maxListPages: 10_000, maxListItems: 1_000_000 });
  });

  it('fails if a list hands back a continue token it gave before', async () => {
    const { client, fake } = await setup();
    fake.addFault({ path: PODS_PATH, status: 200, body: podList([pod('a')], 'page-2\u0000') });
    const err = await listPods(client).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toBe('the API server returned continue token "page-2\\u0000" again after page 2 for list pods in namespace "shipshape"; stopping');
    expect(fake.requests.filter((r) => r.path === PODS_PATH)).toHaveLength(2);
  });

  it('fails if a token cycles over several pages (A, B, A)', async () => {
    const { client, fake } = await setup();
    fake.addFault({ path: PODS_PATH, body: (q) => podList([pod(q.continue ?? 'first')], q.continue === 'A' ? 'B' : 'A') });
    const err = await listPods(client).catch((e) => e);
    expect(err.message).toBe('the API server returned continue token "A" again after page 3 for list pods in namespace "shipshape"; stopping');
  });

  it('fails if a list never stops paging (maxListPages) or returns too many items (maxListItems)', async () => {
    const { client, fake } = await setup([], [], { maxListPages: 5 });
    let n = 0;
    fake.addFault({ path: PODS_PATH, body: () => podList([pod(`p${n}`)], `token-${++n}`) });
    const err = await listPods(client).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toBe(
      'the API server was still returning continue tokens after 5 pages for list pods in namespace "shipshape"; stopping (the limit is maxListPages)',
    );
    expect(fake.requests.filter((r) => r.path === PODS_PATH)).toHaveLength(5);

    const few = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: fastPolicy(), limits: { maxListItems: 3 } });
    const err2 = await listPods(few).catch((e) => e);
    expect(err2.message).toBe(
      'the API server returned more than 3 items for list pods in namespace "shipshape" (page 4); stopping (the limit is maxListItems)',
    );
  });

  it('still follows honest continue tokens to the end', async () => {
    const { client, fake } = await setup();
    fake.addFault({ path: PODS_PATH, body: (q) => (q.continue === 'two' ? podList([pod('b')]) : podList([pod('a')], 'two')) });
    expect((await listPods(client)).map((p) => (p.metadata as { name: string }).name)).toEqual(['a', 'b']);
  });

  it('fails if limits are not positive integers', async () => {
    fake = await prodFsnCluster();
    await expect(connect({ context: 'fake', kubeconfig: fake.kubeconfig, limits: { maxListPages: 0 } })).rejects.toThrow(
      'limits.maxListPages must be a positive integer, got 0',
    );
  });

  it('fails with the field and what came back when discovery is wrong-typed, without retrying', async () => {
    const delays: number[] = [];
    const { client, fake } = await setup(delays);
    const apps = (await await fetchJson(fake, '/apis/apps/v1')) as { resources: Array<Record<string, unknown>> };
    apps.resources[3].verbs = 7;
    fake.addFault({ path: '/apis/apps/v1', body: apps, status: 200 });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toBe('malformed answer from the API server: GET /apis/apps/v1: resources[3].verbs is a number, expected an array of strings');
    expect(delays).toEqual([]);
  });

  it.each([
    [{ resources: 'deployments' }, 'resources is a string, expected an array'],
    [{}, 'resources is missing, expected an array'],
    [{ resources: [null] }, 'resources[0] is null, expected an object'],
    [{ resources: [{ name: 5, kind: 'Deployment', namespaced: true }] }, 'resources[0].name is a number, expected a string'],
    [{ resources: [{ name: 'deployments', kind: 'Deployment', namespaced: 'yes' }] }, 'resources[0].namespaced is a string, expected a boolean'],
    [{ resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['get', 1] }] }, 'resources[0].verbs[1] is a number, expected a string'],
    [[], 'the body is an array, expected an object'],
  ])('fails if an APIResourceList is malformed: %j', async (body, problem) => {
    const { client, fake } = await setup();
    fake.addFault({ path: '/apis/apps/v1', body: body as Record<string, unknown>, status: 200 });
    await expect(client.serves('apps/v1', 'Deployment')).rejects.toThrow(`malformed answer from the API server: GET /apis/apps/v1: ${problem}`);
  });

  it.each([
    [{ items: 'none' }, 'items is a string, expected an array'],
    [{ metadata: { continue: 42 }, items: [] }, 'metadata.continue is a number, expected a string'],
    [{ metadata: [], items: [] }, 'metadata is an array, expected an object'],
    [{ items: [pod('a'), 7] }, 'items[1] is a number, expected an object'],
    [{ items: [{ kind: 'Pod' }] }, 'items[0].metadata is missing, expected an object'],
    [{ items: [{ metadata: { name: 'a', labels: { app: 1 } } }] }, 'items[0].metadata.labels["app"] is a number, expected a string'],
  ])('fails if a list page is malformed: %j', async (body, problem) => {
    const { client, fake } = await setup();
    fake.addFault({ path: PODS_PATH, body: body as Record<string, unknown>, status: 200 });
    await expect(listPods(client)).rejects.toThrow(`malformed answer from the API server: GET ${PODS_PATH} (list pods in namespace "shipshape"): ${problem}`);
  });

  it('reads a list page whose items are null (a Go nil slice) as empty', async () => {
    const { client, fake } = await setup();
    fake.addFault({ path: PODS_PATH, status: 200, body: { kind: 'PodList', metadata: {}, items: null } as unknown as Record<string, unknown> });
    expect(await listPods(client)).toEqual([]);
  });

  it('fails if a got object has no metadata object', async () => {
    const { client, fake } = await setup();
    fake.addFault({ path: DEPLOYMENT_PATH, status: 200, body: { kind: 'Deployment', metadata: 'x' } });
    await expect(client.get(DEPLOYMENT)).rejects.toThrow(
      `malformed answer from the API server: GET ${DEPLOYMENT_PATH} (get deployments.apps "helloworld-prod" in namespace "shipshape"): metadata is a string, expected an object`,
    );
  });

  it('refuses a body over the size limit, declared or streamed, without buffering it', async () => {
    const { client, fake } = await setup([], [], { maxResponseBytes: 1024 * 1024 });
    fake.addFault({ path: PODS_PATH, stream: { bytes: 512 * 1024 * 1024 } });
    const started = Date.now();
    const err = await listPods(client).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.message).toBe('the API server\'s answer to list pods in namespace "shipshape" is more than 1 MiB, over the 1 MiB response limit; refusing it');
    expect(Date.now() - started).toBeLessThan(5_000);
    fake.addFault({ path: DEPLOYMENT_PATH, stream: { bytes: 5 * 1024 * 1024, declared: true } });
    await expect(client.get(DEPLOYMENT)).rejects.toThrow(
      'the API server\'s answer to get deployments.apps "helloworld-prod" in namespace "shipshape" is 5 MiB (Content-Length), over the 1 MiB response limit; refusing it',
    );
  });

  it('reads a body just under the limit', async () => {
    const { client, fake } = await setup([], [], { maxResponseBytes: 1024 * 1024 });
    fake.addFault({ path: PODS_PATH, stream: { bytes: 1024 * 1024 } });
    const err = await listPods(client).catch((e) => e);
    // It arrives whole and is then read as JSON: its one item is a string, not an object.
    expect(err.message).toBe(
      `malformed answer from the API server: GET ${PODS_PATH} (list pods in namespace "shipshape"): items[0] is a string, expected an object`,
    );
  });

  it('reads a gzip answer, and counts the limit on what it decompresses to (a small bomb is refused)', async () => {
    const { client, fake } = await setup([], [], { maxResponseBytes: 1024 * 1024 });
    fake.addFault({ path: PODS_PATH, times: 1, status: 200, gzip: true, body: podList([pod('zipped')]) });
    expect((await listPods(client)).map((p) => (p.metadata as { name: string }).name)).toEqual(['zipped']);
    // About 10 KiB on the wire, 4 MiB unpacked.
    fake.addFault({ path: PODS_PATH, status: 200, gzip: true, body: podList([{ metadata: { name: 'x'.repeat(4 * 1024 * 1024) } }]) });
    await expect(listPods(client)).rejects.toThrow(
      'the API server\'s answer to list pods in namespace "shipshape" is more than 1 MiB, over the 1 MiB response limit; refusing it',
    );
  });

  it('names a non-JSON 200 by request, status, content-type and its first bytes, not as a credentials problem', async () => {
    const { client, fake } = await setup();
    const html = `<html><head><title>Sign in</title></head>\n<body>${'x'.repeat(400)}</body></html>`;
    fake.addFault({ path: DEPLOYMENT_PATH, raw: html });
    const err = await client.get(DEPLOYMENT).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(err.message).not.toMatch(/credentials/);
    expect(err.message).toMatch(
      new RegExp(
        `^malformed answer from the API server: GET ${DEPLOYMENT_PATH}: the body is not JSON \\(.*\\): 200, content-type text/html, ${Buffer.byteLength(html)} bytes starting `,
      ),
    );
    expect(err.message.endsWith(` starting ${JSON.stringify(html.slice(0, 200))}…`)).toBe(true);
    expect(err.message).toContain('<title>Sign in</title></head>\\n<body>');
  });
});

/** GET through the fake server with the valid token (to take a fixture answer and spoil it). */
async function fetchJson(fake: FakeCluster, path: string): Promise<unknown> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    request(`${fake.url}${path}`, { headers: { authorization: 'Bearer fake-valid-token' }, ca: selfSignedCertificate().cert }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(JSON.parse(text)));
    })
      .on('error', reject)
      .end();
  });
}

/** The real CLI in a child process with a small heap, killed after `timeoutMs`. */
function runCli(args: string[], timeoutMs = 60_000): Promise<{ status: number | null; stdout: string; stderr: string; ms: number; killed: boolean }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=256` },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started, killed });
    });
  });
}

describe('hostile API server through the CLI (exit 2, bounded time and heap)', () => {
  const on = (f: FakeCluster) => ['--env', 'prod-fsn', '--context', 'fake', '--kubeconfig', f.kubeconfig, '--request-timeout', '5s'];

  it('resolve egress stops at a repeated continue token', async () => {
    fake = await prodFsnCluster();
    fake.addFault({
      path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
      status: 200,
      body: {
        kind: 'EndpointSliceList',
        apiVersion: 'discovery.k8s.io/v1',
        metadata: { continue: 'forever' },
        items: [{ metadata: { name: 'kubernetes' }, addressType: 'IPv4', endpoints: [] }],
      },
    });
    const r = await runCli(['resolve', 'egress', ...on(fake)]);
    expect(r.killed).toBe(false);
    expect(r.stderr).toContain(
      'plimsoll resolve: the API server returned continue token "forever" again after page 2 for list endpointslices.discovery.k8s.io in namespace "default"; stopping',
    );
    expect(r.status).toBe(2);
  }, 90_000);

  it('verify names a wrong-typed discovery field instead of crashing', async () => {
    fake = await prodFsnCluster();
    const apps = (await fetchJson(fake, '/apis/apps/v1')) as { resources: Array<Record<string, unknown>> };
    apps.resources[3].verbs = 7;
    fake.addFault({ path: '/apis/apps/v1', body: apps, status: 200 });
    const r = await runCli(['verify', ...on(fake)]);
    expect(r.stderr).toContain('malformed answer from the API server: GET /apis/apps/v1: resources[3].verbs is a number, expected an array of strings');
    expect(r.stderr).not.toMatch(/TypeError|    at /);
    expect(r.status).toBe(2);
  }, 90_000);

  it('resolve egress refuses a body over the default 64 MiB limit', async () => {
    fake = await prodFsnCluster();
    fake.addFault({ path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', stream: { bytes: 2 * 1024 * 1024 * 1024 } });
    const r = await runCli(['resolve', 'egress', ...on(fake), '--request-timeout', '60s']);
    expect(r.killed).toBe(false);
    expect(r.stderr).toContain(
      'plimsoll resolve: the API server\'s answer to list endpointslices.discovery.k8s.io in namespace "default" is more than 64 MiB, over the 64 MiB response limit; refusing it',
    );
    expect(r.status).toBe(2);
  }, 90_000);

  it('resolve egress reports a garbage 200 as what came back', async () => {
    fake = await prodFsnCluster();
    fake.addFault({
      path: '/api/v1/namespaces/default/services/kubernetes',
      raw: 'upstream connect error or disconnect/reset before headers',
      headers: { 'Content-Type': 'text/plain' },
    });
    const r = await runCli(['resolve', 'egress', ...on(fake)]);
    expect(r.stderr).toMatch(
      /plimsoll resolve: malformed answer from the API server: GET \/api\/v1\/namespaces\/default\/services\/kubernetes: the body is not JSON \(.*\): 200, content-type text\/plain, 57 bytes starting "upstream connect error or disconnect\/reset before headers"/,
    );
    expect(r.stderr).not.toMatch(/credentials/);
    expect(r.status).toBe(2);
  }, 90_000);
});
