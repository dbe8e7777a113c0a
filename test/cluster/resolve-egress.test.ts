import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/client';
import { resolveEgress, sameCidrs } from '../../src/cluster/resolve-egress';
import { editStringArray, readStringArray } from '../../src/cluster/overlay-edit';
import { fastPolicy, prodFsnCluster, type FakeCluster } from '../helpers/fake-cluster';

let fake: FakeCluster | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function resolveWith(edit: (fake: FakeCluster) => void = () => {}, provider: 'generic' | 'eks' = 'generic') {
  fake = await prodFsnCluster();
  edit(fake);
  const client = await connect({ context: 'fake', kubeconfig: fake.kubeconfig, policy: fastPolicy() });
  return resolveEgress(client, provider);
}

describe('resolve egress', () => {
  it('resolves the kubernetes Service ClusterIP and its EndpointSlice addresses as exact /32 CIDRs', async () => {
    const r = await resolveWith();
    expect(r.cidrs).toEqual(['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32']);
    expect(r.endpointSource).toBe('EndpointSlice kubernetes');
    expect(r.endpointPorts).toEqual([6443]);
    expect(r.servicePorts).toEqual([443]);
    // prod-fsn's overlay was resolved by hand the same way (runbook: Validate Controller API Egress Policy).
    expect(sameCidrs(r.cidrs, ['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32'])).toBe(true);
    expect(fake!.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /api/v1',
      'GET /api/v1/namespaces/default/services/kubernetes',
      'GET /apis/discovery.k8s.io/v1',
      'GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    ]);
    expect(fake!.requests[3].query.labelSelector).toBe('kubernetes.io/service-name=kubernetes');
  });

  it('falls back to the Endpoints object where there are no EndpointSlices, keeping not-ready addresses', async () => {
    const r = await resolveWith((f) => {
      f.store.delete('discovery.k8s.io/v1|EndpointSlice|default|kubernetes');
      const ep = f.object('Endpoints', 'default', 'kubernetes');
      (ep.subsets as Array<Record<string, unknown>>)[0].addresses = [{ ip: '10.48.0.12' }, { ip: '10.48.0.10' }];
      (ep.subsets as Array<Record<string, unknown>>)[0].notReadyAddresses = [{ ip: '10.48.0.11' }];
    });
    expect(r.endpointSource).toBe('Endpoints kubernetes');
    expect(r.cidrs).toEqual(['10.96.0.1/32', '10.48.0.10/32', '10.48.0.11/32', '10.48.0.12/32']);
    expect(r.notes).toContain('endpoint 10.48.0.11 is not ready; it is included because the controller must reach every API server');
  });

  it('warns when the endpoints answer on a port the provider policy does not open', async () => {
    const r = await resolveWith(() => {}, 'eks');
    expect(r.notes).toContain('the endpoints answer on port 6443, which the eks egress policy does not open (443); is provider "eks" right for this cluster?');
  });

  it('writes IPv6 addresses as /128', async () => {
    const r = await resolveWith((f) => {
      Object.assign(f.object('Service', 'default', 'kubernetes').spec as object, { clusterIP: 'fd00:10:96::1', clusterIPs: ['fd00:10:96::1'] });
      f.object('EndpointSlice', 'default', 'kubernetes').endpoints = [{ addresses: ['fd00:48::10'], conditions: { ready: true } }];
    });
    expect(r.cidrs).toEqual(['fd00:10:96::1/128', 'fd00:48::10/128']);
  });
});

describe('environment overlay edit', () => {
  const CIDRS = ['10.96.0.1/32', '10.48.0.10/32'];

  it('replaces an empty array in place, keeping everything else byte for byte', () => {
    const text =
      "import type { Environment } from '../x';\n\n/** lab */\nconst lab: Environment = {\n  name: 'lab',\n  // resolved later\n  apiServerCidrs: [],\n  nodeCidrs: ['10.32.0.0/20'],\n};\n\nexport default lab;\n";
    const edit = editStringArray(text, 'lab.ts', 'apiServerCidrs', CIDRS);
    expect(edit.ok && edit.text).toBe(text.replace('apiServerCidrs: [],', "apiServerCidrs: ['10.96.0.1/32', '10.48.0.10/32'],"));
    expect(edit.ok && edit.line).toBe(7);
  });

  it('keeps a one-element-per-line layout, its indentation, trailing comma and double quotes', () => {
    const text = 'export default {\n  name: "x",\n  apiServerCidrs: [\n    "10.0.0.1/32", // old\n    "10.0.0.2/32",\n  ] as string[],\n};\n';
    const edit = editStringArray(text, 'x.ts', 'apiServerCidrs', CIDRS);
    expect(edit.ok && edit.text).toBe('export default {\n  name: "x",\n  apiServerCidrs: [\n    "10.96.0.1/32",\n    "10.48.0.10/32",\n  ] as string[],\n};\n');
    expect(readStringArray(edit.ok ? edit.text : '', 'x.ts', 'apiServerCidrs')).toEqual(CIDRS);
  });

  it('refuses, with the reason, where the value is computed or the property is missing', () => {
    const computed = editStringArray('const base = { apiServerCidrs: BASE_CIDRS };\nexport default base;\n', 'x.ts', 'apiServerCidrs', CIDRS);
    expect(computed).toMatchObject({ ok: false, reason: 'apiServerCidrs is computed (`BASE_CIDRS`), not a literal array', line: 1 });
    const spread = editStringArray("export default { apiServerCidrs: [...shared, '10.0.0.1/32'] };\n", 'x.ts', 'apiServerCidrs', CIDRS);
    expect(spread).toMatchObject({ ok: false, reason: "apiServerCidrs holds more than string literals (`[...shared, '10.0.0.1/32']`)" });
    expect(editStringArray('export default { name: "x" };\n', 'x.ts', 'apiServerCidrs', CIDRS)).toMatchObject({
      ok: false,
      reason: 'the exported object has no apiServerCidrs property',
    });
    expect(editStringArray('export default make();\n', 'x.ts', 'apiServerCidrs', CIDRS)).toMatchObject({ ok: false });
  });
});
