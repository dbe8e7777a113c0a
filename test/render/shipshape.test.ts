/**
 * Shipshape end to end: what `plimsoll synth` writes for every shipped environment, against the runbook (stage
 * ownership, apply order, names, hosts, CIDRs), plus the failure modes the runbook's hack/validate_*.py caught.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../src/environments/load-environment';
import { plimsoll, ROOT, snapshotTree, tempDir } from '../helpers/cli';
import { copyOfShippedSynth, shippedSynth } from '../helpers/shipped-synth';
import { PROMTOOL, requireTool } from '../helpers/tools';
import { prometheusRulesIn, promtoolCheck } from '../helpers/promtool';
import { editedEnvironment } from '../helpers/environments';

type Obj = Record<string, any>;
interface Placed {
  readonly stage: string | null;
  readonly object: Obj;
}

const promtool = requireTool(PROMTOOL);
const DIST = join(ROOT, 'dist');
const ENVS = loadEnvironments([]).map((l) => l.env);

/** Every object of dist/<env> with its stage, through manifest.json. */
function objectsOf(dir: string): Placed[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return manifest.objects.map((o: { file: string; stage: string | null }) => ({ stage: o.stage, object: parse(readFileSync(join(dir, o.file), 'utf8')) }));
}

const named = (placed: Placed[], kind: string, name: string) => {
  const found = placed.filter((p) => p.object.kind === kind && p.object.metadata.name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0];
};

const vhostNames = (filter: Obj): string[] =>
  filter.spec.configPatches.map((p: Obj) => p.match?.routeConfiguration?.vhost?.name).filter((n: unknown): n is string => typeof n === 'string');

const RUNBOOK_ORDER = ['namespaces', 'istio-ingress', 'overlays-test', 'overlays-prod', 'monitoring', 'controller'];

describe.each(ENVS.map((env) => [env.name, env] as const))('shipshape in dist/%s', (name, env) => {
  const dir = join(DIST, name);
  const placed = objectsOf(dir);
  // Other systems share the stages; these tests judge Shipshape's objects (part-of: shipshape).
  const inStage = (stage: string) =>
    placed.filter((p) => p.stage === stage && p.object.metadata.labels?.['app.kubernetes.io/part-of'] === 'shipshape').map((p) => p.object);

  it("ORDER contains the runbook's canonical order as a subsequence", () => {
    const order = readFileSync(join(dir, 'ORDER'), 'utf8')
      .trim()
      .split('\n')
      .map((d) => d.replace(/^\d{2}-/, ''));
    const positions = RUNBOOK_ORDER.map((s) => order.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      `ORDER ${order.join(' ')}`,
    ).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('only the namespaces stage emits Namespaces; overlays emit no Namespace, ServiceMonitor or PrometheusRule', () => {
    for (const p of placed) {
      if (p.object.kind === 'Namespace') expect(p.stage).toBe('namespaces');
      if (['ServiceMonitor', 'PrometheusRule'].includes(p.object.kind)) expect(p.stage, p.object.metadata.name).toBe('monitoring');
    }
    for (const stage of ['overlays-test', 'overlays-prod']) {
      const kinds = inStage(stage).map((o) => o.kind);
      expect(kinds.length).toBeGreaterThan(0);
      for (const kind of ['Namespace', 'ServiceMonitor', 'PrometheusRule']) expect(kinds).not.toContain(kind);
    }
    expect(inStage('istio-ingress').map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'EnvoyFilter/istio-system/helloworld-ingress-ratelimit',
    ]);
  });

  it("renders the runbook's objects in their stages", () => {
    const names = (stage: string) =>
      inStage(stage)
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort();
    for (const appEnv of ['test', 'prod']) {
      const expected = [
        `AuthorizationPolicy/helloworld-allow-ingress-only-${appEnv}`,
        `Certificate/helloworld-cert-${appEnv}`,
        `ConfigMap/helloworld-config-${appEnv}`,
        `Deployment/helloworld-${appEnv}`,
        `DestinationRule/helloworld-destinationrule-${appEnv}`,
        `Gateway/helloworld-gateway-${appEnv}`,
        `NetworkPolicy/helloworld-${appEnv}`,
        `NetworkPolicy/helloworld-${appEnv}-kubelet-probes`,
        `PeerAuthentication/helloworld-strict-mtls-${appEnv}`,
        `Service/helloworld-${appEnv}`,
        `ServiceAccount/helloworld-${appEnv}`,
        `VirtualService/helloworld-virtualservice-${appEnv}`,
        ...(appEnv === 'prod' ? ['HorizontalPodAutoscaler/helloworld-prod', 'PodDisruptionBudget/helloworld-prod'] : []),
        // The test overlay's budget where it runs two replicas (the ha profile); prod's comes with its autoscaler.
        ...(appEnv === 'test' && env.replicaProfile === 'ha' ? ['PodDisruptionBudget/helloworld-test'] : []),
      ].sort();
      expect(names(`overlays-${appEnv}`)).toEqual(expected);
    }
    expect(names('monitoring')).toEqual(['PrometheusRule/helloworld', 'ServiceMonitor/helloworld', 'ServiceMonitor/helloworld-controller']);
    expect(names('controller')).toEqual([
      'Deployment/helloworld-controller',
      'Lease/helloworld-controller-leader',
      'NetworkPolicy/helloworld-controller',
      'NetworkPolicy/helloworld-controller-kubelet-probes',
      'PodDisruptionBudget/helloworld-controller',
      'Role/helloworld-controller',
      'RoleBinding/helloworld-controller',
      'Service/helloworld-controller',
      'ServiceAccount/helloworld-controller',
    ]);
    const shipshape = placed.filter((x) => x.object.metadata.labels?.['app.kubernetes.io/part-of'] === 'shipshape');
    for (const p of shipshape.filter((x) => x.stage && x.stage !== 'namespaces' && x.stage !== 'istio-ingress'))
      expect(p.object.metadata.namespace).toBe('shipshape');
  });

  it('labels app deployments app=helloworld, env=<env> and Services env for targetLabels', () => {
    for (const appEnv of ['test', 'prod'] as const) {
      const d = named(placed, 'Deployment', `helloworld-${appEnv}`).object;
      expect(d.metadata.labels).toMatchObject({ app: 'helloworld', env: appEnv });
      expect(d.spec.selector.matchLabels).toEqual({ app: 'helloworld', env: appEnv });
      expect(named(placed, 'Service', `helloworld-${appEnv}`).object.metadata.labels.env).toBe(appEnv);
      expect(named(placed, 'ConfigMap', `helloworld-config-${appEnv}`).object.data.MESSAGE).toBe(env.shipshape!.messages![appEnv]);
    }
    expect(named(placed, 'Deployment', 'helloworld-test').object.spec.replicas).toBe(env.replicaProfile === 'ha' ? 2 : 1);
    expect(named(placed, 'Deployment', 'helloworld-prod').object.spec.replicas).toBeUndefined();
    expect(named(placed, 'Deployment', 'helloworld-controller').object.spec.replicas).toBe(2);
    const sm = named(placed, 'ServiceMonitor', 'helloworld').object;
    expect(sm.spec.targetLabels).toEqual(['env']);
    expect(sm.spec.selector.matchLabels).toEqual({ app: 'helloworld' });
  });

  it('takes hosts from the environment: Gateways, VirtualServices, Certificates, EnvoyFilter vhosts <host>:443 and the ingress alerts', () => {
    for (const appEnv of ['test', 'prod'] as const) {
      const host = env.hostnames[appEnv];
      expect(named(placed, 'Gateway', `helloworld-gateway-${appEnv}`).object.spec.servers[0].hosts).toEqual([host]);
      expect(named(placed, 'VirtualService', `helloworld-virtualservice-${appEnv}`).object.spec.hosts).toEqual([host]);
      expect(named(placed, 'Certificate', `helloworld-cert-${appEnv}`).object.spec.dnsNames).toEqual([host]);
    }
    const filter = named(placed, 'EnvoyFilter', 'helloworld-ingress-ratelimit').object;
    expect(vhostNames(filter)).toEqual([`${env.hostnames.test}:443`, `${env.hostnames.prod}:443`]);
    const rule = named(placed, 'PrometheusRule', 'helloworld').object;
    const istio = rule.spec.groups.flatMap((g: Obj) => g.rules).filter((r: Obj) => r.alert.startsWith('IstioGateway'));
    expect(istio).toHaveLength(2);
    for (const r of istio) expect(r.expr).toContain(`request_host="${env.hostnames.prod}"`);
  });

  it('gives kubelet probe-allow policies the node CIDRs and the controller the API-server CIDRs (or the deny placeholder)', () => {
    for (const policy of ['helloworld-test-kubelet-probes', 'helloworld-prod-kubelet-probes', 'helloworld-controller-kubelet-probes']) {
      const np = named(placed, 'NetworkPolicy', policy).object;
      expect(np.spec.ingress[0].from.map((f: Obj) => f.ipBlock.cidr)).toEqual(env.nodeCidrs);
      expect(JSON.stringify(np)).not.toContain('10.0.0.0/16');
    }
    const np = named(placed, 'NetworkPolicy', 'helloworld-controller').object;
    const api = np.spec.egress.find((e: Obj) => e.ports.some((p: Obj) => p.port === 443));
    expect(api.to.map((t: Obj) => t.ipBlock.cidr)).toEqual(env.apiServerCidrs.length ? env.apiServerCidrs : ['127.255.255.255/32']);
    expect(np.metadata.annotations['plimsoll.dev/api-server-provider']).toBe(env.provider);
  });

  it('keeps the exact external selectors for the ingress gateway and DNS peers', () => {
    const app = named(placed, 'NetworkPolicy', 'helloworld-prod').object;
    expect(app.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } },
    ]);
    const controller = named(placed, 'NetworkPolicy', 'helloworld-controller').object;
    expect(controller.spec.egress[0].to[0]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    });
  });

  it.skipIf(promtool === 'skip')('every PrometheusRule passes promtool check rules', () => {
    const rules = prometheusRulesIn(dir);
    expect(rules.length).toBeGreaterThan(0);
    const r = promtoolCheck(rules.map((x) => x.object));
    expect(r.status, r.output).toBe(0);
    expect(r.rules).toBe(rules.reduce((n, x) => n + x.object.spec.groups.reduce((m: number, g: Obj) => m + g.rules.length, 0), 0));
  });
});

describe('shipshape failure modes and drift', () => {
  it('moves the rate limit with a renamed host: the EnvoyFilter follows the Gateway', async () => {
    // prod-hel is prod-fsn's peer: peers serve the same public hosts, so the rename happens in their shared base.
    const envs = editedEnvironment('base/production', (t) =>
      t.replace("prod: 'prod.helloworld.shipshape.example.com'", "prod: 'www.helloworld.shipshape.example.com'"),
    );
    const out = tempDir();
    const r = await plimsoll(['synth', '--env', 'prod-fsn', '--out', out, '--environments', envs]);
    expect(r.status, r.stderr).toBe(0);
    const placed = objectsOf(join(out, 'prod-fsn'));
    expect(named(placed, 'Gateway', 'helloworld-gateway-prod').object.spec.servers[0].hosts).toEqual(['www.helloworld.shipshape.example.com']);
    const vhosts = vhostNames(named(placed, 'EnvoyFilter', 'helloworld-ingress-ratelimit').object);
    expect(vhosts).toEqual(['test.helloworld.shipshape.example.com:443', 'www.helloworld.shipshape.example.com:443']);
    expect(JSON.stringify(placed.map((p) => p.object))).not.toContain('prod.helloworld.shipshape.example.com');
  });

  it('fails synth (exit 1) for a production environment without API-server CIDRs, naming the NetworkPolicy, and writes nothing', async () => {
    const envs = editedEnvironment('prod-fsn', (t) => t.replace(/apiServerCidrs: \[[^\]]*\]/, 'apiServerCidrs: []'));
    const out = tempDir();
    const r = await plimsoll(['synth', '--out', out, '--environments', envs]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/networkpolicy_shipshape_helloworld-controller\.yaml/);
    expect(r.stderr).toMatch(
      /error\s+ipBlock CIDR 127\.255\.255\.255\/32 is the placeholder 127\.255\.255\.255\/32.*placeholder-cidr · NetworkPolicy shipshape\/helloworld-controller \/spec\/egress\/1\/to\/0\/ipBlock\/cidr/,
    );
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(join(out, 'prod-fsn'))).toBe(false);
    expect(snapshotTree(out).size).toBe(0);
  });

  it('only warns for the lab placeholder, and synth of the shipped environments is otherwise clean', async () => {
    const r = (await shippedSynth()).result;
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => / (warning|error) /.test(l));
    // Every system with API egress renders the lab placeholder; Shipshape's controller is one of them.
    for (const w of warnings) expect(w).toMatch(/warning\s+ipBlock CIDR 127\.255\.255\.255\/32.*placeholder-cidr · NetworkPolicy /);
    expect(warnings.some((w) => /NetworkPolicy shipshape\/helloworld-controller/.test(w))).toBe(true);
    expect(r.stderr).toMatch(/^lab:$/m);
    expect(r.stderr).not.toMatch(/^prod-fsn:$/m);
  });

  it('fails validation when an EnvoyFilter vhost drifts from the Gateways (envoyfilter-vhost on rendered output)', async () => {
    const out = await copyOfShippedSynth();
    const file = join(out, 'prod-fsn/02-istio-ingress/envoyfilter_istio-system_helloworld-ingress-ratelimit.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: prod.helloworld.shipshape.example.com:443', 'name: prod.helloworld.shipshape.example.com'));
    const r = await plimsoll(['validate', join(out, 'prod-fsn'), '--env', 'prod-fsn', '--tier', 'production']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /vhost name "prod\.helloworld\.shipshape\.example\.com" has no port.*envoyfilter-vhost · EnvoyFilter istio-system\/helloworld-ingress-ratelimit/,
    );
  });
});
