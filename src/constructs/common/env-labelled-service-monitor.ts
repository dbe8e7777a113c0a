/**
 * A ServiceMonitor (service-monitor.ts) that scrapes `/metrics` over plain HTTP on one named port of the selected Services in its own
 * namespace, and adds an `env` label to every series, so alert expressions can be scoped to their environment
 * (`env="prod"`) even in a federated Prometheus. The Zen Watcher and the admission guard use it.
 */
import type { Construct } from 'constructs';
import { ServiceMonitor } from './service-monitor';

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

export class EnvLabelledServiceMonitor extends ServiceMonitor {
  constructor(scope: Construct, id: string, props: EnvLabelledServiceMonitorProps) {
    super(scope, id, {
      name: props.name,
      namespace: props.namespace,
      serviceLabels: props.serviceLabels,
      port: props.portName,
      scheme: 'http',
      interval: props.interval,
      scrapeTimeout: '10s',
      staticLabels: { env: props.envLabel },
      labels: props.labels,
    });
  }
}
