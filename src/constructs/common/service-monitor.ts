/**
 * The ServiceMonitor every system renders: it scrapes one named port of the selected Services in its own
 * namespace, optionally stamping every series with fixed labels through relabeling (so alerts can select on
 * `env` or `cluster` without the components knowing where they run) or copying Service labels onto them. The
 * Zen Watcher, admission guard, runtime plane and Shipshape monitors are this with their settings.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Istio's documented client-certificate files for a Prometheus that scrapes STRICT-mTLS workloads. */
export const ISTIO_PROMETHEUS_TLS = {
  caFile: '/etc/prom-certs/root-cert.pem',
  certFile: '/etc/prom-certs/cert-chain.pem',
  keyFile: '/etc/prom-certs/key.pem',
  // Istio certificates carry SPIFFE URIs, not DNS names, so host verification cannot apply.
  insecureSkipVerify: true,
} as const;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface ServiceMonitorProps {
  /** ServiceMonitor name. */
  readonly name: string;
  /** Namespace of the ServiceMonitor and of the Services it selects. */
  readonly namespace: string;
  /** Labels of the Services to scrape (not empty: an empty selector scrapes every Service in the namespace). */
  readonly serviceLabels: Readonly<Record<string, string>>;
  /** Name of the Service port to scrape. */
  readonly port: string;
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
   * Scrape timeout.
   * @default - Prometheus' default
   */
  readonly scrapeTimeout?: string;
  /**
   * Scheme of the scrape.
   * @default - not set (Prometheus scrapes http)
   */
  readonly scheme?: 'http' | 'https';
  /**
   * TLS settings of the scrape (with scheme https).
   * @default - none
   */
  readonly tlsConfig?: Readonly<Record<string, unknown>>;
  /**
   * Labels added to every series (name → value), through relabeling.
   * @default - none
   */
  readonly staticLabels?: Readonly<Record<string, string>>;
  /**
   * Service labels copied onto every series.
   * @default - none
   */
  readonly targetLabels?: readonly string[];
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export class ServiceMonitor extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id);
    if (Object.keys(props.serviceLabels).length === 0) {
      throw new Error(`ServiceMonitor ${props.name}: serviceLabels is empty; an empty selector scrapes every Service in the namespace`);
    }
    const names = Object.keys(props.staticLabels ?? {}).sort();
    for (const name of names) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) {
        throw new Error(
          `ServiceMonitor ${props.name}: label name ${JSON.stringify(name)} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`,
        );
      }
    }
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: { ...props.serviceLabels } },
        namespaceSelector: { matchNames: [props.namespace] },
        ...(props.targetLabels?.length ? { targetLabels: [...props.targetLabels] } : {}),
        endpoints: [
          {
            port: props.port,
            path: props.path ?? '/metrics',
            interval: props.interval ?? '30s',
            ...(props.scheme ? { scheme: props.scheme } : {}),
            ...(props.tlsConfig ? { tlsConfig: { ...props.tlsConfig } } : {}),
            ...(props.scrapeTimeout ? { scrapeTimeout: props.scrapeTimeout } : {}),
            ...(names.length ? { relabelings: names.map((name) => ({ action: 'replace', targetLabel: name, replacement: props.staticLabels![name] })) } : {}),
          },
        ],
      },
    });
  }
}
