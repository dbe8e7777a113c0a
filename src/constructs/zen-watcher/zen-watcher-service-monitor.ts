/**
 * The ServiceMonitor the guide enables (`serviceMonitor.enabled=true`): Prometheus scrapes `/metrics` on the
 * `http` port (8080) of every zen-watcher Service (one per instance). Every scraped series gets an `env` label, so
 * alert expressions can be scoped to their environment (`env="prod"`) even in a federated Prometheus.
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';

export interface ZenWatcherServiceMonitorProps {
  /** Namespace of the ServiceMonitor and the Services it selects. */
  readonly namespace: string;
  /** Labels every zen-watcher Service carries. */
  readonly serviceLabels: Record<string, string>;
  /** Name of the Service port serving /metrics. */
  readonly portName: string;
  /** Value of the `env` label added to every series (`prod` in production). */
  readonly envLabel: string;
  /**
   * ServiceMonitor name.
   * @default 'zen-watcher'
   */
  readonly name?: string;
  /**
   * Scrape interval.
   * @default '30s'
   */
  readonly interval?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export class ZenWatcherServiceMonitor extends Construct {
  public readonly serviceMonitor: ApiObject;

  constructor(scope: Construct, id: string, props: ZenWatcherServiceMonitorProps) {
    super(scope, id);
    if (Object.keys(props.serviceLabels).length === 0) throw new Error('ZenWatcherServiceMonitor: serviceLabels is empty; an empty selector scrapes every Service in the namespace');
    this.serviceMonitor = new ApiObject(this, 'service-monitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name ?? 'zen-watcher', namespace: props.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: props.serviceLabels },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [
          {
            port: props.portName,
            path: '/metrics',
            scheme: 'http',
            interval: props.interval ?? '30s',
            scrapeTimeout: '10s',
            relabelings: [{ action: 'replace', targetLabel: 'env', replacement: props.envLabel }],
          },
        ],
      },
    });
  }
}
