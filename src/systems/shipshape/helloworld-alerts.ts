import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { alertLabels } from '../../constructs/common/alert-labels';

export interface HelloworldAlertsProps {
  /** Public host of the prod app environment: Istio ingress alerts are scoped to it (`request_host`). */
  readonly prodHost: string;
  /**
   * Where docs/runbooks/ is served; each alert links to `<runbookBaseUrl>/shipshape.md#<its section>`.
   * @default 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks'
   */
  readonly runbookBaseUrl?: string;
  /**
   * PrometheusRule name.
   * @default 'helloworld'
   */
  readonly name?: string;
  /**
   * Namespace of the app, the controller and the PrometheusRule.
   * @default 'shipshape'
   */
  readonly namespace?: string;
  /**
   * Name of the prod HPA and PDB the capacity alerts watch.
   * @default 'helloworld-prod'
   */
  readonly prodWorkloadName?: string;
  /**
   * Certificates whose expiry is watched (cert-manager Certificate names).
   * @default ['helloworld-cert-test', 'helloworld-cert-prod']
   */
  readonly certificateNames?: readonly string[];
  /**
   * Availability SLO of prod (the error budget the burn-rate alerts measure).
   * @default 0.999
   */
  readonly availabilityTarget?: number;
  /**
   * Extra metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The runbook file alerts link into, relative to runbookBaseUrl. */
export const RUNBOOK_FILE = 'shipshape.md';

export type Severity = 'critical' | 'warning';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

interface AlertSpec {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  /** App environment the alert is about, when it is about one. */
  readonly env?: 'prod' | 'test';
  /** Section of docs/runbooks/shipshape.md (its GitHub anchor). */
  readonly runbook: string;
  readonly summary: string;
  readonly description: string;
}

/**
 * Every Shipshape alert (runbook: Monitoring Prerequisites, SLOs, Alert Runbooks) as one PrometheusRule in the
 * monitoring stage — the single home of app monitoring. Prod paging alerts are critical with `paging: "true"` and
 * scoped to prod: app series by `env="prod"` (the label the app ServiceMonitor copies from the Service), ingress
 * series by `request_host="<prod host>"`, kube-state-metrics series by the `helloworld-prod` HPA/PDB; each also
 * carries `env: prod`. Test alerts are `severity: warning`, `paging: "false"`, scoped to `env="test"`. Everything
 * else (pods, certificates, the controller) is a non-paging warning. Each alert's runbook_url points at its section.
 */
export class HelloworldAlerts extends Construct {
  public readonly name: string;
  public readonly groups: ReadonlyArray<{ name: string; rules: AlertRule[] }>;

  constructor(scope: Construct, id: string, props: HelloworldAlertsProps) {
    super(scope, id);
    if (!/^[a-z0-9.-]+$/.test(props.prodHost)) throw new Error(`${id}: prodHost must be a DNS name, got "${props.prodHost}"`);
    const base = props.runbookBaseUrl ?? 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks';
    if (!/^https:\/\/[^#?]*[^/#?]$/.test(base))
      throw new Error(`${id}: runbookBaseUrl must be an https URL without a trailing slash, query or fragment, got "${base}"`);
    const target = props.availabilityTarget ?? 0.999;
    if (!(target > 0 && target < 1)) throw new Error(`${id}: availabilityTarget must be between 0 and 1 (e.g. 0.999), got ${target}`);
    const ns = props.namespace ?? 'shipshape';
    const prod = props.prodWorkloadName ?? 'helloworld-prod';
    const certs = props.certificateNames ?? ['helloworld-cert-test', 'helloworld-cert-prod'];
    if (!certs.length) throw new Error(`${id}: certificateNames is empty; name the Certificates whose expiry is watched`);
    for (const c of certs)
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(c)) throw new Error(`${id}: certificate name "${c}" must be a DNS label (it is matched in a PromQL regex)`);
    this.name = props.name ?? 'helloworld';
    const budget = round(1 - target);

    const app = (env: string, extra = '') => `namespace="${ns}",env="${env}"${extra}`;
    const errorRatio = (env: string, window: string) =>
      `sum(rate(http_requests_total{${app(env, ',status=~"5.."')}}[${window}])) / sum(rate(http_requests_total{${app(env)}}[${window}]))`;
    const p95 = (env: string) => `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${app(env)}}[5m])))`;
    const ingress = (extra = '') => `request_host="${props.prodHost}"${extra}`;
    const ingressRatio = (codes: string) =>
      `sum(rate(istio_requests_total{${ingress(`,response_code${codes}`)}}[5m])) / sum(rate(istio_requests_total{${ingress()}}[5m]))`;
    const hpa = `namespace="${ns}",horizontalpodautoscaler="${prod}"`;
    const pdb = `namespace="${ns}",poddisruptionbudget="${prod}"`;
    const ctl = `namespace="${ns}"`;
    const burn = (factor: number, long: string, short: string) =>
      `(${errorRatio('prod', long)} > (${factor} * ${budget})) and (${errorRatio('prod', short)} > (${factor} * ${budget}))`;

    const appAlerts = (env: 'prod' | 'test', severity: Severity): AlertSpec[] => [
      {
        alert: 'HelloworldHighLatencyP95',
        expr: `${p95(env)} > 0.5`,
        for: '10m',
        severity,
        env,
        runbook: 'runbook-app-high-latency-p95',
        summary: `helloworld-${env} p95 latency above 500 ms`,
        description: `p95 request latency of helloworld-${env} is {{ $value | humanizeDuration }} (threshold 500 ms) for 10 minutes.`,
      },
      {
        alert: 'HelloworldHighErrorRate',
        expr: `${errorRatio(env, '5m')} > 0.05`,
        for: '5m',
        severity,
        env,
        runbook: 'runbook-app-high-error-rate',
        summary: `helloworld-${env} 5xx ratio above 5 %`,
        description: `{{ $value | humanizePercentage }} of helloworld-${env} requests answer 5xx (threshold 5 %) for 5 minutes.`,
      },
    ];

    const groups: Array<{ name: string; specs: AlertSpec[] }> = [
      {
        name: 'helloworld-prod-slo',
        specs: [
          ...appAlerts('prod', 'critical'),
          {
            alert: 'HelloworldErrorBudgetBurnFast',
            expr: burn(14.4, '1h', '5m'),
            for: '2m',
            severity: 'critical',
            env: 'prod',
            runbook: 'runbook-app-slo-burn-rate-fast',
            summary: `helloworld-prod burns its ${pct(target)} error budget 14.4x too fast`,
            description: `5xx ratio over both 1h and 5m is above 14.4 x ${pct(budget)}: at this rate 2 % of the 30-day budget is gone in an hour.`,
          },
          {
            alert: 'HelloworldErrorBudgetBurnSlow',
            expr: burn(6, '6h', '30m'),
            for: '15m',
            severity: 'warning',
            env: 'prod',
            runbook: 'runbook-app-slo-burn-rate-slow',
            summary: `helloworld-prod burns its ${pct(target)} error budget 6x too fast`,
            description: `5xx ratio over both 6h and 30m is above 6 x ${pct(budget)}: at this rate 5 % of the 30-day budget is gone in six hours.`,
          },
        ],
      },
      { name: 'helloworld-test', specs: appAlerts('test', 'warning') },
      {
        name: 'istio-ingress-prod',
        specs: [
          {
            alert: 'IstioGateway5xxRate',
            expr: `${ingressRatio('=~"5.."')} > 0.05`,
            for: '5m',
            severity: 'critical',
            env: 'prod',
            runbook: 'runbook-istio-gateway-5xx',
            summary: `Ingress 5xx ratio for ${props.prodHost} above 5 %`,
            description: `{{ $value | humanizePercentage }} of ingress requests for ${props.prodHost} answer 5xx for 5 minutes.`,
          },
          {
            alert: 'IstioGateway429Saturation',
            expr: `${ingressRatio('="429"')} > 0.1`,
            for: '10m',
            severity: 'warning',
            env: 'prod',
            runbook: 'runbook-ingress-rate-limit-saturation',
            summary: `Ingress rate limit rejects over 10 % of requests for ${props.prodHost}`,
            description: `{{ $value | humanizePercentage }} of ingress requests for ${props.prodHost} are rate limited (429, x-shipshape-ratelimited: true) for 10 minutes.`,
          },
        ],
      },
      {
        name: 'helloworld-prod-capacity',
        specs: [
          {
            alert: 'HelloworldProdHPANearMaxReplicas',
            expr: `kube_horizontalpodautoscaler_status_desired_replicas{${hpa}} / kube_horizontalpodautoscaler_spec_max_replicas{${hpa}} >= 0.9`,
            for: '15m',
            severity: 'critical',
            env: 'prod',
            runbook: 'runbook-prod-hpa-near-max-replicas',
            summary: `HPA ${prod} wants at least 90 % of its max replicas`,
            description: `HPA ${prod} desired replicas are {{ $value | humanizePercentage }} of maxReplicas for 15 minutes.`,
          },
          {
            alert: 'HelloworldProdPDBDisruptionsExhausted',
            expr: `kube_poddisruptionbudget_status_pod_disruptions_allowed{${pdb}} == 0`,
            for: '15m',
            severity: 'critical',
            env: 'prod',
            runbook: 'runbook-prod-pdb-disruptions-exhausted',
            summary: `PDB ${prod} allows no disruption`,
            description: `PDB ${prod} has allowed 0 disruptions for 15 minutes; node drains and evictions are blocked.`,
          },
          {
            alert: 'HelloworldProdPDBInsufficientHealthyPods',
            expr: `kube_poddisruptionbudget_status_current_healthy{${pdb}} < kube_poddisruptionbudget_status_desired_healthy{${pdb}}`,
            for: '5m',
            severity: 'critical',
            env: 'prod',
            runbook: 'runbook-prod-pdb-insufficient-healthy-pods',
            summary: `PDB ${prod} has fewer healthy pods than it requires`,
            description: `PDB ${prod} current healthy pods are below desired healthy for 5 minutes.`,
          },
        ],
      },
      {
        name: 'shipshape-pods',
        specs: [
          {
            alert: 'KubePodCrashLooping',
            expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}"}[15m]) > 3`,
            for: '5m',
            severity: 'warning',
            runbook: 'runbook-pod-crash-looping',
            summary: 'Pod {{ $labels.pod }} is crash-looping',
            description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} restarted {{ $value }} times in 15 minutes.',
          },
          {
            alert: 'KubePodHighMemory',
            expr:
              `max by (namespace, pod, container) (container_memory_working_set_bytes{namespace="${ns}",container!="",container!="POD"})` +
              ` / max by (namespace, pod, container) (kube_pod_container_resource_limits{namespace="${ns}",resource="memory"}) > 0.9`,
            for: '15m',
            severity: 'warning',
            runbook: 'runbook-pod-high-memory',
            summary: 'Container {{ $labels.container }} of {{ $labels.pod }} uses over 90 % of its memory limit',
            description:
              'Working set of {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} is {{ $value | humanizePercentage }} of its memory limit for 15 minutes.',
          },
          {
            alert: 'CertManagerCertExpiringSoon',
            expr: `(certmanager_certificate_expiration_timestamp_seconds{name=~"${certs.join('|')}"} - time()) < 7 * 24 * 3600`,
            for: '1h',
            severity: 'warning',
            runbook: 'runbook-certificate-expiring',
            summary: 'Certificate {{ $labels.name }} expires in less than 7 days',
            description: 'cert-manager Certificate {{ $labels.name }} expires in {{ $value | humanizeDuration }} and has not been renewed.',
          },
        ],
      },
      {
        name: 'helloworld-controller',
        specs: [
          {
            alert: 'ConfigMapReloadErrors',
            expr: `sum by (env) (increase(configmap_reload_errors_total{${ctl}}[10m])) > 0`,
            for: '5m',
            severity: 'warning',
            runbook: 'runbook-controller-restart-errors',
            summary: 'helloworld-controller fails to restart {{ $labels.env }} deployments',
            description: '{{ $value }} restart patch attempts for env {{ $labels.env }} failed in 10 minutes.',
          },
          {
            alert: 'ConfigMapReloadWatchDown',
            expr: `sum(rate(configmap_reload_watch_errors_total{${ctl}}[5m])) > 0`,
            for: '10m',
            severity: 'warning',
            runbook: 'runbook-controller-watch-down',
            summary: 'helloworld-controller cannot keep its ConfigMap watch open',
            description: 'The ConfigMap watch has errored continuously for 10 minutes; config changes are not being seen.',
          },
          {
            alert: 'ConfigMapReloadMetricsAbsent',
            expr: `absent(configmap_reload_leader_state{${ctl}})`,
            for: '10m',
            severity: 'warning',
            runbook: 'runbook-controller-metrics-absent',
            summary: 'No helloworld-controller metrics are scraped',
            description: 'configmap_reload_leader_state has been absent for 10 minutes: the controller is down or its scrape path is broken.',
          },
          {
            alert: 'ConfigMapReloadHighRestartRate',
            expr: `sum by (env) (increase(configmap_reload_restarts_total{${ctl}}[1h])) > 10`,
            for: '15m',
            severity: 'warning',
            runbook: 'runbook-controller-high-restart-rate',
            summary: 'helloworld-controller restarts {{ $labels.env }} deployments too often',
            description: '{{ $value }} config-triggered restarts of env {{ $labels.env }} in the last hour (threshold 10).',
          },
          {
            alert: 'ConfigMapReloadDroppedRestarts',
            expr: `sum(increase(configmap_reload_dropped_restarts_total{${ctl}}[15m])) > 0`,
            for: '0m',
            severity: 'warning',
            runbook: 'runbook-controller-dropped-restarts',
            summary: 'helloworld-controller dropped pending restarts',
            description: 'A forced flush of pending restarts failed during shutdown or leadership handoff; a config change may not be live.',
          },
          {
            alert: 'ConfigMapReloadLeaderFlapping',
            expr: `sum(increase(configmap_reload_leader_transitions_total{${ctl},transition="acquired"}[30m])) > 3`,
            for: '5m',
            severity: 'warning',
            runbook: 'runbook-controller-leader-flapping',
            summary: 'helloworld-controller leadership changes hands too often',
            description: 'Leadership was acquired {{ $value }} times in 30 minutes (threshold 3).',
          },
          {
            alert: 'ConfigMapReloadNoActiveLeader',
            expr: `max(configmap_reload_leader_state{${ctl}}) < 1`,
            for: '2m',
            severity: 'warning',
            runbook: 'runbook-controller-no-active-leader',
            summary: 'No helloworld-controller replica holds the lease',
            description: 'No replica reports leadership for 2 minutes; ConfigMap changes are not acted on.',
          },
          {
            alert: 'ConfigMapReloadPendingRestartsStuck',
            expr: `(max(configmap_reload_pending_restarts{${ctl}}) > 0) and on() ((sum(increase(configmap_reload_restarts_total{${ctl}}[15m])) or on() vector(0)) == 0)`,
            for: '15m',
            severity: 'warning',
            runbook: 'runbook-controller-pending-restart-queue-stuck',
            summary: 'helloworld-controller restart queue is not draining',
            description: 'Pending restarts stayed above zero for 15 minutes while no restart succeeded.',
          },
        ],
      },
    ];

    const names = new Set<string>();
    this.groups = groups.map((g) => ({
      name: g.name,
      rules: g.specs.map((s) => {
        const key = `${s.alert}/${s.env ?? ''}`;
        if (names.has(key)) throw new Error(`${id}: alert ${s.alert} is defined twice for env "${s.env ?? ''}"`);
        names.add(key);
        return {
          alert: s.alert,
          expr: s.expr,
          for: s.for,
          labels: { ...alertLabels(s.severity, s.severity === 'critical' && s.env === 'prod'), ...(s.env ? { env: s.env } : {}) },
          annotations: { summary: s.summary, description: s.description, runbook_url: `${base}/${RUNBOOK_FILE}#${s.runbook}` },
        };
      }),
    }));

    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: ns, labels: props.labels },
      spec: { groups: this.groups },
    });
  }
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}

function pct(n: number): string {
  return `${round(n * 100)} %`;
}
