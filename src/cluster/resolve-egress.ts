/**
 * `plimsoll resolve egress`: the shipshape runbook's "Validate Controller API Egress Policy" lookups, automated.
 * The runbook resolves the API endpoint by hand with
 *
 *   kubectl -n default get svc kubernetes -o jsonpath='{.spec.clusterIP}'
 *   kubectl -n default get endpoints kubernetes -o jsonpath='{.subsets[*].addresses[*].ip}'
 *   kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'
 *
 * and this does the same through the API: the `kubernetes` Service's ClusterIPs (for CNIs that judge egress before
 * the Service is translated) and its endpoints' addresses (for those that judge after), from EndpointSlices or,
 * where those are not served, the Endpoints object. Each becomes an exact /32 (/128) CIDR for `apiServerCidrs`.
 */
import { parseCidr } from '../lib/cidr';
import { API_SERVER_EGRESS, type KubernetesProvider } from '../systems/shipshape/controller-egress-policy';
import type { ClusterClient, JsonObject } from './client';

export interface EgressEndpoint {
  readonly address: string;
  readonly ready: boolean;
}

export interface EgressResolution {
  /** The `kubernetes` Service's ClusterIPs. */
  readonly clusterIPs: readonly string[];
  readonly servicePorts: readonly number[];
  /** Every endpoint address of the Service, ready or not (all API servers must stay reachable). */
  readonly endpoints: readonly EgressEndpoint[];
  readonly endpointPorts: readonly number[];
  /** Where the endpoints came from: `EndpointSlice kubernetes, ...` or `Endpoints kubernetes`. */
  readonly endpointSource: string;
  /** The kubeconfig's server URL. */
  readonly server: string;
  /** The CIDRs for apiServerCidrs: ClusterIPs first, then endpoints in address order, each once. */
  readonly cidrs: readonly string[];
  /** Things to know before using the CIDRs. */
  readonly notes: readonly string[];
}

const isIPv6 = (ip: string) => ip.includes(':');
export const hostCidr = (ip: string) => `${ip}/${isIPv6(ip) ? 128 : 32}`;

function compareIp(a: string, b: string): number {
  const ca = parseCidr(hostCidr(a));
  const cb = parseCidr(hostCidr(b));
  if (!ca || !cb) return a.localeCompare(b);
  return ca.version - cb.version || (ca.address < cb.address ? -1 : ca.address > cb.address ? 1 : 0);
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function httpsPorts(ports: unknown): number[] {
  return Array.isArray(ports) ? ports.map((p) => Number((p as { port?: unknown }).port)).filter((p) => Number.isInteger(p) && p > 0) : [];
}

async function endpointsOf(client: ClusterClient): Promise<{ endpoints: EgressEndpoint[]; ports: number[]; source: string }> {
  if (await client.serves('discovery.k8s.io/v1', 'EndpointSlice')) {
    const slices = await client.list('discovery.k8s.io/v1', 'EndpointSlice', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=kubernetes' });
    if (slices.length) {
      const endpoints: EgressEndpoint[] = [];
      const ports: number[] = [];
      for (const slice of slices) {
        for (const e of (slice.endpoints as JsonObject[] | undefined) ?? []) {
          const ready = (e.conditions as { ready?: boolean } | undefined)?.ready !== false;
          for (const address of (e.addresses as string[] | undefined) ?? []) endpoints.push({ address, ready });
        }
        ports.push(...httpsPorts(slice.ports));
      }
      const names = slices.map((s) => String((s.metadata as { name?: string } | undefined)?.name ?? '')).join(', ');
      return { endpoints, ports, source: `EndpointSlice ${names}` };
    }
  }
  const ep = await client.get({ apiVersion: 'v1', kind: 'Endpoints', namespace: 'default', name: 'kubernetes' });
  const endpoints: EgressEndpoint[] = [];
  const ports: number[] = [];
  for (const subset of (ep?.subsets as JsonObject[] | undefined) ?? []) {
    for (const a of (subset.addresses as Array<{ ip?: string }> | undefined) ?? []) if (a.ip) endpoints.push({ address: a.ip, ready: true });
    for (const a of (subset.notReadyAddresses as Array<{ ip?: string }> | undefined) ?? []) if (a.ip) endpoints.push({ address: a.ip, ready: false });
    ports.push(...httpsPorts(subset.ports));
  }
  return { endpoints, ports, source: ep ? 'Endpoints kubernetes' : 'none' };
}

export async function resolveEgress(client: ClusterClient, provider: KubernetesProvider): Promise<EgressResolution> {
  const service = await client.get({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' });
  const spec = (service?.spec ?? {}) as { clusterIP?: string; clusterIPs?: string[]; ports?: unknown };
  const clusterIPs = unique(
    (spec.clusterIPs?.length ? spec.clusterIPs : [spec.clusterIP]).filter((ip): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None'),
  );
  const found = await endpointsOf(client);
  const byAddress = new Map<string, EgressEndpoint>();
  for (const e of found.endpoints) byAddress.set(e.address, { address: e.address, ready: (byAddress.get(e.address)?.ready ?? false) || e.ready });
  const endpoints = [...byAddress.values()].sort((a, b) => compareIp(a.address, b.address));
  const endpointPorts = unique(found.ports).sort((a, b) => a - b);
  const servicePorts = unique(httpsPorts(spec.ports)).sort((a, b) => a - b);

  const notes: string[] = [];
  if (!service) notes.push('the default/kubernetes Service does not exist: the cluster is unusual; resolve the API server addresses with your provider');
  if (!endpoints.length)
    notes.push("the kubernetes Service has no endpoints: the API server addresses cannot be resolved here; use your provider's control-plane range");
  for (const e of endpoints) if (!e.ready) notes.push(`endpoint ${e.address} is not ready; it is included because the controller must reach every API server`);
  const allowed = API_SERVER_EGRESS[provider].ports;
  for (const port of endpointPorts) {
    if (!allowed.includes(port))
      notes.push(
        `the endpoints answer on port ${port}, which the ${provider} egress policy does not open (${allowed.join(', ')}); is provider "${provider}" right for this cluster?`,
      );
  }
  let host = '';
  try {
    host = new URL(client.server).hostname.replace(/^\[|\]$/g, '');
  } catch {
    // an unparsable server URL is the library's to report
  }
  const hostIsIp = parseCidr(hostCidr(host)) !== undefined;
  if (hostIsIp && !clusterIPs.includes(host) && !byAddress.has(host)) {
    notes.push(
      `the kubeconfig server ${host} is neither the ClusterIP nor an endpoint (a load balancer in front of the API servers?); pods reach the API through the Service, so it is not added`,
    );
  } else if (!hostIsIp && host) {
    notes.push(`the kubeconfig server is the name ${host}; pods reach the API through the Service, so the addresses above are what the policy needs`);
  }
  const cidrs = unique([...clusterIPs, ...endpoints.map((e) => e.address)].map(hostCidr));
  return { clusterIPs, servicePorts, endpoints, endpointPorts, endpointSource: found.source, server: client.server, cidrs, notes };
}

/** Same CIDRs, ignoring order. */
export function sameCidrs(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((c) => sa.has(c));
}
