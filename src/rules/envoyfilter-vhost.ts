import { defineRule } from './types';
import type { RuleFinding } from '../check/types';

interface Options {
  contexts: string[];
}

interface Served {
  readonly host: string;
  readonly port: number;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** `ns/host` and `./host` in Gateway server hosts name a host; the prefix only scopes VirtualService binding. */
function bareHost(h: string): string {
  const slash = h.indexOf('/');
  return slash < 0 ? h : h.slice(slash + 1);
}

/** Does a Gateway host (possibly `*` or `*.suffix`) serve `host`? */
function serves(gatewayHost: string, host: string): boolean {
  if (gatewayHost === host || gatewayHost === '*') return true;
  return gatewayHost.startsWith('*.') && host.endsWith(gatewayHost.slice(1)) && host.length > gatewayHost.length - 1;
}

export default defineRule<Options>({
  meta: {
    id: 'envoyfilter-vhost',
    description:
      'An EnvoyFilter patch matches a gateway virtual host by a `routeConfiguration.vhost.name` that is not `<host>:<port>` of a host some Gateway in the inventory serves, so the patch applies to nothing and, for a rate limit, limiting is silently off.',
    remediation:
      'Derive the vhost names from the Gateway hosts as `<host>:<server port>` (`prod.example.com:443` for HTTPS), or rename the EnvoyFilter entry together with the Gateway and VirtualService host.',
    category: 'correctness',
    scope: 'inventory',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        contexts: {
          description: 'Patch match contexts whose vhost names must name a Gateway host (sidecar vhosts are service names, not Gateway hosts).',
          type: 'array',
          items: { type: 'string', enum: ['ANY', 'GATEWAY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND'] },
          default: ['GATEWAY'],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    const filters = inventory.ofKind('EnvoyFilter').filter((i) => i.apiVersion.startsWith('networking.istio.io/'));
    if (!filters.length) return;
    const served: Served[] = [];
    for (const gw of inventory.ofKind('Gateway')) {
      if (!gw.apiVersion.startsWith('networking.istio.io/')) continue;
      const servers = obj(gw.object.spec)?.servers;
      if (!Array.isArray(servers)) continue;
      for (const server of servers) {
        const port = obj(obj(server)?.port)?.number;
        const hosts = obj(server)?.hosts;
        if (typeof port !== 'number' || !Array.isArray(hosts)) continue;
        for (const h of hosts) if (typeof h === 'string') served.push({ host: bareHost(h), port });
      }
    }
    const expected = [...new Set(served.map((s) => `${s.host}:${s.port}`))].sort();
    const shown = expected.length > 6 ? `${expected.slice(0, 6).join(', ')}, … (${expected.length} in all)` : expected.join(', ');

    for (const item of filters) {
      const patches = obj(item.object.spec)?.configPatches;
      if (!Array.isArray(patches)) continue;
      for (let i = 0; i < patches.length; i++) {
        const match = obj(obj(patches[i])?.match);
        const context = typeof match?.context === 'string' ? match.context : 'ANY';
        if (!options.contexts.includes(context)) continue;
        const name = obj(obj(match?.routeConfiguration)?.vhost)?.name;
        if (typeof name !== 'string') continue;
        const path = `/spec/configPatches/${i}/match/routeConfiguration/vhost/name`;
        const colon = name.lastIndexOf(':');
        const port = colon > 0 ? Number(name.slice(colon + 1)) : NaN;
        if (!Number.isInteger(port)) {
          yield { item, path, message: `vhost name "${name}" has no port; Istio names gateway virtual hosts <host>:<port> (e.g. "${name}:443")` };
          continue;
        }
        const host = name.slice(0, colon);
        if (served.some((s) => s.port === port && serves(s.host, host))) continue;
        yield {
          item,
          path,
          message: expected.length
            ? `vhost name "${name}" matches no Gateway host, so this patch applies to nothing; Gateways serve ${shown}`
            : `vhost name "${name}" matches no Gateway host: the inventory has no Istio Gateway, so this patch applies to nothing`,
        };
      }
    }
  },
});
