/** Apps: what the schema cannot say about one app or between apps. */
import type { Environment } from '../../config/generated/environment';
import type { SchemaProblem } from '../../config/schemas';
import { parseCidr } from '../../lib/cidr';
import type { AppsSettings } from './settings';

/** Namespaces an app must not run in: the cluster's own and the mesh's. */
const RESERVED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'istio-system', 'flux-system']);

export function appsInvariants(env: Readonly<Environment>, settings: AppsSettings): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const byName = new Map(settings.apps.map((a) => [a.name, a]));
  for (const ref of settings.unknownPorts) {
    const names = byName.get(ref.app)!.ports.map((p) => p.name);
    problems.push({ path: ref.path, message: `got "${ref.name}", expected the name of one of the app's ports: ${names.join(', ')}` });
  }
  const hosts = new Map<string, string>(Object.entries(env.hostnames).map(([appEnv, host]) => [host, `/hostnames/${appEnv}`]));
  const meshByNamespace = new Map<string, { mesh: boolean; path: string }>();
  for (const app of settings.apps) {
    if (RESERVED_NAMESPACES.has(app.namespace)) {
      problems.push({
        path: `${app.path}/namespace`,
        message: `got "${app.namespace}", expected a namespace of the app's own: ${[...RESERVED_NAMESPACES].join(', ')} belong to the cluster and the mesh`,
      });
    }
    const seen = { names: new Map<string, number>(), ports: new Map<number, number>() };
    app.ports.forEach((p, i) => {
      if (seen.names.has(p.name))
        problems.push({
          path: `${app.path}/ports/${i}/name`,
          message: `got "${p.name}" again (ports/${seen.names.get(p.name)}), expected each port name once`,
        });
      if (seen.ports.has(p.port))
        problems.push({
          path: `${app.path}/ports/${i}/port`,
          message: `got ${p.port} again (ports/${seen.ports.get(p.port)}), expected each port number once`,
        });
      seen.names.set(p.name, i);
      seen.ports.set(p.port, i);
    });
    const r = app.resources;
    if (r.cpuRequestMillis > r.cpuLimitMillis)
      problems.push({
        path: `${app.path}/resources/cpuRequestMillis`,
        message: `got ${r.cpuRequestMillis}, expected at most cpuLimitMillis (${r.cpuLimitMillis})`,
      });
    if (r.memoryRequestMebibytes > r.memoryLimitMebibytes)
      problems.push({
        path: `${app.path}/resources/memoryRequestMebibytes`,
        message: `got ${r.memoryRequestMebibytes}, expected at most memoryLimitMebibytes (${r.memoryLimitMebibytes})`,
      });
    for (const [kind, probe] of Object.entries(app.probes)) {
      if (probe.port.protocol !== 'TCP')
        problems.push({
          path: `${app.path}/probes/${kind}/port`,
          message: `got "${probe.port.name}", a ${probe.port.protocol} port; expected a TCP port (the kubelet probes over HTTP or TCP)`,
        });
    }
    if (app.ingress) {
      const taken = hosts.get(app.ingress.host);
      if (taken)
        problems.push({
          path: `${app.path}/ingress/host`,
          message: `got "${app.ingress.host}", which ${taken} already routes; expected a host of this app's own`,
        });
      hosts.set(app.ingress.host, `${app.path}/ingress/host`);
      if (app.ingress.port.protocol !== 'TCP')
        problems.push({ path: `${app.path}/ingress`, message: `routes to "${app.ingress.port.name}", a UDP port; expected a TCP (HTTP) port` });
    }
    app.allowTo.forEach((to, i) => {
      const at = `${app.path}/allowTo/${i}`;
      if (Boolean(to.namespace) === Boolean(to.cidr)) {
        problems.push({
          path: at,
          message: `got ${to.namespace ? 'both namespace and cidr' : 'neither namespace nor cidr'}, expected exactly one: pods in a namespace, or addresses`,
        });
      } else if (to.cidr) {
        // Host bits are the environment-wide check's (src/environments/invariants.ts walks every CIDR).
        if (!parseCidr(to.cidr)) problems.push({ path: `${at}/cidr`, message: `got "${to.cidr}", expected an IPv4 or IPv6 CIDR such as 10.20.0.0/16` });
        if (Object.keys(to.podLabels).length)
          problems.push({ path: `${at}/podLabels`, message: 'podLabels select pods, which an address block cannot; expected podLabels only with namespace' });
      }
    });
    const other = meshByNamespace.get(app.namespace);
    if (other && other.mesh !== app.mesh) {
      problems.push({
        path: `${app.path}/mesh`,
        message: `got ${app.mesh}, but ${other.path} is ${other.mesh} in the same namespace "${app.namespace}"; sidecar injection is per namespace, so apps sharing one must agree`,
      });
    }
    if (!other) meshByNamespace.set(app.namespace, { mesh: app.mesh, path: `${app.path}/mesh` });
  }
  return problems;
}
