import { defineRule } from './types';
import { containersOf, podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { arr, obj, strings } from './lib/values';

const SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'privileged-ports',
    description:
      'A container that runs as a non-root user listens on a port below 1024 without the NET_BIND_SERVICE capability, so the bind fails at start (permission denied) on runtimes that keep the kernel’s privileged-port limit.',
    model:
      'A container runs as non-root when its or the pod’s securityContext sets runAsNonRoot: true or a runAsUser other than 0 (an image’s own USER is not seen). It may bind a low port when it adds NET_BIND_SERVICE (or ALL) to its capabilities, or when the pod sets the sysctl net.ipv4.ip_unprivileged_port_start at or below the port. Some runtimes lower that limit for every container (Docker 20.10+, containerd 2 with enable_unprivileged_ports): there the bind works, which the manifests cannot show.',
    remediation:
      'Listen on a port of 1024 or above and map the low port in the Service (`port: 80, targetPort: 8080`); or add NET_BIND_SERVICE to the container’s capabilities (the binary needs the file capability for a non-root user).',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory, podTemplates }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      if (item.patch) continue;
      const pod = podSpecOf(item, podTemplates);
      if (!pod) continue;
      const podSc = obj(pod.spec.securityContext);
      const sysctl = arr(podSc.sysctls)
        .map(obj)
        .find((s) => s.name === SYSCTL);
      // The sysctl is per network namespace: a hostNetwork pod has the node's.
      const start = sysctl === undefined || pod.spec.hostNetwork === true ? 1024 : Number(sysctl.value);
      for (const { container, path, list } of containersOf(pod)) {
        if (list === 'ephemeralContainers') continue;
        const sc = obj(container.securityContext);
        const user = sc.runAsUser ?? podSc.runAsUser;
        const nonRoot = typeof user === 'number' ? user !== 0 : (sc.runAsNonRoot ?? podSc.runAsNonRoot) === true;
        if (!nonRoot) continue;
        const add = strings(obj(sc.capabilities).add);
        if (add.includes('NET_BIND_SERVICE') || add.includes('CAP_NET_BIND_SERVICE') || add.includes('ALL')) continue;
        const ports = arr(container.ports);
        for (let i = 0; i < ports.length; i++) {
          const port = obj(ports[i]).containerPort;
          if (typeof port !== 'number' || port >= 1024 || port < 1 || port >= start) continue;
          yield {
            item,
            path: `${path}/ports/${i}/containerPort`,
            message: `container "${String(container.name ?? '?')}" runs as non-root and listens on port ${port} without NET_BIND_SERVICE; expected a port of 1024 or above (mapped in the Service) or the capability`,
          };
        }
      }
    }
  },
});
