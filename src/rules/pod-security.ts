import { defineRule } from './types';
import { containersOf, podSpecOf } from '../lib/pod-specs';
import type { RuleFinding } from '../check/types';
import { obj } from './lib/values';

/**
 * The Pod Security "restricted" profile (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * checked on rendered pod specs so a violation fails before admission rejects the pods at 3 a.m.
 */
export default defineRule<Record<string, never>>({
  meta: {
    id: 'pod-security',
    description:
      'A pod spec breaks the Pod Security "restricted" profile: host namespaces, privileged, hostPath or hostPort, root, privilege escalation, capabilities not dropped (ALL), or seccomp not RuntimeDefault/Localhost.',
    remediation:
      'Use the restricted security context (src/constructs/common/workload.ts); a workload a runbook says needs host access carries a `plimsoll.dev/waive.pod-security` annotation citing that runbook section.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  *check({ inventory }): Iterable<RuleFinding> {
    for (const item of inventory.items) {
      const pod = podSpecOf(item);
      if (!pod) continue;
      const spec = pod.spec;
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (spec[field] === true) yield { item, path: `${pod.path}/${field}`, message: `${field}: true shares the node’s namespace` };
      }
      const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
      for (let i = 0; i < volumes.length; i++) {
        if (obj(volumes[i]).hostPath)
          yield { item, path: `${pod.path}/volumes/${i}/hostPath`, message: `volume "${String(obj(volumes[i]).name ?? '?')}" is a hostPath` };
      }
      const podSc = obj(spec.securityContext);
      const podSeccomp = obj(podSc.seccompProfile).type;
      if (podSc.runAsUser === 0) yield { item, path: `${pod.path}/securityContext/runAsUser`, message: 'pod runs as uid 0' };
      for (const { container, path } of containersOf(pod)) {
        const name = `container "${String(container.name ?? '?')}"`;
        const sc = obj(container.securityContext);
        const at = `${path}/securityContext`;
        if (sc.privileged === true) yield { item, path: `${at}/privileged`, message: `${name} is privileged` };
        if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) yield { item, path: at, message: `${name} does not set runAsNonRoot: true (here or on the pod)` };
        if (sc.runAsUser === 0) yield { item, path: `${at}/runAsUser`, message: `${name} runs as uid 0` };
        if (sc.allowPrivilegeEscalation !== false) yield { item, path: at, message: `${name} does not set allowPrivilegeEscalation: false` };
        const caps = obj(sc.capabilities);
        const drop = Array.isArray(caps.drop) ? caps.drop : [];
        if (!drop.includes('ALL')) yield { item, path: at, message: `${name} does not drop ALL capabilities` };
        const add = Array.isArray(caps.add) ? caps.add.filter((c) => c !== 'NET_BIND_SERVICE') : [];
        if (add.length)
          yield { item, path: `${at}/capabilities/add`, message: `${name} adds capabilities ${add.join(', ')} (only NET_BIND_SERVICE is allowed)` };
        const seccomp = obj(sc.seccompProfile).type ?? podSeccomp;
        if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
          yield {
            item,
            path: at,
            message: `${name} has seccomp ${seccomp === undefined ? 'unset' : `"${String(seccomp)}"`}; expected RuntimeDefault or Localhost`,
          };
        const ports = Array.isArray(container.ports) ? container.ports : [];
        for (let p = 0; p < ports.length; p++) {
          if (obj(ports[p]).hostPort) yield { item, path: `${path}/ports/${p}/hostPort`, message: `${name} binds hostPort ${String(obj(ports[p]).hostPort)}` };
        }
      }
    }
  },
});
