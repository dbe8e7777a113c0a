/**
 * The Zastava Observer (docs/runbooks/zastava-runtime-operations.md): one pod per node that tails the container
 * runtime and sends runtime events to Scanner/WebService. Its host access is what the runbook's §1 "Host mounts"
 * prerequisite demands, and nothing more: read-only /proc, /var/lib/containerd and the containerd socket, one
 * writable scratch directory /var/run/zastava.
 */
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { podsWithLabels, stableSelector } from '../../constructs/common/workload';
import { runtimeResources } from './resource-profiles';
import {
  AUTHORITY_DPOP_DIR,
  AUTHORITY_MTLS_DIR,
  OBSERVER_NAME,
  OBSERVER_PROC_ROOT,
  OBSERVER_SCRATCH_DIR,
  RUNTIME_CONFIG_DIR,
  STELLAOPS_NAMESPACE,
  ZASTAVA_SECRETS,
} from './settings';

/** A host path the Observer mounts; only the scratch space is writable. */
export interface ObserverHostMount {
  readonly volume: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly type: kplus.HostPathVolumeType;
  readonly readOnly: boolean;
}

/** Runbook §1 "Host mounts". /proc is mounted at /host/proc: a container cannot have its own /proc replaced. */
export const OBSERVER_HOST_MOUNTS: readonly ObserverHostMount[] = [
  { volume: 'host-proc', hostPath: '/proc', mountPath: OBSERVER_PROC_ROOT, type: kplus.HostPathVolumeType.DIRECTORY, readOnly: true },
  { volume: 'containerd-state', hostPath: '/var/lib/containerd', mountPath: '/var/lib/containerd', type: kplus.HostPathVolumeType.DIRECTORY, readOnly: true },
  {
    volume: 'containerd-socket',
    hostPath: '/var/run/containerd/containerd.sock',
    mountPath: '/var/run/containerd/containerd.sock',
    type: kplus.HostPathVolumeType.SOCKET,
    readOnly: true,
  },
  {
    volume: 'zastava-scratch',
    hostPath: '/var/run/zastava',
    mountPath: OBSERVER_SCRATCH_DIR,
    type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE,
    readOnly: false,
  },
];

export const OBSERVER_WAIVERS = {
  'pod-security':
    'Host access demanded by docs/runbooks/zastava-runtime-operations.md §1 Prerequisites ("Host mounts – read-only access to /proc, container runtime state (/var/lib/containerd, /var/run/containerd/containerd.sock) and scratch space (/var/run/zastava)"): hostPath volumes, and uid 0 to connect to the root-owned containerd socket. Still no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root filesystem.',
  'hostpath-readonly':
    '/var/run/zastava is the Observer\'s scratch space (docs/runbooks/zastava-runtime-operations.md §1 Prerequisites: "scratch space (/var/run/zastava)"; §4.2: the disk-backed event queue) and the only writable hostPath; /proc, /var/lib/containerd and the containerd socket are mounted read-only.',
} as const;

export interface ZastavaObserverProps {
  /** Image pinned by digest (from images.lock.json). */
  readonly image: string;
  /** Metadata labels of every object and of the pod template (platform labels and workload identity). */
  readonly labels: Record<string, string>;
  /** ConfigMap holding zastava-runtime.json, mounted read-only at /etc/stellaops/zastava. */
  readonly configMapName: string;
  /**
   * sha256 of the configuration, annotated on the pod template so that a configuration change rolls the pods.
   * @default - no annotation
   */
  readonly configChecksum?: string;
  /**
   * Namespace (runbook §2.1: stellaops).
   * @default 'stellaops'
   */
  readonly namespace?: string;
  /**
   * DaemonSet, ServiceAccount and Service name; the pods carry `app=<name>` (runbook §2.1 verify step).
   * @default 'zastava-observer'
   */
  readonly name?: string;
  /**
   * Port serving /metrics and the /healthz/live and /healthz/ready probes.
   * @default 9090
   */
  readonly metricsPort?: number;
  /**
   * CPU and memory requests and limits.
   * @default - the 'small' observer profile (src/systems/runtime-plane/resource-profiles.ts)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Mount the DPoP key secret zastava-authority-dpop (needed when the Authority requires DPoP).
   * @default true
   */
  readonly mountDpopKey?: boolean;
  /**
   * Mount the mTLS client certificate secret zastava-authority-mtls (needed when the Authority requires mTLS).
   * @default true
   */
  readonly mountMtlsClientCertificate?: boolean;
  /**
   * Nodes updated at once during a rollout. One keeps at most one node unobserved, the same budget as draining
   * one node per AZ (runbook §2.2).
   * @default 1
   */
  readonly maxUnavailable?: number;
}

export class ZastavaObserver extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly daemonSet: kplus.DaemonSet;
  public readonly service: kplus.Service;
  public readonly serviceAccount: kplus.ServiceAccount;
  /** Pod selector labels (`app=<name>`). */
  public readonly selectorLabels: Record<string, string>;
  public readonly metricsPortName = 'metrics';

  constructor(scope: Construct, id: string, props: ZastavaObserverProps) {
    super(scope, id);
    this.name = props.name ?? OBSERVER_NAME;
    this.namespace = props.namespace ?? STELLAOPS_NAMESPACE;
    const metricsPort = props.metricsPort ?? 9090;
    const maxUnavailable = props.maxUnavailable ?? 1;
    if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1) {
      throw new Error(`zastava-observer maxUnavailable must be an integer >= 1 (0 would block every rollout), got ${maxUnavailable}`);
    }
    this.selectorLabels = { app: this.name };
    const labels = { ...props.labels, ...this.selectorLabels };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      // The Observer talks to containerd and Scanner/WebService, not to the Kubernetes API.
      automountToken: false,
    });

    this.daemonSet = new kplus.DaemonSet(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels,
        annotations: Object.fromEntries(Object.entries(OBSERVER_WAIVERS).map(([rule, reason]) => [`plimsoll.dev/waive.${rule}`, reason])),
      },
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      minReadySeconds: 10,
      securityContext: { ensureNonRoot: false, user: 0, group: 0, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH },
      containers: [
        {
          name: 'observer',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: this.metricsPortName, number: metricsPort }],
          envVariables: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
          securityContext: {
            // uid 0 only to connect to the root-owned containerd socket; no capability, no escalation.
            ensureNonRoot: false,
            user: 0,
            group: 0,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          liveness: kplus.Probe.fromHttpGet('/healthz/live', {
            port: metricsPort,
            initialDelaySeconds: Duration.seconds(10),
            periodSeconds: Duration.seconds(20),
            failureThreshold: 3,
          }),
          readiness: kplus.Probe.fromHttpGet('/healthz/ready', { port: metricsPort, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
          resources: props.resources ?? runtimeResources('observer', 'small'),
        },
      ],
    });
    const container = this.daemonSet.containers[0];
    for (const m of OBSERVER_HOST_MOUNTS) {
      const volume = kplus.Volume.fromHostPath(this, `Volume-${m.volume}`, m.volume, { path: m.hostPath, type: m.type });
      container.mount(m.mountPath, volume, { readOnly: m.readOnly });
    }
    const config = kplus.Volume.fromConfigMap(this, 'Volume-config', kplus.ConfigMap.fromConfigMapName(this, 'ConfigMap', props.configMapName), {
      name: 'config',
    });
    container.mount(RUNTIME_CONFIG_DIR, config, { readOnly: true });
    if (props.mountDpopKey ?? true) {
      const secret = kplus.Secret.fromSecretName(this, 'DpopSecret', ZASTAVA_SECRETS.authorityDpop);
      container.mount(AUTHORITY_DPOP_DIR, kplus.Volume.fromSecret(this, 'Volume-dpop', secret, { name: 'authority-dpop' }), { readOnly: true });
    }
    if (props.mountMtlsClientCertificate ?? true) {
      const secret = kplus.Secret.fromSecretName(this, 'MtlsSecret', ZASTAVA_SECRETS.authorityMtls);
      container.mount(AUTHORITY_MTLS_DIR, kplus.Volume.fromSecret(this, 'Volume-mtls', secret, { name: 'authority-mtls' }), { readOnly: true });
    }
    // Node agents run on every node: tolerate every taint, including the cordon and drain taints (runbook §2.2).
    this.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    // Select on app=<name> only: a selector is immutable, the other labels may change.
    for (const [k, v] of Object.entries(labels)) this.daemonSet.podMetadata.addLabel(k, v);
    stableSelector(this.daemonSet, this.selectorLabels);
    const api = ApiObject.of(this.daemonSet);
    api.addJsonPatch(
      JsonPatch.add('/spec/updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(maxUnavailable), maxSurge: kplus.k8s.IntOrString.fromNumber(0) },
      }),
    );
    if (props.configChecksum) api.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { 'plimsoll.dev/config-sha256': props.configChecksum }));

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      // Headless: Prometheus scrapes every Observer pod, not one behind a virtual IP.
      clusterIP: 'None',
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      ports: [{ name: this.metricsPortName, port: metricsPort, targetPort: metricsPort }],
    });
  }
}
