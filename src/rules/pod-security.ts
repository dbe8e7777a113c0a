import { defineRule } from './types';
import { containersOf, podSpecsOf, type PodSpecAt } from '../lib/pod-specs';
import type { InventoryItem, RuleFinding } from '../check/types';
import { obj } from './lib/values';
import { DEFAULT_KUBERNETES_VERSION } from '../validate/schemas/versions';

interface Options {
  level: 'baseline' | 'restricted';
}

/** Capabilities the baseline profile lets a container add (the container runtimes' default set). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** The safe sysctls, by the Kubernetes minor that admits them (pod-security-admission's check_sysctls.go). */
const SAFE_SYSCTLS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [
    0,
    ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];
/** SELinux types a pod may ask for; container_engine_t from 1.31. */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES, 'container_engine_t']);
/** Inline volume sources the restricted profile allows (besides none at all, which the API server makes an emptyDir). */
const RESTRICTED_VOLUMES = new Set([
  'name',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const safeSysctls = new Map<number, ReadonlySet<string>>();
function safeSysctlsAt(minor: number): ReadonlySet<string> {
  let set = safeSysctls.get(minor);
  if (!set) safeSysctls.set(minor, (set = new Set(SAFE_SYSCTLS.filter(([since]) => minor >= since).flatMap(([, names]) => names))));
  return set;
}

const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
const validAppArmor = validSeccomp;
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const quoted = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

/** One pod spec against the Pod Security Standards, as the PodSecurity admission plugin of Kubernetes `minor` judges it. */
function* judge(item: InventoryItem, pod: PodSpecAt, restricted: boolean, minor: number): Iterable<RuleFinding> {
  const spec = pod.spec;
  const podSc = obj(spec.securityContext);
  const scPath = `${pod.path}/securityContext`;
  // Restricted exempts Windows pods from the Linux-only controls (allowPrivilegeEscalation, seccomp, capabilities) since 1.25.
  const windows = obj(spec.os).name === 'windows';
  const linuxControls = restricted && !windows;
  // A pod in a user namespace may do what is root-only only inside it (1.35+: procMount in baseline, runAsNonRoot/runAsUser).
  const userNamespace = minor >= 35 && spec.hostUsers === false;

  // Baseline
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) yield { item, path: `${pod.path}/${field}`, message: `${field}: true shares the node’s namespace` };
  }
  if (obj(podSc.windowsOptions).hostProcess === true)
    yield {
      item,
      path: `${scPath}/windowsOptions/hostProcess`,
      message: 'pod sets windowsOptions.hostProcess: true (a Windows HostProcess pod has the node’s privileges)',
    };
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  for (let i = 0; i < volumes.length; i++) {
    const volume = obj(volumes[i]);
    const name = `volume "${String(volume.name ?? '?')}"`;
    if (volume.hostPath) {
      yield { item, path: `${pod.path}/volumes/${i}/hostPath`, message: `${name} is a hostPath` };
    } else if (restricted) {
      const type = Object.keys(volume).find((k) => !RESTRICTED_VOLUMES.has(k));
      if (type && !Object.keys(volume).some((k) => k !== 'name' && RESTRICTED_VOLUMES.has(k)))
        yield {
          item,
          path: `${pod.path}/volumes/${i}/${escape(type)}`,
          message: `${name} is a ${type} volume; restricted allows configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret`,
        };
    }
  }
  const sysctls = Array.isArray(podSc.sysctls) ? podSc.sysctls : [];
  if (sysctls.length) {
    const safe = safeSysctlsAt(minor);
    for (let i = 0; i < sysctls.length; i++) {
      const name = obj(sysctls[i]).name;
      if (typeof name === 'string' && !safe.has(name))
        yield { item, path: `${scPath}/sysctls/${i}/name`, message: `pod sets the unsafe sysctl ${name} (not in the safe set of Kubernetes 1.${minor})` };
    }
  }
  const selinuxTypes = minor >= 31 ? SELINUX_TYPES_1_31 : SELINUX_TYPES;
  const seLinux = (sc: Record<string, unknown>, at: string, who: string): RuleFinding[] => {
    const o = sc.seLinuxOptions;
    if (!o || typeof o !== 'object') return [];
    const opts = obj(o);
    const out: RuleFinding[] = [];
    if (!selinuxTypes.has(typeof opts.type === 'string' ? opts.type : ''))
      out.push({
        item,
        path: `${at}/seLinuxOptions/type`,
        message: `${who} sets SELinux type ${quoted(opts.type)}; allowed: ${[...selinuxTypes].filter(Boolean).join(', ')}`,
      });
    for (const field of ['user', 'role'])
      if (typeof opts[field] === 'string' && opts[field] !== '')
        out.push({
          item,
          path: `${at}/seLinuxOptions/${field}`,
          message: `${who} sets SELinux ${field} ${quoted(opts[field])}; a custom SELinux ${field} is forbidden`,
        });
    return out;
  };
  yield* seLinux(podSc, scPath, 'pod');
  const appArmor = (sc: Record<string, unknown>, at: string, who: string): RuleFinding[] => {
    const profile = sc.appArmorProfile;
    if (!profile || typeof profile !== 'object' || validAppArmor(obj(profile).type)) return [];
    return [
      {
        item,
        path: `${at}/appArmorProfile/type`,
        message: `${who} sets AppArmor profile type ${quoted(obj(profile).type)}; expected RuntimeDefault or Localhost`,
      },
    ];
  };
  yield* appArmor(podSc, scPath, 'pod');
  for (const [key, value] of Object.entries(obj(pod.metadata?.annotations))) {
    if (!key.startsWith(APPARMOR_ANNOTATION) || typeof value !== 'string') continue;
    if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    yield {
      item,
      path: `${pod.metadataPath}/annotations/${escape(key)}`,
      message: `annotation ${key}: ${value} sets an AppArmor profile; expected runtime/default or localhost/<profile>`,
    };
  }
  const podSeccomp = obj(podSc.seccompProfile).type;
  const podSeccompSet = podSc.seccompProfile !== undefined && podSc.seccompProfile !== null;
  if (podSeccompSet && !validSeccomp(podSeccomp) && (!restricted || linuxControls))
    yield { item, path: `${scPath}/seccompProfile/type`, message: `pod sets seccomp ${quoted(podSeccomp)}; expected RuntimeDefault or Localhost` };

  // Restricted, pod level
  if (restricted && !userNamespace) {
    if (podSc.runAsNonRoot === false) yield { item, path: `${scPath}/runAsNonRoot`, message: 'pod sets runAsNonRoot: false' };
    if (podSc.runAsUser === 0) yield { item, path: `${scPath}/runAsUser`, message: 'pod runs as uid 0' };
  }

  for (const { container, path } of containersOf(pod)) {
    const name = `container "${String(container.name ?? '?')}"`;
    const sc = obj(container.securityContext);
    const at = `${path}/securityContext`;
    if (sc.privileged === true) yield { item, path: `${at}/privileged`, message: `${name} is privileged` };
    if (obj(sc.windowsOptions).hostProcess === true)
      yield {
        item,
        path: `${at}/windowsOptions/hostProcess`,
        message: `${name} sets windowsOptions.hostProcess: true (a Windows HostProcess container has the node’s privileges)`,
      };
    if (sc.procMount !== undefined && sc.procMount !== 'Default' && (restricted || !userNamespace))
      yield { item, path: `${at}/procMount`, message: `${name} sets procMount ${quoted(sc.procMount)}, which unmasks /proc; expected Default` };
    yield* seLinux(sc, at, name);
    yield* appArmor(sc, at, name);
    const ports = Array.isArray(container.ports) ? container.ports : [];
    for (let p = 0; p < ports.length; p++) {
      if (obj(ports[p]).hostPort) yield { item, path: `${path}/ports/${p}/hostPort`, message: `${name} binds hostPort ${String(obj(ports[p]).hostPort)}` };
    }
    const caps = obj(sc.capabilities);
    const add = Array.isArray(caps.add) ? caps.add : [];
    const seccomp = obj(sc.seccompProfile).type;
    const seccompSet = sc.seccompProfile !== undefined && sc.seccompProfile !== null;
    if (!restricted) {
      const extra = add.filter((c) => !BASELINE_CAPABILITIES.has(String(c)));
      if (extra.length)
        yield { item, path: `${at}/capabilities/add`, message: `${name} adds capabilities ${extra.join(', ')} (beyond the baseline’s default set)` };
      if (seccompSet && !validSeccomp(seccomp))
        yield { item, path: `${at}/seccompProfile/type`, message: `${name} has seccomp ${quoted(seccomp)}; expected RuntimeDefault or Localhost` };
      continue;
    }
    if (!userNamespace) {
      // As PodSecurity: an explicit false is named where it is set; a pod's own false already says it for the rest.
      if (sc.runAsNonRoot === false) yield { item, path: `${at}/runAsNonRoot`, message: `${name} sets runAsNonRoot: false` };
      else if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true && podSc.runAsNonRoot !== false)
        yield { item, path: at, message: `${name} does not set runAsNonRoot: true (here or on the pod)` };
      if (sc.runAsUser === 0) yield { item, path: `${at}/runAsUser`, message: `${name} runs as uid 0` };
    }
    if (!linuxControls) continue;
    if (sc.allowPrivilegeEscalation !== false) yield { item, path: at, message: `${name} does not set allowPrivilegeEscalation: false` };
    const drop = Array.isArray(caps.drop) ? caps.drop : [];
    if (!drop.includes('ALL')) yield { item, path: at, message: `${name} does not drop ALL capabilities` };
    const extra = add.filter((c) => c !== 'NET_BIND_SERVICE');
    if (extra.length)
      yield { item, path: `${at}/capabilities/add`, message: `${name} adds capabilities ${extra.join(', ')} (only NET_BIND_SERVICE is allowed)` };
    if (seccompSet && !validSeccomp(seccomp))
      yield { item, path: `${at}/seccompProfile/type`, message: `${name} has seccomp ${quoted(seccomp)}; expected RuntimeDefault or Localhost` };
    else if (!seccompSet && !(podSeccompSet && validSeccomp(podSeccomp)))
      yield { item, path: at, message: `${name} has seccomp unset (here and on the pod); expected RuntimeDefault or Localhost` };
  }
}

/**
 * The Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/), checked on
 * rendered pod specs as the API server's PodSecurity admission plugin judges them at the target Kubernetes release,
 * so a violation fails before admission rejects the pods at 3 a.m.
 */
export default defineRule<Options>({
  meta: {
    id: 'pod-security',
    description:
      'A pod spec breaks the Pod Security Standards (restricted by default, or baseline): host namespaces, privileged, Windows hostProcess, hostPath or hostPort, capabilities beyond the default set, procMount, unsafe sysctls, SELinux type/user/role, AppArmor or seccomp Unconfined; restricted also: volume types, root (runAsNonRoot, uid 0), privilege escalation, capabilities not dropped (ALL), seccomp not RuntimeDefault/Localhost.',
    model:
      'Every control of the PodSecurity admission plugin (k8s.io/pod-security-admission) at the target Kubernetes release (`--kubernetes-version`, the policy’s `kubernetesVersion`): the safe sysctls grow with the release (1.27, 1.29, 1.32), SELinux type container_engine_t is allowed from 1.31. Every container counts: init, ephemeral and app. Restricted does not judge allowPrivilegeEscalation, seccomp and capabilities on a Windows pod (`spec.os.name: windows`). The pod template’s annotations are the pod’s (the AppArmor annotations). Not judged: the seccomp annotations (PodSecurity reads them only for policy versions before 1.19) and, from 1.34, probe and lifecycle hosts.',
    remediation:
      'Use the restricted security context (src/constructs/common/workload.ts); a workload a runbook says needs host access carries a `plimsoll.dev/waive.pod-security` annotation citing that runbook section.',
    category: 'security',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: {
          description: 'The Pod Security Standards level pods must meet (restricted includes baseline).',
          enum: ['baseline', 'restricted'],
          default: 'restricted',
        },
      },
    },
  },
  *check({ inventory, options, podTemplates, kubernetesVersion = DEFAULT_KUBERNETES_VERSION }): Iterable<RuleFinding> {
    const minor = Number(kubernetesVersion.split('.')[1]);
    const restricted = options.level !== 'baseline';
    for (const item of inventory.items) for (const pod of podSpecsOf(item, podTemplates)) yield* judge(item, pod, restricted, minor);
  },
});
