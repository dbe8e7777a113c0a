import { defineRule } from './types';
import { CONTAINER_LISTS, podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'env-duplicate',
    description:
      'A container sets the same environment variable name twice in `env`: the kubelet keeps the later value, so the earlier one is dead configuration, and tools that merge `env` by name (strategic merge patch, server-side apply) may keep either or refuse the duplicate key.',
    model: 'Names are compared exactly (env names are case-sensitive); `envFrom` is not counted: an explicit `env` entry overrides it by design.',
    remediation: 'Keep one entry per name: delete the one that is not meant (the later one is what the container sees today).',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  check({ inventory, podTemplates }): Iterable<RuleFinding> {
    const out: RuleFinding[] = [];
    for (const item of inventory.items) {
      const pod = podSpecOf(item, podTemplates);
      if (!pod) continue;
      // Plain loops: this runs on every pod template, and a finding is rare.
      for (const list of CONTAINER_LISTS) {
        const containers = pod.spec[list];
        if (!Array.isArray(containers)) continue;
        for (let c = 0; c < containers.length; c++) {
          const container = obj(containers[c]);
          const env = container.env;
          if (!Array.isArray(env) || env.length < 2) continue;
          const first = new Map<string, number>();
          for (let i = 0; i < env.length; i++) {
            const name = obj(env[i]).name;
            if (typeof name !== 'string') continue;
            const at = first.get(name);
            if (at === undefined) {
              first.set(name, i);
              continue;
            }
            out.push({
              item,
              path: `${pod.path}/${list}/${c}/env/${i}/name`,
              message: `container "${String(container.name ?? '?')}" sets env ${name} again (first at env/${at}); the later value wins; expected one entry per name`,
            });
          }
        }
      }
    }
    return out;
  },
});
