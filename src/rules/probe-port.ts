import { defineRule } from './types';
import { containersOf, podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { arr, obj } from './lib/values';

/** Where a handler sits in a container (field, and the hook under `lifecycle`), and what to call it. */
const HANDLERS: ReadonlyArray<readonly [string, string | undefined, string]> = [
  ['livenessProbe', undefined, 'livenessProbe'],
  ['readinessProbe', undefined, 'readinessProbe'],
  ['startupProbe', undefined, 'startupProbe'],
  ['lifecycle', 'postStart', 'postStart hook'],
  ['lifecycle', 'preStop', 'preStop hook'],
];
const PORT_KINDS = ['httpGet', 'tcpSocket'] as const;
const DIGITS = /^\d+$/;

export default defineRule<Record<string, never>>({
  meta: {
    id: 'probe-port',
    description:
      'A probe or lifecycle hook (httpGet, tcpSocket) names a port its container does not declare, or a UDP one: the kubelet cannot resolve it, so the probe always fails.',
    model:
      'The kubelet resolves a port name among the ports of the probe’s own container only. A port given by number is not judged: a container may listen on ports it does not declare.',
    remediation: 'Name a port the container declares (`ports[].name`, TCP) or give the port number.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      const pod = podSpecOf(item, podTemplates);
      if (!pod) continue;
      for (const { container, path } of containersOf(pod)) {
        let ports: Map<string, string> | undefined;
        for (const [a, b, what] of HANDLERS) {
          const raw = container[a];
          if (!raw) continue;
          const handler = obj(b ? obj(raw)[b] : raw);
          for (const kind of PORT_KINDS) {
            const port = obj(handler[kind]).port;
            if (typeof port !== 'string' || !port || DIGITS.test(port)) continue;
            ports ??= new Map(
              arr(container.ports)
                .map(obj)
                .filter((p) => typeof p.name === 'string')
                .map((p) => [p.name as string, typeof p.protocol === 'string' ? p.protocol : 'TCP']),
            );
            const protocol = ports.get(port);
            const who = `container "${String(container.name ?? '?')}" ${what}`;
            if (protocol === undefined)
              yield {
                item,
                path: `${path}/${a}${b ? `/${b}` : ''}/${kind}/port`,
                message: `${who} uses port "${port}", which the container does not declare (has: ${[...ports.keys()].join(', ') || 'none'})`,
              };
            else if (protocol !== 'TCP')
              yield {
                item,
                path: `${path}/${a}${b ? `/${b}` : ''}/${kind}/port`,
                message: `${who} uses port "${port}", which is ${protocol}; ${kind} connects over TCP`,
              };
          }
        }
      }
    }
  },
});
