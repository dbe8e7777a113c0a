import { defineRule } from './types';
import { containersOf, podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'read-only-root-fs',
    description:
      'A container (or init container) does not set `securityContext.readOnlyRootFilesystem: true`, so a compromised process can rewrite its binaries and drop tools into the image’s filesystem.',
    model:
      'Windows pods (`spec.os.name: windows`) are not judged: Windows containers do not support a read-only root filesystem. Ephemeral debug containers are not judged.',
    remediation:
      'Set `readOnlyRootFilesystem: true` in each container’s securityContext and mount an `emptyDir` where the process writes (/tmp, caches, pid files).',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      if (item.patch) continue;
      const pod = podSpecOf(item, podTemplates);
      if (!pod || obj(pod.spec.os).name === 'windows') continue;
      for (const { container, path, list } of containersOf(pod)) {
        if (list === 'ephemeralContainers') continue;
        const value = obj(container.securityContext).readOnlyRootFilesystem;
        if (value === true) continue;
        yield {
          item,
          path: value === undefined ? `${path}/securityContext` : `${path}/securityContext/readOnlyRootFilesystem`,
          message: `container "${String(container.name ?? '?')}" has readOnlyRootFilesystem ${value === undefined ? 'unset' : String(value)}; expected true`,
        };
      }
    }
  },
});
