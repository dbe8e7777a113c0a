import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, podsWithLabels, spreadOverNodes, stableSelector } from '../../constructs/common/workload';
import { DisruptionBudget } from '../../constructs/common/disruption-budget';
import { containerResources, type ResourceFigures } from '../../constructs/common/resources';
import { HELLOWORLD_APP } from './helloworld-app';

export interface LeaderElectionTimings {
  /**
   * How long a lease is valid without renewal (LEADER_ELECTION_LEASE_DURATION_SECONDS).
   * @default 15
   */
  readonly leaseDurationSeconds?: number;
  /**
   * How long the leader keeps trying to renew before stepping down (LEADER_ELECTION_RENEW_DEADLINE_SECONDS).
   * @default 10
   */
  readonly renewDeadlineSeconds?: number;
  /**
   * How often candidates retry (LEADER_ELECTION_RETRY_PERIOD_SECONDS).
   * @default 2
   */
  readonly retryPeriodSeconds?: number;
  /**
   * How long a demoted leader waits for its watch loop to stop (LEADER_ELECTION_CONTROLLER_STOP_TIMEOUT_SECONDS).
   * @default 45
   */
  readonly controllerStopTimeoutSeconds?: number;
}

export interface HelloworldControllerProps {
  /** Pinned image (from images.lock.json). */
  readonly image: string;
  /**
   * Namespace it runs in and watches.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Replicas: one leader and a standby ready to take the lease.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Coalescing window for repeated ConfigMap changes (DEBOUNCE_SECONDS).
   * @default 5
   */
  readonly debounceSeconds?: number;
  /**
   * Lease timings; retryPeriod < renewDeadline < leaseDuration.
   * @default - 15 s lease, 10 s renew deadline, 2 s retry, 45 s stop timeout
   */
  readonly leaderElection?: LeaderElectionTimings;
  /**
   * LOG_LEVEL.
   * @default 'INFO'
   */
  readonly logLevel?: string;
  /**
   * Port of /healthz, /readyz, /leadz and /metrics.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Container resources.
   * @default - 50m/250m CPU, 96Mi/192Mi memory
   */
  readonly resources?: ResourceFigures;
  /**
   * Extra metadata labels for every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const CONTROLLER_NAME = 'helloworld-controller';
export const DEFAULT_CONTROLLER_RESOURCES: ResourceFigures = {
  cpuRequestMillis: 50,
  cpuLimitMillis: 250,
  memoryRequestMebibytes: 96,
  memoryLimitMebibytes: 192,
};

/**
 * The ConfigMap reload controller (runbook: Validate ConfigMap-Driven Restart Semantics, Controller alert
 * runbooks): it watches ConfigMaps labelled `app=helloworld` in its namespace and patches the matching
 * Deployments' pod templates to roll them. Two replicas elect a leader through the Lease
 * `helloworld-controller-leader`. Kubernetes probes use `/healthz` so the standby stays Ready; `/readyz` is
 * leadership-aware (503 on followers) and only for operators.
 *
 * Objects: ServiceAccount, Role (configmaps get/list/watch, deployments get/list/patch, the one Lease
 * get/update/patch — explicit verbs, no create, no wildcards), RoleBinding, Lease, Deployment and the metrics
 * Service, all named `helloworld-controller` (the Lease `-leader`).
 */
export class HelloworldController extends Construct {
  public readonly name = CONTROLLER_NAME;
  public readonly namespace: string;
  public readonly port: number;
  public readonly leaseName: string;
  public readonly selectorLabels: Readonly<Record<string, string>> = { app: CONTROLLER_NAME };
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: HelloworldControllerProps) {
    super(scope, id);
    this.namespace = props.namespace ?? 'shipshape';
    this.port = props.port ?? 8080;
    this.leaseName = `${CONTROLLER_NAME}-leader`;
    const replicas = props.replicas ?? 2;
    const debounce = props.debounceSeconds ?? 5;
    const lease = props.leaderElection?.leaseDurationSeconds ?? 15;
    const renew = props.leaderElection?.renewDeadlineSeconds ?? 10;
    const retry = props.leaderElection?.retryPeriodSeconds ?? 2;
    const stopTimeout = props.leaderElection?.controllerStopTimeoutSeconds ?? 45;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`${id}: replicas must be a positive integer, got ${replicas}`);
    if (!Number.isInteger(debounce) || debounce < 0) throw new Error(`${id}: debounceSeconds must be a non-negative integer, got ${debounce}`);
    if (!(retry < renew && renew < lease)) {
      throw new Error(`${id}: leader election needs retryPeriodSeconds < renewDeadlineSeconds < leaseDurationSeconds, got ${retry} / ${renew} / ${lease}`);
    }
    const labels = { ...props.labels, ...this.selectorLabels };
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });

    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(CONTROLLER_NAME), automountToken: true });

    const role = new kplus.k8s.KubeRole(this, 'Role', {
      metadata: meta(CONTROLLER_NAME),
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [this.leaseName], verbs: ['get', 'update', 'patch'] },
      ],
    });
    new kplus.k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: meta(CONTROLLER_NAME),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    });

    new kplus.k8s.KubeLease(this, 'Lease', {
      metadata: {
        ...meta(this.leaseName),
        // Flux creates the Lease once and never overwrites the holder the replicas write into it.
        annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' },
      },
      spec: {},
    });

    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(16) });
    const probe = (failureThreshold: number) =>
      kplus.Probe.fromHttpGet('/healthz', { port: this.port, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2), failureThreshold });
    const value = (v: string | number) => kplus.EnvValue.fromValue(String(v));

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: meta(CONTROLLER_NAME),
      replicas,
      select: false,
      serviceAccount,
      automountServiceAccountToken: true,
      securityContext: RESTRICTED_POD_SECURITY,
      // A demoted leader flushes pending restarts and stops its watch loop within the stop timeout.
      terminationGracePeriod: Duration.seconds(stopTimeout + 15),
      containers: [
        {
          name: 'controller',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: 'http-metrics', number: this.port, protocol: kplus.Protocol.TCP }],
          envVariables: {
            WATCH_NAMESPACE: value(this.namespace),
            APP_SELECTOR: value(`app=${HELLOWORLD_APP}`),
            DEBOUNCE_SECONDS: value(debounce),
            LEADER_ELECTION_ENABLED: value('true'),
            LEADER_ELECTION_LEASE_NAME: value(this.leaseName),
            LEADER_ELECTION_NAMESPACE: value(this.namespace),
            LEADER_ELECTION_LEASE_DURATION_SECONDS: value(lease),
            LEADER_ELECTION_RENEW_DEADLINE_SECONDS: value(renew),
            LEADER_ELECTION_RETRY_PERIOD_SECONDS: value(retry),
            LEADER_ELECTION_CONTROLLER_STOP_TIMEOUT_SECONDS: value(stopTimeout),
            LOG_LEVEL: value(props.logLevel ?? 'INFO'),
            POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
          },
          // /healthz, not the leadership-aware /readyz: the standby replica must stay Ready.
          startup: probe(30),
          liveness: probe(3),
          readiness: probe(3),
          resources: containerResources(props.resources ?? DEFAULT_CONTROLLER_RESOURCES, `${id}.resources`),
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          volumeMounts: [{ path: '/tmp', volume: tmp }],
        },
      ],
    });
    for (const [k, v] of Object.entries(props.labels ?? {})) this.deployment.podMetadata.addLabel(k, v);
    // No sidecar: the strict egress policy allows only DNS and the API server, and the controller's API traffic
    // must not depend on the mesh it helps operate.
    this.deployment.podMetadata.addLabel('sidecar.istio.io/inject', 'false');
    stableSelector(this.deployment, this.selectorLabels);
    if (replicas >= 2) {
      // Active and standby on different nodes, and a drain never takes both at once.
      spreadOverNodes(this.deployment, this.selectorLabels);
      new DisruptionBudget(this, 'DisruptionBudget', { name: CONTROLLER_NAME, namespace: this.namespace, labels, podLabels: this.selectorLabels });
    }

    this.service = new kplus.Service(this, 'Service', {
      metadata: meta(CONTROLLER_NAME),
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      ports: [{ name: 'http-metrics', port: this.port, targetPort: this.port, protocol: kplus.Protocol.TCP }],
    });
  }
}
