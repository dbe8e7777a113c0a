/**
 * A ServiceMonitor that scrapes `/metrics` over plain HTTP on one named port of the selected Services in its own
 * namespace, and adds an `env` label to every series, so alert expressions can be scoped to their environment
 * (`env="prod"`) even in a federated Prometheus. The Zen Watcher and the admission guard use it.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface EnvLabelledServiceMonitorProps {
  /** ServiceMonitor name. */
  readonly name: string;
  /** Namespace of the ServiceMonitor and the Services it selects. */
  readonly namespace: string;
  /** Labels of the Services to scrape. */
  readonly serviceLabels: Record<string, string>;
  /** Name of the Service port serving /metrics. */
  readonly portName: string;
  /** Value of the `env` label added to every series (`prod` in production). */
  readonly envLabel: string;
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

export class EnvLabelledServiceMonitor extends Construct {
  public readonly serviceMonitor: ApiObject;

  constructor(scope: Construct, id: string, props: EnvLabelledServiceMonitorProps) {
    super(scope, id);
    if (Object.keys(props.serviceLabels).length === 0) {
      throw new Error(`${new.target.name}: serviceLabels is empty; an empty selector scrapes every Service in the namespace`);
    }
    this.serviceMonitor = new ApiObject(this, 'ServiceMonitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
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
