/**
 * A ServiceMonitor for a runtime-plane Service that stamps every scraped series with the environment's
 * `zastava.runtime.metrics.commonTags` (runbook §2.1: "metrics.commonTags.cluster for Prometheus labels") and the
 * `env` label the alerts select on, through relabeling — the components need not know where they run.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

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

export class RuntimeServiceMonitor extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: RuntimeServiceMonitorProps) {
    super(scope, id);
    const names = Object.keys(props.staticLabels).sort();
    for (const name of names) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) {
        throw new Error(`ServiceMonitor ${props.name}: label name ${JSON.stringify(name)} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`);
      }
    }
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: props.serviceSelector },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [
          {
            port: props.port,
            path: props.path ?? '/metrics',
            interval: props.interval ?? '30s',
            relabelings: names.map((name) => ({ action: 'replace', targetLabel: name, replacement: props.staticLabels[name] })),
          },
        ],
      },
    });
  }
}
