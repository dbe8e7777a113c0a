import type { Construct } from 'constructs';
import type * as kplus from 'cdk8s-plus-28';
import type { ResourceFigures } from '../../constructs/common/resources';
import { WebApp } from '../../constructs/app/web-app';

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
   * Spread the replicas over nodes (an autoscaled Deployment runs two or more whatever `replicas` says).
   * @default - when replicas is 2 or more
   */
  readonly spreadOverNodes?: boolean;
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
export { DEFAULT_APP_RESOURCES } from '../../constructs/app/web-app';

/**
 * One app environment of the helloworld service (runbook: Istio Routing Verification, Validate
 * ConfigMap-Driven Restart Semantics): ConfigMap `helloworld-config-<env>` with MESSAGE, ServiceAccount,
 * Deployment and Service `helloworld-<env>`, all labelled `app=helloworld`, `env=<env>` — the labels the controller
 * restarts by and the Service label the app ServiceMonitor copies into every series (`targetLabels: [env]`).
 * A WebApp with the runbook's names; no config hash on the pods, since restarts are the controller's job.
 */
export class HelloworldApp extends WebApp {
  public readonly appEnv: string;
  declare public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: HelloworldAppProps) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(props.appEnv))
      throw new Error(`${id}: appEnv must be a DNS label such as "test" or "prod", got "${props.appEnv}"`);
    if (!props.message) throw new Error(`${id}: message is empty; set the MESSAGE the app environment serves`);
    super(scope, id, {
      name: `${HELLOWORLD_APP}-${props.appEnv}`,
      namespace: props.namespace ?? 'shipshape',
      image: props.image,
      selectorLabels: { app: HELLOWORLD_APP, env: props.appEnv },
      // The port name carries the protocol for Istio and is what the ServiceMonitor scrapes by.
      ports: [{ name: 'http', port: props.port ?? 8000 }],
      replicas: props.replicas,
      spreadOverNodes: props.spreadOverNodes ?? (props.replicas ?? 2) >= 2,
      env: { MESSAGE: props.message },
      envConfigMapName: `${HELLOWORLD_APP}-config-${props.appEnv}`,
      rollOnConfigChange: false,
      // /healthz is process liveness; /readyz also reports the config source (the runbook's app contract): the defaults.
      resources: props.resources,
      containerName: HELLOWORLD_APP,
      labels: props.labels,
    });
    this.appEnv = props.appEnv;
  }
}
