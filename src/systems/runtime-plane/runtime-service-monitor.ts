/**
 * A ServiceMonitor (common/service-monitor.ts) for a runtime-plane Service that stamps every scraped series with the environment's
 * `zastava.runtime.metrics.commonTags` (runbook §2.1: "metrics.commonTags.cluster for Prometheus labels") and the
 * `env` label the alerts select on, through relabeling — the components need not know where they run.
 */
import type { Construct } from 'constructs';
import { ServiceMonitor } from '../../constructs/common/service-monitor';

export interface RuntimeServiceMonitorProps {
  /** ServiceMonitor name (usually the Service's). */
  readonly name: string;
  readonly namespace: string;
  /** Metadata labels. */
  readonly labels: Record<string, string>;
  /** Labels of the Service(s) to scrape. */
  readonly serviceSelector: Record<string, string>;
  /** Name of the Service port serving /metrics. */
  readonly port: string;
  /** Prometheus labels added to every series of the target (name → value), e.g. `{ cluster, env }`. */
  readonly staticLabels: Record<string, string>;
  /**
   * Scrape interval.
   * @default '30s'
   */
  readonly interval?: string;
  /**
   * Metrics path.
   * @default '/metrics'
   */
  readonly path?: string;
}

export class RuntimeServiceMonitor extends ServiceMonitor {
  constructor(scope: Construct, id: string, props: RuntimeServiceMonitorProps) {
    super(scope, id, { ...props, serviceLabels: props.serviceSelector });
  }
}
