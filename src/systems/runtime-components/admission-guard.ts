/**
 * The Plimsoll admission guard's backend (src/runtime/admission-guard): ServiceAccount (no API access, no token),
 * ConfigMap with config.json (the environment's resolved object rules, waivers, trusted digests, fail-open
 * namespaces, status writers), Deployment (at least 2 replicas, rolling without losing a backend, spread over
 * zones and nodes, restricted security context, HTTPS probes), Service (443 → 8443 for the API server, 9090
 * `metrics` for Prometheus) and PodDisruptionBudget (minAvailable 1). The serving certificate is the Secret a
 * cert-manager Certificate writes (AdmissionGuardCertificate), mounted read-only; the guard reloads it when it
 * is renewed. The webhook configurations that call it live in the admission stage.
 */
import { createHash } from 'node:crypto';
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { containerResources, type ResourceFigures } from '../../constructs/common/resources';
import { podsWithLabels, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, stableSelector } from '../../constructs/common/workload';
import type { GuardConfigInput } from '../../runtime/admission-guard/config';
import { parseGuardConfig } from '../../runtime/admission-guard/config';

export const ADMISSION_GUARD_NAME = 'plimsoll-admission-guard';
export const PLIMSOLL_SYSTEM_NAMESPACE = 'plimsoll-system';
/** Where the image expects its configuration and certificate (src/runtime/admission-guard/main.ts, config schema). */
export const GUARD_CONFIG_DIR = '/etc/plimsoll/admission-guard/config';
export const GUARD_TLS_DIR = '/etc/plimsoll/admission-guard/tls';

export const ADMISSION_GUARD_RESOURCES: ResourceFigures = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 1000,
  memoryRequestMebibytes: 128,
  memoryLimitMebibytes: 256,
};

export interface AdmissionGuardProps {
  /** The guard image, from images.lock.json (`plimsoll-admission-guard`). */
  readonly image: string;
  /** The guard's configuration (policy, waivers, trusted digests, ...); server ports and file paths are set here. */
  readonly config: GuardConfigInput;
  /** Metadata labels of every object and of the pod template (platform labels). */
  readonly labels: Record<string, string>;
  /**
   * Namespace.
   * @default 'plimsoll-system'
   */
  readonly namespace?: string;
  /**
   * Name of the Deployment, Service, ServiceAccount, ConfigMap and PodDisruptionBudget; pods carry `app=<name>`.
   * @default 'plimsoll-admission-guard'
   */
  readonly name?: string;
  /**
   * Replicas; at least 2, so a drain or a crash never leaves a fail-closed webhook without a backend.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Secret holding tls.crt and tls.key (written by the Certificate).
   * @default '<name>-tls'
   */
  readonly tlsSecretName?: string;
  /**
   * Container port of the HTTPS endpoints (Service port 443).
   * @default 8443
   */
  readonly httpsPort?: number;
  /**
   * Container and Service port of the plain-HTTP /metrics.
   * @default 9090
   */
  readonly metricsPort?: number;
  /**
   * CPU and memory requests and limits.
   * @default ADMISSION_GUARD_RESOURCES (100m/1 CPU, 128/256 MiB)
   */
  readonly resources?: ResourceFigures;
}

export class AdmissionGuard extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly configMap: kplus.ConfigMap;
  public readonly selectorLabels: Record<string, string>;
  /** The rendered config.json (what the guard reads). */
  public readonly configJson: string;
  public readonly servicePort = 443;
  public readonly metricsPortName = 'metrics';
  public readonly tlsSecretName: string;

  constructor(scope: Construct, id: string, props: AdmissionGuardProps) {
    super(scope, id);
    this.name = props.name ?? ADMISSION_GUARD_NAME;
    this.namespace = props.namespace ?? PLIMSOLL_SYSTEM_NAMESPACE;
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 2)
      throw new Error(`admission guard replicas must be an integer >= 2 (a fail-closed webhook needs a backend through drains and crashes), got ${replicas}`);
    const httpsPort = props.httpsPort ?? 8443;
    const metricsPort = props.metricsPort ?? 9090;
    if (httpsPort === metricsPort) throw new Error(`admission guard httpsPort and metricsPort must differ, both are ${httpsPort}`);
    this.tlsSecretName = props.tlsSecretName ?? `${this.name}-tls`;
    const figures = props.resources ?? ADMISSION_GUARD_RESOURCES;
    this.selectorLabels = { app: this.name };
    const labels = { ...props.labels, ...this.selectorLabels };

    const config: GuardConfigInput = {
      ...props.config,
      server: { ...props.config.server, port: httpsPort, metricsPort, tlsCertFile: `${GUARD_TLS_DIR}/tls.crt`, tlsKeyFile: `${GUARD_TLS_DIR}/tls.key` },
    };
    // Fails synth (not the pod at start) on a configuration the guard would refuse.
    parseGuardConfig(config, `ConfigMap ${this.namespace}/${this.name}`);
    this.configJson = `${JSON.stringify(config, null, 2)}\n`;
    const checksum = createHash('sha256').update(this.configJson).digest('hex');

    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      // The guard judges what the API server sends it; it never calls the API.
      automountToken: false,
    });
    this.configMap = new kplus.ConfigMap(this, 'ConfigMap', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      data: { 'config.json': this.configJson },
    });

    const probe = (path: string, periodSeconds: number, failureThreshold: number) =>
      kplus.Probe.fromHttpGet(path, {
        port: httpsPort,
        scheme: kplus.ConnectionScheme.HTTPS,
        periodSeconds: Duration.seconds(periodSeconds),
        timeoutSeconds: Duration.seconds(2),
        failureThreshold,
      });
    // V8's heap stays below the container limit, leaving room for buffers and TLS.
    const heapMb = Math.floor(figures.memoryLimitMebibytes * 0.6);
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      select: false,
      replicas,
      // Never below the desired count during a rollout: a fail-closed webhook with too few backends blocks writes.
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: 'guard',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [
            { name: 'https', number: httpsPort },
            { name: this.metricsPortName, number: metricsPort },
          ],
          envVariables: {
            PLIMSOLL_ADMISSION_CONFIG: kplus.EnvValue.fromValue(`${GUARD_CONFIG_DIR}/config.json`),
            NODE_OPTIONS: kplus.EnvValue.fromValue(`--max-old-space-size=${heapMb}`),
          },
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          startup: probe('/healthz', 2, 15),
          liveness: probe('/healthz', 10, 3),
          readiness: probe('/readyz', 5, 2),
          resources: containerResources(figures, 'admission guard'),
        },
      ],
    });
    const container = this.deployment.containers[0];
    const secret = kplus.Secret.fromSecretName(this, 'TlsSecret', this.tlsSecretName);
    container.mount(GUARD_TLS_DIR, kplus.Volume.fromSecret(this, 'TlsVolume', secret, { name: 'tls' }), { readOnly: true });
    container.mount(GUARD_CONFIG_DIR, kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' }), { readOnly: true });

    for (const [k, v] of Object.entries(labels)) this.deployment.podMetadata.addLabel(k, v);
    stableSelector(this.deployment, this.selectorLabels);
    const api = ApiObject.of(this.deployment);
    api.addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selectorLabels } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selectorLabels } },
      ]),
    );
    // A configuration change rolls the pods (the guard reads its configuration once, at start).
    api.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { 'plimsoll.dev/config-sha256': checksum }));

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      ports: [
        { name: 'https', port: this.servicePort, targetPort: httpsPort },
        { name: this.metricsPortName, port: metricsPort, targetPort: metricsPort },
      ],
    });

    new kplus.k8s.KubePodDisruptionBudget(this, 'Pdb', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: { minAvailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.selectorLabels } },
    });
  }
}
