/**
 * GPU alerts from NVIDIA DCGM exporter metrics (SRE handbook §10.2: DCGM_FI_DEV_GPU_UTIL, DCGM_FI_DEV_FB_USED,
 * DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_POWER_USAGE, DCGM_FI_DEV_SM_CLOCK) for the alerts of the AI Hub's
 * alert-to-action table (§4.2): GPUUtilizationLow (§9.2: <30% for 15m) and GPUMemoryExhausted link their Runbook
 * objects; GPUTemperatureHigh (thermal throttling) and GPUMetricsAbsent (no DCGM exporter on a GPU cluster) link the
 * GPU operations section of docs/runbooks/sre.md.
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { pagingLabels } from '../../constructs/common/alert-labels';

export interface GpuAlertsProps {
  /** Namespace of the PrometheusRule. */
  readonly namespace: string;
  /** URL of docs/runbooks/ (alerts without a Runbook link <base>/sre.md#gpu-operations). */
  readonly runbookBaseUrl: string;
  /**
   * Runbook objects rendered next to the rule (gpu-utilization-low, gpu-memory-exhausted): alerts link them as
   * runbook://<name>; absent ones fall back to the document.
   * @default - none
   */
  readonly runbooks?: ReadonlySet<string>;
  /**
   * GPUUtilizationLow threshold in percent (15m).
   * @default 30
   */
  readonly utilizationLowPercent?: number;
  /**
   * GPUMemoryExhausted threshold: percent of frame buffer used (5m).
   * @default 95
   */
  readonly memoryExhaustedPercent?: number;
  /**
   * GPUTemperatureHigh threshold in °C (5m).
   * @default 85
   */
  readonly temperatureCelsius?: number;
  /**
   * Production: GPUMemoryExhausted pages (critical; handbook §13.3: GPU OOM is P2). Otherwise everything is a
   * non-paging warning.
   * @default false
   */
  readonly paging?: boolean;
  /**
   * PrometheusRule name.
   * @default 'gpu-dcgm'
   */
  readonly name?: string;
  /**
   * Metadata labels (platform labels).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

export const GPU_ALERTS_SECTION = 'gpu-operations';

export class GpuAlerts extends Construct {
  public readonly name: string;
  public readonly alerts: readonly string[];

  constructor(scope: Construct, id: string, props: GpuAlertsProps) {
    super(scope, id);
    const util = props.utilizationLowPercent ?? 30;
    const mem = props.memoryExhaustedPercent ?? 95;
    const temp = props.temperatureCelsius ?? 85;
    for (const [what, v] of [
      ['utilizationLowPercent', util],
      ['memoryExhaustedPercent', mem],
    ] as const) {
      if (!(v > 0 && v <= 100)) throw new Error(`GpuAlerts: ${what} must be in (0, 100], got ${v}`);
    }
    if (!/^https:\/\/\S+[^/]$/.test(props.runbookBaseUrl))
      throw new Error(`GpuAlerts: runbookBaseUrl must be an https URL without a trailing slash, got ${JSON.stringify(props.runbookBaseUrl)}`);
    const paging = props.paging ?? false;
    const runbooks = props.runbooks ?? new Set<string>();
    const doc = `${props.runbookBaseUrl}/sre.md#${GPU_ALERTS_SECTION}`;
    const link = (runbook: string) => (runbooks.has(runbook) ? `runbook://${runbook}` : doc);
    this.name = props.name ?? 'gpu-dcgm';
    const alert = (name: string, expr: string, forDuration: string, critical: boolean, summary: string, description: string, runbookUrl: string) => {
      return {
        alert: name,
        expr,
        for: forDuration,
        labels: { ...pagingLabels(paging && critical), component: 'gpu' },
        annotations: { summary, description, runbook_url: runbookUrl },
      };
    };
    const rules = [
      alert(
        'GPUUtilizationLow',
        `avg by (Hostname, gpu) (avg_over_time(DCGM_FI_DEV_GPU_UTIL[5m])) < ${util}`,
        '15m',
        false,
        `GPU {{ $labels.gpu }} on {{ $labels.Hostname }} under ${util}% utilised for 15m`,
        `DCGM_FI_DEV_GPU_UTIL averages {{ $value | humanize }}% (SRE handbook §9.2: target >60%, alert <${util}% for 15m); scale down GPU pods.`,
        link('gpu-utilization-low'),
      ),
      alert(
        'GPUMemoryExhausted',
        `100 * DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > ${mem}`,
        '5m',
        true,
        `GPU {{ $labels.gpu }} on {{ $labels.Hostname }} frame buffer over ${mem}% used`,
        `DCGM_FI_DEV_FB_USED is {{ $value | humanize }}% of the frame buffer; evict low-priority jobs (SRE handbook §4.2).`,
        link('gpu-memory-exhausted'),
      ),
      alert(
        'GPUTemperatureHigh',
        `max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP) > ${temp}`,
        '5m',
        false,
        `GPU {{ $labels.gpu }} on {{ $labels.Hostname }} above ${temp} °C`,
        `DCGM_FI_DEV_GPU_TEMP is {{ $value }} °C: the GPU throttles its clocks (check DCGM_FI_DEV_SM_CLOCK and DCGM_FI_DEV_POWER_USAGE).`,
        doc,
      ),
      alert(
        'GPUMetricsAbsent',
        'absent(DCGM_FI_DEV_GPU_UTIL)',
        '10m',
        false,
        'No DCGM GPU metrics',
        'No series of DCGM_FI_DEV_GPU_UTIL for 10m on a cluster that runs GPU workloads: the DCGM exporter is down or not scraped, and every GPU alert is blind.',
        doc,
      ),
    ];
    this.alerts = rules.map((r) => r.alert);
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      spec: { groups: [{ name: 'gpu.dcgm', rules }] },
    });
  }
}
