import { defineRule } from './types';
import { podSpecsOf, containersOf } from '../lib/pod-specs';
import { isDigestPinned, imageTag } from '../lib/image-ref';
import type { RuleFinding } from '../check/types';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'image-digest',
    description: 'A container, init container or ephemeral container image is not pinned by digest (`@sha256:<64 hex>`).',
    remediation: 'Pin the image as `repository@sha256:<digest>` from images.lock.json; a tag may stay for readability, the digest is what runs.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      for (const pod of podSpecsOf(item, podTemplates))
        for (const { container, path, list } of containersOf(pod)) {
          const image = container.image;
          const who = `${list === 'containers' ? 'container' : list.replace(/s$/, '').replace(/C/, ' c')} "${String(container.name ?? '?')}"`;
          if (typeof image !== 'string' || image === '') {
            yield { item, path: `${path}/image`, message: `${who} has no image` };
          } else if (!isDigestPinned(image)) {
            const tag = imageTag(image);
            const why = tag === 'latest' ? 'the mutable tag :latest' : tag ? `only the mutable tag :${tag}` : 'no tag or digest (implicitly :latest)';
            yield { item, path: `${path}/image`, message: `${who} image "${image}" has ${why}; pin it by @sha256 digest` };
          }
        }
    }
  },
});
