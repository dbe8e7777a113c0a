import { defineRule } from './types';
import { BUILTIN_POD_TEMPLATES } from '../lib/pod-specs';
import { labelsOf } from '../check/inventory';
import type { InventoryItem, RuleFinding } from '../check/types';

interface Scoped {
  /** Applies to objects in these namespaces (and to the Namespace objects themselves). */
  namespaces: string[];
  keys: string[];
}

interface Options {
  keys: string[];
  scoped: Scoped[];
  excludeKinds: string[];
}

function requiredKeys(item: InventoryItem, options: Options): string[] {
  const ns = item.kind === 'Namespace' ? item.name : item.namespace;
  const keys = new Set(options.keys);
  for (const scope of options.scoped) if (ns && scope.namespaces.includes(ns)) for (const k of scope.keys) keys.add(k);
  return [...keys];
}

export default defineRule<Options>({
  meta: {
    id: 'required-labels',
    description: 'An object, or the pod template of a workload, lacks a label key the policy requires.',
    remediation: 'Add the missing label keys to metadata.labels (and to the pod template for workloads); constructs get them from platformLabels().',
    category: 'hygiene',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        keys: { description: 'Label keys every object must carry.', type: 'array', items: { type: 'string' }, default: ['app.kubernetes.io/name'] },
        scoped: {
          description: 'Additional keys for objects in the listed namespaces (e.g. the stellaops.workload/* identity labels).',
          type: 'array',
          default: [],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['namespaces', 'keys'],
            properties: {
              namespaces: { type: 'array', items: { type: 'string' }, minItems: 1 },
              keys: { type: 'array', items: { type: 'string' }, minItems: 1 },
            },
          },
        },
        excludeKinds: { description: 'Kinds the rule skips.', type: 'array', items: { type: 'string' }, default: [] },
      },
    },
  },
  *check({ inventory, options, podTemplates = BUILTIN_POD_TEMPLATES }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      if (!item.kind || options.excludeKinds.includes(item.kind)) continue;
      const keys = requiredKeys(item, options);
      const own = labelsOf(item.object.metadata);
      const missing = keys.filter((k) => !(k in own));
      if (missing.length) {
        yield { item, path: '/metadata/labels', message: `missing label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
      }
      if (item.kind === 'Pod') continue;
      for (const pod of podTemplates.templatesOf(item)) {
        const template = labelsOf(pod.metadata);
        const missingTemplate = keys.filter((k) => !(k in template));
        if (missingTemplate.length) {
          yield {
            item,
            path: `${pod.metadataPath}/labels`,
            message: `pod template missing label${missingTemplate.length > 1 ? 's' : ''} ${missingTemplate.join(', ')}`,
          };
        }
      }
    }
  },
});
