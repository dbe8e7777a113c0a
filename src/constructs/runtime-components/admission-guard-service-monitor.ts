/**
 * Prometheus scrapes the guard's plain-HTTP `metrics` port: plimsoll_admission_decisions_total{webhook,decision},
 * plimsoll_admission_rule_decisions_total{webhook,rule,decision}, plimsoll_admission_fail_open_total{namespace},
 * the plimsoll_admission_latency_ms histogram and the bad-request and certificate-reload counters. Every series
 * gets `env`, as the platform's other ServiceMonitors do.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface AdmissionGuardServiceMonitorProps {
  /** Namespace of the ServiceMonitor and the guard Service. */
  readonly namespace: string;
  /** Labels of the guard Service. */
  readonly serviceLabels: Record<string, string>;
  /** Name of the Service port serving /metrics. */
  readonly portName: string;
  /** Value of the `env` label (`prod` in production). */
  readonly envLabel: string;
  /**
   * ServiceMonitor name.
   * @default 'plimsoll-admission-guard'
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

export class AdmissionGuardServiceMonitor extends Construct {
  public readonly serviceMonitor: ApiObject;

  constructor(scope: Construct, id: string, props: AdmissionGuardServiceMonitorProps) {
    super(scope, id);
    if (Object.keys(props.serviceLabels).length === 0) throw new Error('AdmissionGuardServiceMonitor: serviceLabels is empty; an empty selector scrapes every Service in the namespace');
    this.serviceMonitor = new ApiObject(this, 'ServiceMonitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name ?? 'plimsoll-admission-guard', namespace: props.namespace, labels: props.labels },
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
