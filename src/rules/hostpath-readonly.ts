import { defineRule } from './types';
import { containersOf, podSpecsOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';

interface Options {
  scratchPaths: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'hostpath-readonly',
    description: 'A hostPath volume is mounted writable, outside the scratch paths the policy allows.',
    remediation:
      'Mount host paths with `readOnly: true`; if the component must write to the host, give it one dedicated scratch path and list it in the policy.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        scratchPaths: {
          description: 'Host paths that may be mounted writable (the runtime plane’s scratch).',
          type: 'array',
          items: { type: 'string' },
          default: ['/var/run/zastava'],
        },
      },
    },
  },
  *check({ inventory, options, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      for (const pod of podSpecsOf(item, podTemplates)) {
        if (!Array.isArray(pod.spec.volumes)) continue;
        const hostVolumes = new Map<string, string>();
        for (const v of pod.spec.volumes as Array<{ name?: unknown; hostPath?: { path?: unknown } }>) {
          if (v && typeof v.name === 'string' && v.hostPath && typeof v.hostPath.path === 'string')
            hostVolumes.set(v.name, v.hostPath.path.replace(/\/+$/, '') || '/');
        }
        if (!hostVolumes.size) continue;
        for (const { container, path } of containersOf(pod)) {
          const mounts = container.volumeMounts;
          if (!Array.isArray(mounts)) continue;
          for (let i = 0; i < mounts.length; i++) {
            const m = mounts[i] as { name?: unknown; readOnly?: unknown; mountPath?: unknown } | null;
            const hostPath = typeof m?.name === 'string' ? hostVolumes.get(m.name) : undefined;
            if (hostPath === undefined || m?.readOnly === true || options.scratchPaths.includes(hostPath)) continue;
            yield {
              item,
              path: `${path}/volumeMounts/${i}`,
              message: `container "${String(container.name ?? '?')}" mounts host path ${hostPath} writable; set readOnly: true`,
            };
          }
        }
      }
    }
  },
});
