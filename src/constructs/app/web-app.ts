import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { createHash } from 'node:crypto';
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, podsWithLabels, spreadOverNodes, stableSelector } from '../common/workload';
import { containerResources, type ResourceFigures } from '../common/resources';

export interface WebAppPort {
  /** Port name: the Service port and container port name, which Istio reads the protocol from. */
  readonly name: string;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface WebAppProbe {
  /** HTTP GET path; empty or absent probes with a TCP connection. */
  readonly path?: string;
  /** Port probed. */
  readonly port: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 2 */
  readonly timeoutSeconds?: number;
  readonly failureThreshold: number;
}

export interface WebAppProps {
  /** Name of the Deployment, Service and ServiceAccount. */
  readonly name: string;
  readonly namespace: string;
  /** Pinned image (from images.lock.json). */
  readonly image: string;
  /** Labels the pods are selected by (the Deployment's immutable selector, the Service's selector). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Container ports; the first is the app's main port. Each becomes a Service port of the same number. */
  readonly ports: readonly WebAppPort[];
  /**
   * Replicas; ignored once an autoscaler targets the Deployment.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Environment variables, from a ConfigMap the container reads whole (envFrom).
   * @default - none (no ConfigMap)
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Name of that ConfigMap.
   * @default `${name}-env`
   */
  readonly envConfigMapName?: string;
  /**
   * Secrets in the namespace whose keys become environment variables (envFrom).
   * @default - none
   */
  readonly secretEnv?: readonly string[];
  /**
   * Roll the pods when env or configFiles change, through a hash of them in a pod annotation. Off where a
   * controller restarts the pods on ConfigMap changes itself (Shipshape's reload controller).
   * @default true
   */
  readonly rollOnConfigChange?: boolean;
  /**
   * Files mounted read-only at mountPath from ConfigMap `${name}-files`.
   * @default - none
   */
  readonly configFiles?: { readonly mountPath: string; readonly files: Readonly<Record<string, string>> };
  /**
   * Kubelet probes.
   * @default - startup GET /healthz (30 failures), liveness GET /healthz and readiness GET /readyz (3), on the first port
   */
  readonly probes?: { readonly startup?: WebAppProbe; readonly liveness: WebAppProbe; readonly readiness: WebAppProbe };
  /**
   * Container resources.
   * @default - 100m/500m CPU, 128Mi/256Mi memory
   */
  readonly resources?: ResourceFigures;
  /**
   * Name of the container.
   * @default - the app's name
   */
  readonly containerName?: string;
  /**
   * Spread replicas over nodes (a preferred topology spread on kubernetes.io/hostname).
   * @default false
   */
  readonly spreadOverNodes?: boolean;
  /**
   * Extra metadata labels for every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const DEFAULT_APP_RESOURCES: ResourceFigures = { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 };
const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * A stateless HTTP service with the platform's secure defaults: ServiceAccount without a token (the app never
 * calls the Kubernetes API), Deployment under the restricted Pod Security profile with a read-only root
 * filesystem and a size-limited /tmp, startup/liveness/readiness probes, requests and limits, a selector from
 * explicit labels only, and a Service with one port per container port. Environment variables come from a
 * ConfigMap; files from another, mounted read-only.
 */
export class WebApp extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The main (first) port's number. */
  public readonly port: number;
  public readonly ports: readonly WebAppPort[];
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The environment ConfigMap, when env is given. */
  public readonly configMap?: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    if (!NAME.test(props.name)) throw new Error(`${id}: name must be a DNS label, got "${props.name}"`);
    if (!props.ports.length) throw new Error(`${id}: ports is empty; name the port the app listens on`);
    if (!Object.keys(props.selectorLabels).length) throw new Error(`${id}: selectorLabels is empty; the Service would select every pod in the namespace`);
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`${id}: replicas must be a positive integer, got ${replicas}`);
    this.name = props.name;
    this.namespace = props.namespace;
    this.ports = props.ports;
    this.port = props.ports[0].port;
    this.selectorLabels = { ...props.selectorLabels };
    const labels = { ...props.labels, ...this.selectorLabels };
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    const containerName = props.containerName ?? props.name;

    if (props.env && Object.keys(props.env).length) {
      this.configMap = new kplus.ConfigMap(this, 'Config', { metadata: meta(props.envConfigMapName ?? `${props.name}-env`), data: { ...props.env } });
    }
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(this.name), automountToken: false });

    const envFrom = [
      ...(this.configMap ? [kplus.Env.fromConfigMap(this.configMap)] : []),
      ...(props.secretEnv ?? []).map((secret) => kplus.Env.fromSecret(kplus.Secret.fromSecretName(this, `Secret-${secret}`, secret))),
    ];
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    const volumeMounts: kplus.VolumeMount[] = [{ path: '/tmp', volume: tmp }];
    const podAnnotations: Record<string, string> = { 'kubectl.kubernetes.io/default-container': containerName };
    if (props.configFiles) {
      const files = new kplus.ConfigMap(this, 'Files', { metadata: meta(`${props.name}-files`), data: { ...props.configFiles.files } });
      volumeMounts.push({
        path: props.configFiles.mountPath,
        volume: kplus.Volume.fromConfigMap(this, 'FilesVolume', files, { name: 'files' }),
        readOnly: true,
      });
      if (props.rollOnConfigChange ?? true) podAnnotations['plimsoll.dev/files-hash'] = contentHash(props.configFiles.files);
    }
    if (this.configMap && (props.rollOnConfigChange ?? true)) podAnnotations['plimsoll.dev/env-hash'] = contentHash(props.env!);

    const probe = (p: WebAppProbe) => {
      const timing = {
        periodSeconds: Duration.seconds(p.periodSeconds ?? 10),
        timeoutSeconds: Duration.seconds(p.timeoutSeconds ?? 2),
        failureThreshold: p.failureThreshold,
      };
      return p.path ? kplus.Probe.fromHttpGet(p.path, { port: p.port, ...timing }) : kplus.Probe.fromTcpSocket({ port: p.port, ...timing });
    };
    const probes = props.probes ?? {
      startup: { path: '/healthz', port: this.port, failureThreshold: 30 },
      liveness: { path: '/healthz', port: this.port, failureThreshold: 3 },
      readiness: { path: '/readyz', port: this.port, failureThreshold: 3 },
    };

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: meta(this.name),
      replicas,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      podMetadata: { annotations: podAnnotations },
      containers: [
        {
          name: containerName,
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: props.ports.map((p) => ({ name: p.name, number: p.port, protocol: p.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP })),
          ...(envFrom.length ? { envFrom } : {}),
          ...(probes.startup ? { startup: probe(probes.startup) } : {}),
          liveness: probe(probes.liveness),
          readiness: probe(probes.readiness),
          resources: containerResources(props.resources ?? DEFAULT_APP_RESOURCES, `${id}.resources`),
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          volumeMounts,
        },
      ],
    });
    for (const [k, v] of Object.entries(props.labels ?? {})) this.deployment.podMetadata.addLabel(k, v);
    stableSelector(this.deployment, this.selectorLabels);
    if (props.spreadOverNodes) spreadOverNodes(this.deployment, this.selectorLabels);

    this.service = new kplus.Service(this, 'Service', {
      metadata: meta(this.name),
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      ports: props.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.port,
        protocol: p.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP,
      })),
    });
  }
}

/** First 16 hex digits of the sha256 of `data` in key order: stable across runs, changes with any value. */
function contentHash(data: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(data)
    .sort()
    .map((k) => [k, data[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}
