/**
 * One Zen Watcher instance: Deployment, Service, PodDisruptionBudget (with 2+ replicas) and its leader-election
 * Lease. The replicated pattern renders one instance named `zen-watcher`; namespace sharding renders one per shard
 * (`zen-watcher-<shard>`), each with WATCH_NAMESPACE and its own Lease, so each shard elects its own leader
 * ("Pattern 3: Namespace Sharding"). All instances run as the one `zen-watcher` ServiceAccount: the guide's
 * admission policy names exactly that identity as the status writer.
 *
 * Values from the guide: liveness `/health` (30 s delay, every 30 s), readiness `/ready` (10 s, every 10 s),
 * startup `/ready` (every 5 s, 30 failures = 150 s), port 8080 serving `/metrics`, RollingUpdate maxSurge 1 /
 * maxUnavailable 0 ("Zero-Downtime Updates"), preferred anti-affinity on kubernetes.io/hostname, PDB minAvailable 1,
 * leader election 15 s / 10 s / 2 s.
 */
import { Construct } from 'constructs';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { podsWithLabels, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, stableSelector } from '../../constructs/common/workload';
import { LABEL_NAME } from '../../constructs/common/labels';
import { ZEN_WATCHER_RESOURCE_PROFILES, type ZenWatcherResources } from './resource-profiles';

export const ZEN_WATCHER_APP = 'zen-watcher';
export const ZEN_WATCHER_PORT = 8080;
export const ZEN_WATCHER_PORT_NAME = 'http';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';

export interface LeaderElectionTimings {
  /** @default 15 */
  readonly leaseDurationSeconds?: number;
  /** @default 10 */
  readonly renewDeadlineSeconds?: number;
  /** @default 2 */
  readonly retryPeriodSeconds?: number;
}

export interface ZenWatcherInstanceProps {
  /** Namespace of every object (zen-system). */
  readonly namespace: string;
  /** The watcher image, from images.lock.json. */
  readonly image: string;
  /**
   * Instance name: the Deployment, Service, PDB and (with `-leader-election`) Lease name.
   * @default 'zen-watcher'
   */
  readonly name?: string;
  /**
   * Pod replicas; with 2 or more a PDB with minAvailable 1 is rendered.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Requests and limits.
   * @default - the guide's production settings (100m/500m CPU, 128Mi/512Mi memory)
   */
  readonly resources?: ZenWatcherResources;
  /**
   * Namespaces this instance watches (WATCH_NAMESPACE, comma-separated).
   * @default - no WATCH_NAMESPACE: the instance watches every namespace
   */
  readonly watchNamespaces?: readonly string[];
  /**
   * Leader-election Lease name.
   * @default '<name>-leader-election'
   */
  readonly leaseName?: string;
  /**
   * Leader-election timings; must satisfy lease duration > renew deadline > retry period.
   * @default - 15 s lease, 10 s renew deadline, 2 s retry period
   */
  readonly leaderElection?: LeaderElectionTimings;
  /**
   * ServiceAccount the pods run as.
   * @default 'zen-watcher'
   */
  readonly serviceAccountName?: string;
  /**
   * Metadata labels of every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export class ZenWatcherInstance extends Construct {
  public readonly name: string;
  public readonly leaseName: string;
  public readonly replicas: number;
  /** Labels the Deployment selects its pods by (and the Service and PDB select on). */
  public readonly selectorLabels: Record<string, string>;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: ZenWatcherInstanceProps) {
    super(scope, id);
    const name = props.name ?? ZEN_WATCHER_APP;
    const replicas = props.replicas ?? 2;
    const resources = props.resources ?? ZEN_WATCHER_RESOURCE_PROFILES.production;
    const leaseName = props.leaseName ?? `${name}-leader-election`;
    const lease = props.leaderElection?.leaseDurationSeconds ?? 15;
    const renew = props.leaderElection?.renewDeadlineSeconds ?? 10;
    const retry = props.leaderElection?.retryPeriodSeconds ?? 2;
    const serviceAccountName = props.serviceAccountName ?? ZEN_WATCHER_APP;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`zen-watcher instance ${name}: replicas must be an integer >= 1, got ${replicas}`);
    if (!(lease > renew && renew > retry && retry > 0)) {
      throw new Error(
        `zen-watcher instance ${name}: leader election needs lease duration > renew deadline > retry period > 0, got ${lease}s > ${renew}s > ${retry}s`,
      );
    }
    if (props.watchNamespaces && props.watchNamespaces.length === 0) {
      throw new Error(`zen-watcher instance ${name}: watchNamespaces is empty; leave it unset to watch every namespace or list the shard's namespaces`);
    }
    if (resources.cpuRequestMillis > resources.cpuLimitMillis || resources.memoryRequestMebibytes > resources.memoryLimitMebibytes) {
      throw new Error(`zen-watcher instance ${name}: requests must not exceed limits, got ${JSON.stringify(resources)}`);
    }
    this.name = name;
    this.leaseName = leaseName;
    this.replicas = replicas;
    this.selectorLabels = { [LABEL_NAME]: ZEN_WATCHER_APP, [LABEL_INSTANCE]: name };
    // `app: zen-watcher` because the guide's commands select on it (kubectl logs -l app=zen-watcher).
    const labels = { ...props.labels, ...this.selectorLabels, app: ZEN_WATCHER_APP };

    const env: Record<string, kplus.EnvValue> = {
      POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
      LEADER_ELECTION_ID: kplus.EnvValue.fromValue(leaseName),
      LEADER_ELECTION_LEASE_DURATION: kplus.EnvValue.fromValue(`${lease}s`),
      LEADER_ELECTION_RENEW_DEADLINE: kplus.EnvValue.fromValue(`${renew}s`),
      LEADER_ELECTION_RETRY_PERIOD: kplus.EnvValue.fromValue(`${retry}s`),
    };
    if (props.watchNamespaces) env.WATCH_NAMESPACE = kplus.EnvValue.fromValue(props.watchNamespaces.join(','));

    const http = (path: string, p: { delay: number; period: number; timeout: number; failures: number }) =>
      kplus.Probe.fromHttpGet(path, {
        port: ZEN_WATCHER_PORT,
        initialDelaySeconds: Duration.seconds(p.delay),
        periodSeconds: Duration.seconds(p.period),
        timeoutSeconds: Duration.seconds(p.timeout),
        successThreshold: 1,
        failureThreshold: p.failures,
      });

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name, namespace: props.namespace, labels },
      select: false,
      replicas,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'service-account', serviceAccountName),
      automountServiceAccountToken: true,
      securityContext: RESTRICTED_POD_SECURITY,
      containers: [
        {
          name: ZEN_WATCHER_APP,
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          // The watcher's own flag for the Lease name (default zen-watcher-leader-election): a shard must not
          // compete for another shard's Lease.
          args: [`--leader-election-id=${leaseName}`],
          ports: [{ number: ZEN_WATCHER_PORT, name: ZEN_WATCHER_PORT_NAME, protocol: kplus.Protocol.TCP }],
          envVariables: env,
          liveness: http('/health', { delay: 30, period: 30, timeout: 5, failures: 3 }),
          readiness: http('/ready', { delay: 10, period: 10, timeout: 5, failures: 3 }),
          startup: http('/ready', { delay: 0, period: 5, timeout: 3, failures: 30 }),
          resources: {
            cpu: { request: kplus.Cpu.millis(resources.cpuRequestMillis), limit: kplus.Cpu.millis(resources.cpuLimitMillis) },
            memory: { request: Size.mebibytes(resources.memoryRequestMebibytes), limit: Size.mebibytes(resources.memoryLimitMebibytes) },
          },
          securityContext: RESTRICTED_CONTAINER_SECURITY,
        },
      ],
    });
    // Read-only root filesystem: scratch space for the Go runtime and client caches.
    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    this.deployment.containers[0].mount('/tmp', tmp);
    for (const [k, v] of Object.entries(labels)) this.deployment.podMetadata.addLabel(k, v);
    stableSelector(this.deployment, this.selectorLabels);
    // The guide's "Anti-Affinity" block, verbatim: spread watcher pods over nodes when the scheduler can.
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/affinity', {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: { matchExpressions: [{ key: LABEL_NAME, operator: 'In', values: [ZEN_WATCHER_APP] }] },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      }),
    );

    this.service = new kplus.Service(this, 'service', {
      metadata: { name, namespace: props.namespace, labels },
      selector: podsWithLabels(this, 'pods', this.selectorLabels),
      ports: [{ name: ZEN_WATCHER_PORT_NAME, port: ZEN_WATCHER_PORT, targetPort: ZEN_WATCHER_PORT, protocol: kplus.Protocol.TCP }],
    });

    // "Pod Disruption Budget: for multiple replicas ... minAvailable: 1". With one replica it would block every
    // node drain, so there is none.
    if (replicas >= 2) {
      new kplus.k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: { name, namespace: props.namespace, labels },
        spec: { minAvailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.selectorLabels } },
      });
    }

    // Rendered so its name is fixed and the RBAC can name it; the holder fields are the controller's (the manifest
    // sets none, so GitOps never fights the election).
    // Flux creates the Lease once and never re-applies it: its spec belongs to whichever replica holds it.
    new kplus.k8s.KubeLease(this, 'lease', {
      metadata: { name: leaseName, namespace: props.namespace, labels, annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' } },
    });
  }
}
