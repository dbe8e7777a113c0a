import type { Construct } from 'constructs';
import { ISTIO_PROMETHEUS_TLS, ServiceMonitor } from '../../constructs/common/service-monitor';

export { ISTIO_PROMETHEUS_TLS } from '../../constructs/common/service-monitor';

export interface MetricsServiceMonitorProps {
  /** ServiceMonitor name. */
  readonly name: string;
  /** Labels of the Services to scrape. */
  readonly serviceLabels: Readonly<Record<string, string>>;
  /** Name of the Service port to scrape (must exist on the selected Services). */
  readonly port: string;
  /**
   * Namespace of the ServiceMonitor and of the Services it selects.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Service labels copied onto every scraped series (e.g. `env`, so queries can be scoped per app environment).
   * @default - none
   */
  readonly targetLabels?: readonly string[];
  /**
   * Scrape through Istio mTLS with Prometheus' mesh certificate (the target enforces STRICT mTLS).
   * @default false
   */
  readonly meshTls?: boolean;
  /**
   * Metrics path.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Scrape interval.
   * @default '30s'
   */
  readonly interval?: string;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Prometheus Operator ServiceMonitor for Services in one namespace (runbook: Monitoring Prerequisites — app and
 * controller metrics are scraped via ServiceMonitors in the shipshape namespace): common/service-monitor.ts with
 * plain HTTP or Istio mTLS.
 */
export class MetricsServiceMonitor extends ServiceMonitor {
  constructor(scope: Construct, id: string, props: MetricsServiceMonitorProps) {
    super(scope, id, {
      ...props,
      namespace: props.namespace ?? 'shipshape',
      ...(props.meshTls ? { scheme: 'https', tlsConfig: ISTIO_PROMETHEUS_TLS } : { scheme: 'http' }),
    });
  }
}
