import { defineRule } from './types';
import { parseCidr, cidrContains, cidrEquals, type Cidr } from '../lib/cidr';
import type { InventoryItem, RuleFinding } from '../check/types';
import { DENY_PLACEHOLDER_CIDR, PROBE_PLACEHOLDER_CIDR } from '../lib/placeholder-cidrs';

interface Options {
  exact: string[];
  within: string[];
}

function* ipBlocks(node: unknown, path: string): Iterable<{ cidr: unknown; path: string }> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* ipBlocks(node[i], `${path}/${i}`);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const here = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'ipBlock' && value && typeof value === 'object') {
        const block = value as Record<string, unknown>;
        yield { cidr: block.cidr, path: `${here}/cidr` };
        if (Array.isArray(block.except)) for (let i = 0; i < block.except.length; i++) yield { cidr: block.except[i], path: `${here}/except/${i}` };
      } else {
        yield* ipBlocks(value, here);
      }
    }
  }
}

const parseAll = (list: string[]): Array<[string, Cidr]> => list.map((s) => [s, parseCidr(s)!]);
const cache = new WeakMap<Options, { exact: Array<[string, Cidr]>; within: Array<[string, Cidr]> }>();

export default defineRule<Options>({
  meta: {
    id: 'placeholder-cidr',
    description: 'A NetworkPolicy ipBlock still holds a placeholder CIDR (the deny placeholder, the probe-allow example or a documentation range).',
    remediation:
      'Replace it with the real CIDR from the environment (apiServerCidrs for API egress, nodeCidrs for kubelet probes); resolve API endpoints with `kubectl -n default get endpoints kubernetes`.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exact: {
          description: 'CIDRs that are placeholders when they appear exactly (a real CIDR inside them is fine).',
          type: 'array',
          items: { type: 'string', format: 'cidr' },
          default: [DENY_PLACEHOLDER_CIDR, PROBE_PLACEHOLDER_CIDR],
        },
        within: {
          description: 'Ranges no real policy points at: any CIDR inside them is a placeholder (RFC 5737, RFC 3849).',
          type: 'array',
          items: { type: 'string', format: 'cidr' },
          default: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'],
        },
      },
    },
  },
  *check({ inventory, options }): Iterable<RuleFinding> {
    let parsed = cache.get(options);
    if (!parsed) cache.set(options, (parsed = { exact: parseAll(options.exact), within: parseAll(options.within) }));
    const policies: InventoryItem[] = inventory.items.filter((i) => i.kind.endsWith('NetworkPolicy'));
    for (const item of policies) {
      for (const { cidr, path } of ipBlocks(item.object.spec, '/spec')) {
        if (typeof cidr !== 'string') continue;
        const c = parseCidr(cidr);
        if (!c) continue;
        const exact = parsed.exact.find(([, p]) => cidrEquals(p, c));
        const within = exact ? undefined : parsed.within.find(([, p]) => cidrContains(p, c));
        const hit = exact?.[0] ?? within?.[0];
        if (hit) {
          yield {
            item,
            path,
            message: exact
              ? `ipBlock CIDR ${cidr} is the placeholder ${hit}; the environment must supply the real CIDR`
              : `ipBlock CIDR ${cidr} lies in documentation range ${hit}, which no real network uses`,
          };
        }
      }
    }
  },
});
