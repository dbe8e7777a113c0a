import { describe, expect, it } from 'vitest';
import type { App, Environment } from '../../../src/config/generated/environment';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { renderEnvironment, defaultRenderInputs } from '../../../src/render/render-environment';
import { validateRendered } from '../../../src/render/synth';
import { appsSettings } from '../../../src/systems/apps/settings';
import { appsInvariants } from '../../../src/systems/apps/invariants';
import { checkInvariants } from '../../../src/environments/invariants';
import { SystemSettingError } from '../../../src/lib/errors';

type Obj = Record<string, any>;
const SHOP: App = {
  namespace: 'shop',
  image: 'shipshape-helloworld',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'http-metrics', port: 9090 },
  ],
  env: { LOG_LEVEL: 'info' },
  ingress: { host: 'shop.acme.example' },
  monitoring: { port: 'http-metrics' },
  allowFrom: [{ namespace: 'orders', serviceAccount: 'orders', ports: ['http'] }],
  allowTo: [{ cidr: '10.40.0.0/16', ports: [5432] }],
};

const withApps = (name: string, apps: Record<string, App>): Environment => ({ ...loadEnvironment(name).env, apps });

function render(env: Environment): Array<{ object: Obj; stage?: string; file: string }> {
  return renderEnvironment(env).objects.map((o) => ({ object: o.object as Obj, stage: o.stage?.id, file: o.file }));
}
const find = (r: ReturnType<typeof render>, kind: string, name: string) => {
  const found = r.filter((o) => o.object.kind === kind && o.object.metadata?.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0];
};

describe('apps system: settings', () => {
  it('applies the schema defaults once, and the derived ones: replicas by profile, ports by the first port, the shipped runbook', () => {
    const lab = appsSettings(withApps('lab', { shop: SHOP })).apps[0];
    expect(lab.replicas).toBe(1);
    expect(lab.probes.readiness).toEqual({
      path: '/readyz',
      port: { name: 'http', port: 8080, protocol: 'TCP' },
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    });
    expect(lab.probes.startup.failureThreshold).toBe(30);
    expect(lab.resources).toEqual({ cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 });
    expect(lab.ingress).toEqual({ host: 'shop.acme.example', port: lab.ports[0], certificateIssuer: { kind: 'ClusterIssuer', name: 'letsencrypt-prod' } });
    expect(lab.monitoring).toEqual({
      port: lab.ports[1],
      path: '/metrics',
      runbookUrl: 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks/apps.md',
    });
    expect(lab.mesh).toBe(true);
    expect(lab.allowFrom[0].ports).toEqual([lab.ports[0]]);
    expect(appsSettings(withApps('prod-fsn', { shop: SHOP })).apps[0].replicas).toBe(2);
    const quiet = appsSettings(withApps('prod-fsn', { shop: { ...SHOP, replicas: 5, monitoring: { enabled: false } } })).apps[0];
    expect(quiet.replicas).toBe(5);
    expect('monitoring' in quiet).toBe(false);
  });

  it('an environment without apps has none, and renders no apps stage', () => {
    const env = loadEnvironment('lab').env;
    expect(appsSettings(env).apps).toEqual([]);
    expect(render(env).some((o) => o.stage === 'apps')).toBe(false);
  });
});

describe('apps system: invariants', () => {
  const problems = (apps: Record<string, App>, name = 'lab') => {
    const env = withApps(name, apps);
    return appsInvariants(env, appsSettings(env)).map((p) => `${p.path}: ${p.message}`);
  };

  it('accepts the worked example', () => expect(problems({ shop: SHOP })).toEqual([]));

  it('names each port reference that names no port, with the ports there are', () => {
    expect(problems({ shop: { ...SHOP, monitoring: { port: 'metrics' }, probes: { liveness: { port: 'admin' } } } })).toEqual([
      '/apps/shop/probes/liveness/port: got "admin", expected the name of one of the app\'s ports: http, http-metrics',
      '/apps/shop/monitoring/port: got "metrics", expected the name of one of the app\'s ports: http, http-metrics',
    ]);
  });

  it('rejects duplicate ports, requests above limits, reserved namespaces, taken hosts and half-stated egress', () => {
    expect(
      problems({
        shop: {
          ...SHOP,
          namespace: 'kube-system',
          ports: [
            { name: 'http', port: 8080 },
            { name: 'http', port: 8080 },
          ],
          monitoring: { enabled: false },
          resources: { cpuRequestMillis: 900 },
          ingress: { host: 'prod.helloworld.shipshape.example.com' },
          allowTo: [{ ports: [443] }, { namespace: 'db', cidr: '10.0.0.0/8', ports: [5432] }, { cidr: '10.40.0.1/16', podLabels: { a: 'b' }, ports: [1] }],
        },
      }),
    ).toEqual([
      '/apps/shop/namespace: got "kube-system", expected a namespace of the app\'s own: default, kube-system, kube-public, kube-node-lease, istio-system, flux-system belong to the cluster and the mesh',
      '/apps/shop/ports/1/name: got "http" again (ports/0), expected each port name once',
      '/apps/shop/ports/1/port: got 8080 again (ports/0), expected each port number once',
      '/apps/shop/resources/cpuRequestMillis: got 900, expected at most cpuLimitMillis (500)',
      '/apps/shop/ingress/host: got "prod.helloworld.shipshape.example.com", which /hostnames/prod already routes; expected a host of this app\'s own',
      '/apps/shop/allowTo/0: got neither namespace nor cidr, expected exactly one: pods in a namespace, or addresses',
      '/apps/shop/allowTo/1: got both namespace and cidr, expected exactly one: pods in a namespace, or addresses',
      '/apps/shop/allowTo/2/podLabels: podLabels select pods, which an address block cannot; expected podLabels only with namespace',
    ]);
  });

  it("a CIDR with host bits is the environment-wide check's, reported once at its path", () => {
    const env = withApps('lab', { shop: { ...SHOP, allowTo: [{ cidr: '10.40.0.1/16', ports: [5432] }] } });
    const problems = checkInvariants(env).filter((p) => p.path === '/apps/shop/allowTo/0/cidr');
    expect(problems.map((p) => p.message)).toEqual(['got "10.40.0.1/16", expected a network address without host bits (10.40.0.0/16), or a /32 for one host']);
  });

  it('apps sharing a namespace agree on the mesh, since injection is per namespace', () => {
    expect(problems({ a: { ...SHOP, ingress: undefined }, b: { ...SHOP, ingress: undefined, mesh: false } })).toEqual([
      '/apps/b/mesh: got false, but /apps/a/mesh is true in the same namespace "shop"; sidecar injection is per namespace, so apps sharing one must agree',
    ]);
  });
});

describe.each(['lab', 'prod-fsn'])('apps system in %s', (name) => {
  const env = withApps(name, { shop: SHOP });
  const rendered = render(env);
  const production = name === 'prod-fsn';

  it('places the namespace first, the app last, its monitoring in the monitoring stage', () => {
    const apps = rendered.filter((o) => o.object.metadata?.labels?.['app.kubernetes.io/part-of'] === 'apps');
    const stages = Object.fromEntries(apps.map((o) => [`${o.object.kind}/${o.object.metadata.name}`, o.stage]));
    expect(stages).toEqual({
      'Namespace/shop': 'namespaces',
      'ConfigMap/shop-env': 'apps',
      'ServiceAccount/shop': 'apps',
      'Deployment/shop': 'apps',
      'Service/shop': 'apps',
      'NetworkPolicy/shop': 'apps',
      'NetworkPolicy/shop-kubelet-probes': 'apps',
      'PeerAuthentication/shop-strict-mtls': 'apps',
      'AuthorizationPolicy/shop-allow-ingress-only': 'apps',
      'Certificate/shop-cert': 'apps',
      'Gateway/shop-gateway': 'apps',
      'VirtualService/shop-virtualservice': 'apps',
      'DestinationRule/shop-destinationrule': 'apps',
      ...(production ? { 'PodDisruptionBudget/shop': 'apps' } : {}),
      'ServiceMonitor/shop': 'monitoring',
      'PrometheusRule/shop-alerts': 'monitoring',
    });
    expect(find(rendered, 'Deployment', 'shop').file).toBe('09-apps/deployment_shop_shop.yaml');
    expect(find(rendered, 'Namespace', 'shop').object.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'istio-injection': 'enabled',
    });
  });

  it('passes every rule of the platform policy', () => {
    const rendered = renderEnvironment(env);
    const { policy, waivers } = defaultRenderInputs();
    const report = validateRendered(rendered, 'dist', { name: env.name, tier: env.tier }, policy, waivers);
    // The app's objects were judged: every rule ran over them and none found anything, waived or not.
    expect(rendered.objects.filter((o) => (o.object.metadata as Obj)?.namespace === 'shop').length).toBeGreaterThanOrEqual(14);
    expect(report.findings.filter((f) => f.object?.namespace === 'shop')).toEqual([]);
  });

  it('the admission guard enforces the app namespace', () => {
    const hook = find(rendered, 'ValidatingWebhookConfiguration', 'plimsoll-admission-guard').object;
    const namespaces = hook.webhooks.flatMap((w: Obj) => w.namespaceSelector?.matchExpressions?.flatMap((e: Obj) => e.values) ?? []);
    expect(namespaces).toContain('shop');
  });

  it('the network policy admits exactly the gateway on the ingress port, Prometheus on the metrics port and allowFrom', () => {
    const np = find(rendered, 'NetworkPolicy', 'shop').object;
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'plimsoll.dev/app': 'shop' } });
    expect(np.spec.ingress.map((r: Obj) => [r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'], r.ports.map((p: Obj) => p.port)])).toEqual([
      ['istio-system', [8080]],
      ['monitoring', [9090]],
      ['orders', [8080]],
    ]);
    expect(np.spec.egress.at(-1)).toEqual({ to: [{ ipBlock: { cidr: '10.40.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    const probes = find(rendered, 'NetworkPolicy', 'shop-kubelet-probes').object;
    expect(probes.spec.ingress[0].ports.map((p: Obj) => p.port)).toEqual([8080, 15020]);
  });

  it('the mesh admits the gateway, Prometheus on /metrics only, and the allowFrom identity on its port', () => {
    const rules = find(rendered, 'AuthorizationPolicy', 'shop-allow-ingress-only').object.spec.rules;
    expect(rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }],
        to: [{ operation: { notPaths: ['/metrics', '/metrics/*'] } }],
      },
      {
        from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/prometheus-k8s'] } }],
        to: [{ operation: { methods: ['GET'], paths: ['/metrics', '/metrics/*'] } }],
      },
      {
        from: [{ source: { principals: ['cluster.local/ns/orders/sa/orders'] } }],
        to: [{ operation: { notPaths: ['/metrics', '/metrics/*'], ports: ['8080'] } }],
      },
    ]);
    expect(find(rendered, 'ServiceMonitor', 'shop').object.spec.endpoints[0]).toMatchObject({ port: 'http-metrics', scheme: 'https' });
  });

  it(`alerts ${production ? 'page' : 'never page'} in a ${production ? 'production' : 'lab'} tier, and link the shipped runbook`, () => {
    const rules = find(rendered, 'PrometheusRule', 'shop-alerts').object.spec.groups[0].rules;
    expect(rules.map((r: Obj) => [r.alert, r.labels.severity, r.labels.paging])).toEqual([
      ['ShopTargetsDown', production ? 'critical' : 'warning', String(production)],
      ['ShopUnavailable', production ? 'critical' : 'warning', String(production)],
      ...(production ? [['ShopDegraded', 'warning', 'false']] : []),
      ['ShopRestartingOften', 'warning', 'false'],
    ]);
    expect(rules[1].annotations.runbook_url).toBe('https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks/apps.md#appunavailable');
    expect(rules[1].expr).toBe('kube_deployment_status_replicas_available{namespace="shop",deployment="shop"} == 0');
  });
});

describe('apps system: errors name the environment, the system and the setting', () => {
  const error = (env: Environment) => {
    try {
      renderEnvironment(env);
    } catch (err) {
      expect(err).toBeInstanceOf(SystemSettingError);
      return (err as Error).message;
    }
    throw new Error('expected the environment to be rejected');
  };

  it('an image the lock does not have', () => {
    expect(error(withApps('lab', { shop: { ...SHOP, image: 'shop' } }))).toBe(
      'environment lab, system apps, setting /apps/shop/image: images.lock.json: no image for component "shop" (add it with its digest)',
    );
  });

  it('a Deployment another system renders, and a namespace without injection for a meshed app', () => {
    expect(error(withApps('lab', { 'helloworld-test': { ...SHOP, namespace: 'shipshape', ingress: undefined } }))).toBe(
      'environment lab, system apps, setting /apps/helloworld-test: another system already renders Deployment shipshape/helloworld-test; give the app another name or namespace',
    );
    expect(error(withApps('lab', { shop: { ...SHOP, namespace: 'zen-system' } }))).toBe(
      'environment lab, system apps, setting /apps/shop/mesh: namespace zen-system is rendered by another system without Istio sidecar injection; set mesh: false or give the app a namespace of its own',
    );
  });
});
