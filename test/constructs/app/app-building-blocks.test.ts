import { describe, expect, it } from 'vitest';
import { WebApp, type WebAppProps } from '../../../src/constructs/app/web-app';
import { HostIngress } from '../../../src/constructs/app/host-ingress';
import { MeshPolicy } from '../../../src/constructs/app/mesh-policy';
import { AppNetworkPolicy } from '../../../src/constructs/app/app-network-policy';
import { DIGEST, one, synth } from '../../systems/shipshape/synth';

const BASE: WebAppProps = {
  name: 'shop',
  namespace: 'shop',
  image: `registry.example/shop@${DIGEST}`,
  selectorLabels: { app: 'shop' },
  ports: [{ name: 'http', port: 8080 }],
};
const container = (props: Partial<WebAppProps>) =>
  one(
    synth((c) => new WebApp(c, 'app', { ...BASE, ...props })),
    'Deployment',
  ).spec.template;

describe('WebApp', () => {
  it('env and files come from ConfigMaps whose content hash rolls the pods, unless a controller restarts them', () => {
    const objects = synth((c) => new WebApp(c, 'app', { ...BASE, env: { A: '1' }, configFiles: { mountPath: '/etc/shop', files: { 'app.yaml': 'x: 1\n' } } }));
    expect(one(objects, 'ConfigMap', 'shop-env').data).toEqual({ A: '1' });
    expect(one(objects, 'ConfigMap', 'shop-files').data).toEqual({ 'app.yaml': 'x: 1\n' });
    const template = one(objects, 'Deployment').spec.template;
    expect(template.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/etc/shop', name: 'files', readOnly: true });
    const hashes = (env: Record<string, string>) => container({ env }).metadata.annotations['plimsoll.dev/env-hash'];
    expect(hashes({ A: '1' })).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes({ A: '1' })).toBe(hashes({ A: '1' }));
    expect(hashes({ A: '2' })).not.toBe(hashes({ A: '1' }));
    expect(container({ env: { A: '1' }, rollOnConfigChange: false }).metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'shop' });
  });

  it('a probe without a path is a TCP probe; secrets become envFrom; replicas can spread over nodes', () => {
    const t = container({
      probes: { liveness: { port: 8080, failureThreshold: 3 }, readiness: { path: '/ready', port: 8080, failureThreshold: 3 } },
      secretEnv: ['shop-db'],
      spreadOverNodes: true,
    });
    const [c] = t.spec.containers;
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 8080 });
    expect(c.startupProbe).toBeUndefined();
    expect(c.envFrom).toEqual([{ secretRef: { name: 'shop-db' } }]);
    expect(t.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'shop' } } },
    ]);
  });

  it('refuses what would select every pod, or serve nothing', () => {
    expect(() => synth((c) => new WebApp(c, 'app', { ...BASE, selectorLabels: {} }))).toThrow(
      'app: selectorLabels is empty; the Service would select every pod in the namespace',
    );
    expect(() => synth((c) => new WebApp(c, 'app', { ...BASE, ports: [] }))).toThrow('app: ports is empty');
    expect(() => synth((c) => new WebApp(c, 'app', { ...BASE, replicas: 0 }))).toThrow('app: replicas must be a positive integer, got 0');
  });
});

describe('HostIngress, MeshPolicy, AppNetworkPolicy', () => {
  it('an app outside the mesh gets no DestinationRule', () => {
    const objects = synth(
      (c) => new HostIngress(c, 'ingress', { app: 'shop', host: 'shop.example.com', serviceName: 'shop', servicePort: 8080, namespace: 'shop', mesh: false }),
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Certificate/shop-cert',
      'Gateway/shop-gateway',
      'VirtualService/shop-virtualservice',
    ]);
    expect(one(objects, 'Gateway').spec.servers[0].port.name).toBe('https');
  });

  it('an app nobody may call gets an ALLOW policy without rules (deny all), and a source must name someone', () => {
    const objects = synth(
      (c) =>
        new MeshPolicy(c, 'mesh', {
          app: 'shop',
          namespace: 'shop',
          selectorLabels: { app: 'shop' },
          prometheusPrincipal: null,
          ingressGatewayPrincipal: null,
        }),
    );
    expect(one(objects, 'AuthorizationPolicy').spec).toEqual({ selector: { matchLabels: { app: 'shop' } }, action: 'ALLOW' });
    expect(() =>
      synth((c) => new MeshPolicy(c, 'mesh', { app: 'shop', namespace: 'shop', selectorLabels: { app: 'shop' }, sources: [{ ports: [80] }] })),
    ).toThrow('mesh: a source names neither principals nor namespaces; it would admit every caller');
  });

  it('an allow without peers is left out rather than admitting everyone', () => {
    const np = one(
      synth(
        (c) =>
          new AppNetworkPolicy(c, 'np', {
            name: 'shop',
            namespace: 'shop',
            podLabels: { app: 'shop' },
            ingress: [{ peers: [], ports: [80] }],
            meshSidecar: false,
          }),
      ),
      'NetworkPolicy',
    );
    expect(np.spec.ingress).toEqual([]);
    expect(np.spec.egress).toHaveLength(1);
  });
});
