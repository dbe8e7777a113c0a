import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { connect } from '../../src/cluster/client';
import { loadRendered, type RenderedDist } from '../../src/cluster/rendered';
import { diffEnvironment, diffExitCode, formatDiffJson, formatDiffText, withoutServerFields } from '../../src/cluster/diff';
import { unifiedDiff } from '../../src/cluster/unified-diff';
import { fastPolicy, prodFsnCluster, ROOT_DIR, type FakeCluster } from '../helpers/fake-cluster';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function diffWith(edit: (fake: FakeCluster) => void = () => {}, renderedEdit: (r: RenderedDist) => RenderedDist = (r) => r) {
  fake = await prodFsnCluster();
  edit(fake);
  const client = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
  const result = await diffEnvironment(client, renderedEdit(loadRendered('prod-fsn', join(ROOT_DIR, 'dist'))));
  return { result, text: formatDiffText(result, 'diff prod-fsn'), requests: fake.requests };
}

describe('plimsoll diff', () => {
  it('shows no difference (exit 0) when the cluster holds what was rendered, sending only GETs and dry-run applies', async () => {
    const { result, requests } = await diffWith();
    const rendered = loadRendered('prod-fsn', join(ROOT_DIR, 'dist'));
    const total = rendered.items.length;
    expect(result.summary).toEqual({ unchanged: total, changed: 0, created: 0, errors: 0 });
    expect(diffExitCode(result)).toBe(0);
    const patches = requests.filter((r) => r.method !== 'GET');
    expect(
      patches.every(
        (r) =>
          r.method === 'PATCH' &&
          r.query.dryRun === 'All' &&
          r.contentType === 'application/apply-patch+yaml' &&
          r.query.fieldManager === 'kustomize-controller',
      ),
    ).toBe(true);
    // One dry run per rendered object, except the leader-election Leases: Flux applies them only if absent
    // (kustomize.toolkit.fluxcd.io/ssa: IfNotPresent) and they exist.
    expect(patches).toHaveLength(total - 2);
    expect(patches.some((r) => r.path.endsWith('/leases/helloworld-controller-leader'))).toBe(false);
    expect(patches.some((r) => r.path.endsWith('/leases/zen-watcher-leader-election'))).toBe(false);
  });

  it('diffs in canonical stage order: flux first, then ORDER', async () => {
    const { result } = await diffWith();
    const stages = [...new Set(result.objects.map((o) => o.item.stage))];
    expect(stages).toEqual([
      'flux',
      '00-namespaces',
      '01-crds',
      '02-istio-ingress',
      '03-overlays-test',
      '04-overlays-prod',
      '05-runtime',
      '06-monitoring',
      '07-controller',
      '08-admission',
    ]);
  });

  it('shows a readable unified diff of spec-level changes without server-managed fields (exit 1)', async () => {
    const { result, text } = await diffWith((f) => {
      f.object('ConfigMap', 'shipshape', 'helloworld-config-prod').data = { MESSAGE: 'hello from an old release' };
      const d = f.object('Deployment', 'stellaops', 'zastava-webhook');
      (d.spec as { replicas: number }).replicas = 2;
    });
    expect(diffExitCode(result)).toBe(1);
    expect(result.summary).toMatchObject({ changed: 2, errors: 0 });
    expect(text).toContain(`── 04-overlays-prod
► ConfigMap shipshape/helloworld-config-prod changed
--- live ConfigMap shipshape/helloworld-config-prod
+++ dry-run ConfigMap shipshape/helloworld-config-prod
@@`);
    expect(text).toContain('-  MESSAGE: hello from an old release\n+  MESSAGE: hello from prod');
    expect(text).toMatch(/── 05-runtime\n► Deployment stellaops\/zastava-webhook changed\n[^►]*-  replicas: 2\n\+  replicas: 3/);
    for (const serverField of ['managedFields', 'resourceVersion', 'uid:', 'creationTimestamp', 'generation', 'status:'])
      expect(text).not.toContain(serverField);
    const total = loadRendered('prod-fsn', join(ROOT_DIR, 'dist')).items.length;
    expect(text).toMatch(new RegExp(`2 changed, 0 created, ${total - 2} unchanged, 0 errors · ${total} objects\\n$`));
  });

  it('never prints Secret values: only which keys change', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'helloworld-extra', namespace: 'shipshape' },
      type: 'Opaque',
      data: { token: Buffer.from('rendered-secret-value').toString('base64') },
    };
    const { result, text } = await diffWith(
      (f) =>
        f.store.set('v1|Secret|shipshape|helloworld-extra', {
          ...structuredClone(secret),
          metadata: { ...secret.metadata, uid: 'u', resourceVersion: '1' },
          data: { token: Buffer.from('live-secret-value').toString('base64'), other: 'b2xk' },
        }),
      (r) => ({
        ...r,
        items: [
          ...r.items,
          {
            object: secret,
            stage: '04-overlays-prod',
            file: 'dist/prod-fsn/04-overlays-prod/secret_shipshape_helloworld-extra.yaml',
            apiVersion: 'v1',
            kind: 'Secret',
            namespace: 'shipshape',
            name: 'helloworld-extra',
          },
        ],
      }),
    );
    expect(text).toContain('► Secret shipshape/helloworld-extra changed\nSecret values are not shown; changed keys: data.token');
    const json = formatDiffJson(result, { environment: 'prod-fsn', context: 'fake', server: 'x' });
    for (const out of [text, json]) {
      for (const value of ['rendered-secret-value', 'live-secret-value', 'cmVuZGVyZWQtc2VjcmV0LXZhbHVl', 'bGl2ZS1zZWNyZXQtdmFsdWU=', 'b2xk'])
        expect(out).not.toContain(value);
    }
  });

  it('reports objects that would be created, including into namespaces the apply creates first', async () => {
    const { result, text } = await diffWith((f) => {
      f.store.delete('apps/v1|Deployment|shipshape|helloworld-controller');
      for (const key of [...f.store.keys()]) if (key.split('|')[2] === 'zen-system' || key === 'v1|Namespace||zen-system') f.store.delete(key);
    });
    expect(diffExitCode(result)).toBe(1);
    expect(text).toContain('► Deployment shipshape/helloworld-controller created');
    expect(text).toContain('► Deployment zen-system/zen-watcher created (namespace zen-system is created first)');
    expect(text).toContain('── 00-namespaces\n► Namespace zen-system created');
  });

  it('reports a kind whose CRD is rendered but not installed yet as created, and an unknown kind as an error', async () => {
    const { result, text } = await diffWith(
      () => {},
      (r) => ({
        ...r,
        items: [
          ...r.items,
          {
            object: { apiVersion: 'zen.kube-zen.io/v1alpha1', kind: 'Ingester', metadata: { name: 'x', namespace: 'zen-system' } },
            stage: '07-controller',
            file: 'f',
            apiVersion: 'zen.kube-zen.io/v1alpha2',
            kind: 'Ingester',
            namespace: 'zen-system',
            name: 'x',
          },
          {
            object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shipshape' } },
            stage: '07-controller',
            file: 'g',
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            namespace: 'shipshape',
            name: 'w',
          },
        ],
      }),
    );
    expect(text).toContain(
      '✗ Widget shipshape/w could not be diffed: the cluster does not serve example.com/v1 Widget: install its CustomResourceDefinition before this stage',
    );
    expect(text).toContain('► Ingester zen-system/x created (its CustomResourceDefinition ingesters.zen.kube-zen.io is created first (stage 01-crds))');
    expect(diffExitCode(result)).toBe(2);
  });

  it('exits 2 when a dry run is refused (409 conflict, 422 invalid), naming the fields', async () => {
    const { result, text } = await diffWith((f) => {
      f.addFault({ method: 'PATCH', path: '/api/v1/namespaces/shipshape/configmaps/helloworld-config-prod', status: 409, body: '409-apply-conflict.json' });
      f.addFault({ method: 'PATCH', path: '/apis/apps/v1/namespaces/shipshape/deployments/helloworld-prod', status: 422, body: '422-invalid.json' });
    });
    expect(diffExitCode(result)).toBe(2);
    expect(text).toContain(
      '✗ ConfigMap shipshape/helloworld-config-prod could not be diffed: dry-run apply failed: 409 Conflict: Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.MESSAGE (another field manager owns these fields)\n    .data.MESSAGE: conflict with "kubectl-edit" using v1',
    );
    expect(text).toMatch(
      /✗ Deployment shipshape\/helloworld-prod could not be diffed: dry-run apply failed: 422 Invalid: .*field is immutable \(the API server rejects the rendered object\)\n    spec\.selector: /,
    );
  });

  it('strips what the server manages', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'a',
        uid: 'u',
        resourceVersion: '1',
        generation: 2,
        creationTimestamp: 't',
        managedFields: [],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      data: { a: '1' },
      status: {},
    };
    expect(withoutServerFields(live)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: '1' } });
  });

  it('makes unified diffs with context and correct hunk headers', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const b = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    expect(unifiedDiff(a, b, { from: 'x', to: 'y' })).toBe(
      ['--- x', '+++ y', '@@ -2,9 +2,10 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ' i', ' j', '+k', ''].join('\n'),
    );
    expect(unifiedDiff('same\n', 'same\n', { from: 'x', to: 'y' })).toBe('');
  });
});
