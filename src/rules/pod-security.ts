import { defineRule } from './types';
import { CONTAINER_LISTS, podSpecsOf, type PodSpecAt } from '../lib/pod-specs';
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
const NONE: readonly unknown[] = [];
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const quoted = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

type Obj = Record<string, unknown>;
/** `v[key]` when `v` is a mapping (no allocation on the hot path, unlike obj()). */
const at = (v: unknown, key: string): unknown => (v && typeof v === 'object' ? (v as Obj)[key] : undefined);

function seLinux(out: RuleFinding[], item: InventoryItem, opts: unknown, path: string, who: string, types: ReadonlySet<string>): void {
  const type = at(opts, 'type');
  if (!types.has(typeof type === 'string' ? type : ''))
    out.push({
      item,
      path: `${path}/seLinuxOptions/type`,
      message: `${who} sets SELinux type ${quoted(type)}; allowed: ${[...types].filter(Boolean).join(', ')}`,
    });
  for (const field of ['user', 'role']) {
    const value = at(opts, field);
    if (typeof value === 'string' && value !== '')
      out.push({
        item,
        path: `${path}/seLinuxOptions/${field}`,
        message: `${who} sets SELinux ${field} ${quoted(value)}; a custom SELinux ${field} is forbidden`,
      });
  }
}

function appArmor(out: RuleFinding[], item: InventoryItem, profile: unknown, path: string, who: string): void {
  const type = at(profile, 'type');
  if (!validSeccomp(type))
    out.push({
      item,
      path: `${path}/appArmorProfile/type`,
      message: `${who} sets AppArmor profile type ${quoted(type)}; expected RuntimeDefault or Localhost`,
    });
}

/** One pod spec against the Pod Security Standards, as the PodSecurity admission plugin of Kubernetes `minor` judges it. */
function judge(item: InventoryItem, pod: PodSpecAt, restricted: boolean, minor: number, out: RuleFinding[]): void {
  const spec = pod.spec;
  const podSc = spec.securityContext;
  const scPath = `${pod.path}/securityContext`;
  // Restricted exempts Windows pods from the Linux-only controls (allowPrivilegeEscalation, seccomp, capabilities) since 1.25.
  const linuxControls = restricted && at(spec.os, 'name') !== 'windows';
  // A pod in a user namespace may do as root only inside it (1.35+: procMount in baseline, runAsNonRoot and runAsUser).
  const userNamespace = minor >= 35 && spec.hostUsers === false;

  // Baseline
  if (spec.hostNetwork === true) out.push({ item, path: `${pod.path}/hostNetwork`, message: 'hostNetwork: true shares the node’s namespace' });
  if (spec.hostPID === true) out.push({ item, path: `${pod.path}/hostPID`, message: 'hostPID: true shares the node’s namespace' });
  if (spec.hostIPC === true) out.push({ item, path: `${pod.path}/hostIPC`, message: 'hostIPC: true shares the node’s namespace' });
  if (at(at(podSc, 'windowsOptions'), 'hostProcess') === true)
    out.push({
      item,
      path: `${scPath}/windowsOptions/hostProcess`,
      message: 'pod sets windowsOptions.hostProcess: true (a Windows HostProcess pod has the node’s privileges)',
    });
  const volumes = spec.volumes;
  if (Array.isArray(volumes)) {
    for (let i = 0; i < volumes.length; i++) {
      const volume = obj(volumes[i]);
      if (volume.hostPath) {
        out.push({ item, path: `${pod.path}/volumes/${i}/hostPath`, message: `volume "${String(volume.name ?? '?')}" is a hostPath` });
      } else if (restricted) {
        const keys = Object.keys(volume);
        const type = keys.find((k) => !RESTRICTED_VOLUMES.has(k));
        if (type && !keys.some((k) => k !== 'name' && RESTRICTED_VOLUMES.has(k)))
          out.push({
            item,
            path: `${pod.path}/volumes/${i}/${escape(type)}`,
            message: `volume "${String(volume.name ?? '?')}" is a ${type} volume; restricted allows configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret`,
          });
      }
    }
  }
  const sysctls = at(podSc, 'sysctls');
  if (Array.isArray(sysctls) && sysctls.length) {
    const safe = safeSysctlsAt(minor);
    for (let i = 0; i < sysctls.length; i++) {
      const name = at(sysctls[i], 'name');
      if (typeof name === 'string' && !safe.has(name))
        out.push({ item, path: `${scPath}/sysctls/${i}/name`, message: `pod sets the unsafe sysctl ${name} (not in the safe set of Kubernetes 1.${minor})` });
    }
  }
  const selinuxTypes = minor >= 31 ? SELINUX_TYPES_1_31 : SELINUX_TYPES;
  const podSeLinux = at(podSc, 'seLinuxOptions');
  if (podSeLinux && typeof podSeLinux === 'object') seLinux(out, item, podSeLinux, scPath, 'pod', selinuxTypes);
  const podAppArmor = at(podSc, 'appArmorProfile');
  if (podAppArmor && typeof podAppArmor === 'object') appArmor(out, item, podAppArmor, scPath, 'pod');
  const annotations = pod.metadata?.annotations;
  if (annotations && typeof annotations === 'object') {
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION) || typeof value !== 'string') continue;
      if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
      out.push({
        item,
        path: `${pod.metadataPath}/annotations/${escape(key)}`,
        message: `annotation ${key}: ${value} sets an AppArmor profile; expected runtime/default or localhost/<profile>`,
      });
    }
  }
  const podSeccompProfile = at(podSc, 'seccompProfile');
  const podSeccompSet = podSeccompProfile !== undefined && podSeccompProfile !== null;
  const podSeccomp = at(podSeccompProfile, 'type');
  if (podSeccompSet && !validSeccomp(podSeccomp) && (!restricted || linuxControls))
    out.push({ item, path: `${scPath}/seccompProfile/type`, message: `pod sets seccomp ${quoted(podSeccomp)}; expected RuntimeDefault or Localhost` });

  // Restricted, pod level
  const podNonRoot = at(podSc, 'runAsNonRoot');
  if (restricted && !userNamespace) {
    if (podNonRoot === false) out.push({ item, path: `${scPath}/runAsNonRoot`, message: 'pod sets runAsNonRoot: false' });
    if (at(podSc, 'runAsUser') === 0) out.push({ item, path: `${scPath}/runAsUser`, message: 'pod runs as uid 0' });
  }

  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (let c = 0; c < containers.length; c++) {
      const container = containers[c];
      if (!container || typeof container !== 'object' || Array.isArray(container)) continue;
      const path = `${pod.path}/${list}/${c}`;
      const name = `container "${String((container as Obj).name ?? '?')}"`;
      const sc = (container as Obj).securityContext;
      const scAt = `${path}/securityContext`;
      if (at(sc, 'privileged') === true) out.push({ item, path: `${scAt}/privileged`, message: `${name} is privileged` });
      if (at(at(sc, 'windowsOptions'), 'hostProcess') === true)
        out.push({
          item,
          path: `${scAt}/windowsOptions/hostProcess`,
          message: `${name} sets windowsOptions.hostProcess: true (a Windows HostProcess container has the node’s privileges)`,
        });
      const procMount = at(sc, 'procMount');
      if (procMount !== undefined && procMount !== 'Default' && (restricted || !userNamespace))
        out.push({ item, path: `${scAt}/procMount`, message: `${name} sets procMount ${quoted(procMount)}, which unmasks /proc; expected Default` });
      const seLinuxOptions = at(sc, 'seLinuxOptions');
      if (seLinuxOptions && typeof seLinuxOptions === 'object') seLinux(out, item, seLinuxOptions, scAt, name, selinuxTypes);
      const appArmorProfile = at(sc, 'appArmorProfile');
      if (appArmorProfile && typeof appArmorProfile === 'object') appArmor(out, item, appArmorProfile, scAt, name);
      const ports = (container as Obj).ports;
      if (Array.isArray(ports))
        for (let p = 0; p < ports.length; p++) {
          const hostPort = at(ports[p], 'hostPort');
          if (hostPort) out.push({ item, path: `${path}/ports/${p}/hostPort`, message: `${name} binds hostPort ${String(hostPort)}` });
        }
      const caps = at(sc, 'capabilities');
      const add = at(caps, 'add');
      const adds = Array.isArray(add) ? add : NONE;
      const seccompProfile = at(sc, 'seccompProfile');
      const seccompSet = seccompProfile !== undefined && seccompProfile !== null;
      const seccomp = at(seccompProfile, 'type');
      if (!restricted) {
        const extra = adds.filter((cap) => !BASELINE_CAPABILITIES.has(String(cap)));
        if (extra.length)
          out.push({ item, path: `${scAt}/capabilities/add`, message: `${name} adds capabilities ${extra.join(', ')} (beyond the baseline’s default set)` });
        if (seccompSet && !validSeccomp(seccomp))
          out.push({ item, path: `${scAt}/seccompProfile/type`, message: `${name} has seccomp ${quoted(seccomp)}; expected RuntimeDefault or Localhost` });
        continue;
      }
      if (!userNamespace) {
        const nonRoot = at(sc, 'runAsNonRoot');
        // As PodSecurity: an explicit false is named where it is set; a pod's own false already says it for the rest.
        if (nonRoot === false) out.push({ item, path: `${scAt}/runAsNonRoot`, message: `${name} sets runAsNonRoot: false` });
        else if ((nonRoot ?? podNonRoot) !== true && podNonRoot !== false)
          out.push({ item, path: scAt, message: `${name} does not set runAsNonRoot: true (here or on the pod)` });
        if (at(sc, 'runAsUser') === 0) out.push({ item, path: `${scAt}/runAsUser`, message: `${name} runs as uid 0` });
      }
      if (!linuxControls) continue;
      if (at(sc, 'allowPrivilegeEscalation') !== false) out.push({ item, path: scAt, message: `${name} does not set allowPrivilegeEscalation: false` });
      const drop = at(caps, 'drop');
      if (!Array.isArray(drop) || !drop.includes('ALL')) out.push({ item, path: scAt, message: `${name} does not drop ALL capabilities` });
      const extra = adds.filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (extra.length)
        out.push({ item, path: `${scAt}/capabilities/add`, message: `${name} adds capabilities ${extra.join(', ')} (only NET_BIND_SERVICE is allowed)` });
      if (seccompSet && !validSeccomp(seccomp))
        out.push({ item, path: `${scAt}/seccompProfile/type`, message: `${name} has seccomp ${quoted(seccomp)}; expected RuntimeDefault or Localhost` });
      else if (!seccompSet && !(podSeccompSet && validSeccomp(podSeccomp)))
        out.push({ item, path: scAt, message: `${name} has seccomp unset; expected RuntimeDefault or Localhost` });
    }
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
    // Findings are collected in a plain array: nested generators cost more than the checks on 500,000 objects.
    const out: RuleFinding[] = [];
    for (const item of inventory.items) {
      const pods = podSpecsOf(item, podTemplates);
      for (let i = 0; i < pods.length; i++) judge(item, pods[i], restricted, minor, out);
      if (out.length) {
        yield* out;
        out.length = 0;
      }
    }
  },
});
