import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY, podsWithLabels, stableSelector } from '../../constructs/common/workload';
import { containerResources, type ResourceFigures } from '../../constructs/common/resources';

export interface HelloworldAppProps {
  /** App environment (`test`, `prod`): the `env` label and the name suffix of every object. */
  readonly appEnv: string;
  /** Pinned image (from images.lock.json). */
  readonly image: string;
  /** What the app serves: ConfigMap key MESSAGE. */
  readonly message: string;
  /**
   * Namespace (created by the namespaces stage).
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Replicas; ignored once an autoscaler targets the Deployment (see HelloworldAutoscaling).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * HTTP port of the app (serves /, /healthz, /readyz and /metrics).
   * @default 8000
   */
  readonly port?: number;
  /**
   * Container resources.
   * @default - 100m/500m CPU, 128Mi/256Mi memory
   */
  readonly resources?: ResourceFigures;
  /**
   * Extra metadata labels for every object and the pod template (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const HELLOWORLD_APP = 'helloworld';
export const DEFAULT_APP_RESOURCES: ResourceFigures = { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 };

/**
 * One app environment of the helloworld service (runbook: Istio Routing Verification, Validate
 * ConfigMap-Driven Restart Semantics): ConfigMap `helloworld-config-<env>` with MESSAGE, ServiceAccount,
 * Deployment and Service `helloworld-<env>`, all labelled `app=helloworld`, `env=<env>` — the labels the controller
 * restarts by and the Service label the app ServiceMonitor copies into every series (`targetLabels: [env]`).
 */
export class HelloworldApp extends Construct {
  public readonly appEnv: string;
  public readonly name: string;
  public readonly namespace: string;
  public readonly port: number;
  /** `app=helloworld, env=<env>`: selector of the pods, and labels of the ConfigMap and Service. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly configMap: kplus.ConfigMap;
  public readonly serviceAccount: kplus.ServiceAccount;

  constructor(scope: Construct, id: string, props: HelloworldAppProps) {
    super(scope, id);
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(props.appEnv)) throw new Error(`${id}: appEnv must be a DNS label such as "test" or "prod", got "${props.appEnv}"`);
    if (!props.message) throw new Error(`${id}: message is empty; set the MESSAGE the app environment serves`);
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`${id}: replicas must be a positive integer, got ${replicas}`);
    this.appEnv = props.appEnv;
    this.name = `${HELLOWORLD_APP}-${props.appEnv}`;
    this.namespace = props.namespace ?? 'shipshape';
    this.port = props.port ?? 8000;
    this.selectorLabels = { app: HELLOWORLD_APP, env: props.appEnv };
    const labels = { ...props.labels, ...this.selectorLabels };
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });

    this.configMap = new kplus.ConfigMap(this, 'Config', { metadata: meta(`${HELLOWORLD_APP}-config-${props.appEnv}`), data: { MESSAGE: props.message } });
    // The app never calls the Kubernetes API: no token in the pod.
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(this.name), automountToken: false });

    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    const probe = (path: string, failureThreshold: number) =>
      kplus.Probe.fromHttpGet(path, { port: this.port, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2), failureThreshold });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: meta(this.name),
      replicas,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: RESTRICTED_POD_SECURITY,
      podMetadata: { annotations: { 'kubectl.kubernetes.io/default-container': HELLOWORLD_APP } },
      containers: [
        {
          name: HELLOWORLD_APP,
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: 'http', number: this.port, protocol: kplus.Protocol.TCP }],
          envFrom: [kplus.Env.fromConfigMap(this.configMap)],
          // /healthz is process liveness; /readyz also reports the config source (the runbook's app contract).
          startup: probe('/healthz', 30),
          liveness: probe('/healthz', 3),
          readiness: probe('/readyz', 3),
          resources: containerResources(props.resources ?? DEFAULT_APP_RESOURCES, `${id}.resources`),
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          volumeMounts: [{ path: '/tmp', volume: tmp }],
        },
      ],
    });
    for (const [k, v] of Object.entries(props.labels ?? {})) this.deployment.podMetadata.addLabel(k, v);
    stableSelector(this.deployment, this.selectorLabels);

    this.service = new kplus.Service(this, 'Service', {
      metadata: meta(this.name),
      selector: podsWithLabels(this, 'Pods', this.selectorLabels),
      // The port name carries the protocol for Istio and is what the ServiceMonitor scrapes by.
      ports: [{ name: 'http', port: this.port, targetPort: this.port, protocol: kplus.Protocol.TCP }],
    });
  }
}

