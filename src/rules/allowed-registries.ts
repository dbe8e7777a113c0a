import { defineRule } from './types';
import { containersOf, podSpecsOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';

interface Options {
  registries: string[];
}

/** `registry.example.com:5000/team/app@sha256:…` → `registry.example.com:5000/team/app`; Docker Hub short names → docker.io/… */
function repositoryOf(image: string): string {
  const name = image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
}

export default defineRule<Options>({
  meta: {
    id: 'allowed-registries',
    description: 'An image comes from a registry the environment does not allow (air-gapped environments pull only from their internal registry).',
    remediation: 'Mirror the image into the allowed registry by digest and reference it there (the environment’s registry setting rewrites lock entries).',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        registries: {
          description: 'Allowed registry prefixes (host[/path]). Empty: the rule is not enforced (set it per air-gapped environment in the policy).',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [],
        },
      },
    },
  },
  *check({ inventory, options, podTemplates }): Iterable<RuleFinding> {
    if (!options.registries.length) return;
    const prefixes = options.registries.map((r) => r.replace(/\/+$/, ''));
    for (const item of inventory.items) {
      for (const pod of podSpecsOf(item, podTemplates))
        for (const { container, path } of containersOf(pod)) {
          if (typeof container.image !== 'string') continue;
          const repo = repositoryOf(container.image);
          if (!prefixes.some((p) => repo === p || repo.startsWith(`${p}/`))) {
            yield { item, path: `${path}/image`, message: `image ${container.image} comes from ${repo.split('/')[0]}; allowed: ${prefixes.join(', ')}` };
          }
        }
    }
  },
});
