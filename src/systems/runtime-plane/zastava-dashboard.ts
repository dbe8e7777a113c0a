/**
 * The Grafana dashboard of the runtime plane (runbook §6 "docs/ops/zastava-runtime-grafana-dashboard.json"),
 * shipped as a ConfigMap labelled for the Grafana dashboard sidecar and, byte for byte, in the offline kit.
 * Panels follow the runbook's telemetry table (§1.1) and the alignment SLOs (§6).
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { BACKEND_LATENCY_P95_ALERT_MS, DECISIONS_RECORD, P95_LATENCY_RECORD, P99_LATENCY_RECORD, UPGRADE_GATE_P95_MS } from './zastava-alerts';
import { DROP_RATIO_RECORD, EVENT_DROP_RATIO, EVENT_LAG_P95_SECONDS, LAG_P95_RECORD } from './runtime-slo-alerts';
import type { RuntimeSettings } from './settings';

export const DASHBOARD_UID = 'zastava-runtime';
export const DASHBOARD_FILE = 'zastava-runtime-grafana-dashboard.json';

interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly targets: ReadonlyArray<{ expr: string; legend: string }>;
  /** Threshold lines (value, colour). */
  readonly thresholds?: ReadonlyArray<[number, string]>;
}

function panel(id: number, spec: PanelSpec): Record<string, unknown> {
  const steps: Array<{ color: string; value: number | null }> = [{ color: 'green', value: null }];
  for (const [value, color] of spec.thresholds ?? []) steps.push({ color, value });
  return {
    id,
    type: 'timeseries',
    title: spec.title,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        custom: { thresholdsStyle: { mode: spec.thresholds ? 'line' : 'off' } },
        thresholds: { mode: 'absolute', steps },
      },
      overrides: [],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: spec.targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), expr: t.expr, legendFormat: t.legend })),
  };
}

/** The dashboard model (Grafana JSON), deterministic for one environment. */
export function zastavaRuntimeDashboard(s: RuntimeSettings): Record<string, unknown> {
  const sel = 'cluster="$cluster"';
  const panels: PanelSpec[] = [
    {
      title: 'Observer events sent to Scanner (per second)',
      unit: 'ops',
      targets: [{ expr: `sum by (component, kind) (rate(zastava_runtime_events_total{${sel}}[5m]))`, legend: '{{component}} {{kind}}' }],
    },
    {
      title: 'Scanner/WebService latency (/runtime/events, /policy/runtime)',
      unit: 'ms',
      targets: [
        { expr: `${P95_LATENCY_RECORD}{${sel}}`, legend: 'P95' },
        { expr: `${P99_LATENCY_RECORD}{${sel}}`, legend: 'P99' },
      ],
      thresholds: [
        [UPGRADE_GATE_P95_MS, 'yellow'],
        [BACKEND_LATENCY_P95_ALERT_MS, 'red'],
      ],
    },
    {
      title: 'Admission decisions (per minute)',
      unit: 'short',
      targets: [{ expr: `sum by (decision) (${DECISIONS_RECORD}{${sel}}) * 60`, legend: '{{decision}}' }],
      thresholds: [[20, 'red']],
    },
    {
      title: 'Runtime event lag P95',
      unit: 's',
      targets: [{ expr: `${LAG_P95_RECORD}{${sel}}`, legend: 'P95 lag' }],
      thresholds: [[EVENT_LAG_P95_SECONDS, 'red']],
    },
    {
      title: 'Runtime event drop rate',
      unit: 'percentunit',
      targets: [{ expr: `${DROP_RATIO_RECORD}{${sel}}`, legend: 'dropped / events' }],
      thresholds: [[EVENT_DROP_RATIO, 'red']],
    },
  ];
  return {
    uid: DASHBOARD_UID,
    title: 'Zastava Runtime',
    tags: ['stellaops', 'zastava', 'runtime'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' },
        {
          name: 'cluster',
          label: 'Cluster',
          type: 'query',
          datasource: { type: 'prometheus', uid: '${datasource}' },
          query: { query: 'label_values(zastava_runtime_events_total, cluster)', refId: 'cluster' },
          current: { text: s.commonTags.cluster, value: s.commonTags.cluster },
          refresh: 2,
        },
      ],
    },
    panels: panels.map((p, i) => panel(i + 1, p)),
  };
}

/** The dashboard file's exact bytes (ConfigMap value and offline kit file). */
export function zastavaRuntimeDashboardJson(s: RuntimeSettings): string {
  return `${JSON.stringify(zastavaRuntimeDashboard(s), null, 2)}\n`;
}

export interface ZastavaRuntimeDashboardProps {
  readonly settings: RuntimeSettings;
  readonly namespace: string;
  /** Metadata labels; `grafana_dashboard: "1"` is added for the Grafana sidecar. */
  readonly labels: Record<string, string>;
  /**
   * ConfigMap name.
   * @default 'zastava-runtime-dashboard'
   */
  readonly name?: string;
}

export class ZastavaRuntimeDashboard extends Construct {
  public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: ZastavaRuntimeDashboardProps) {
    super(scope, id);
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: props.name ?? 'zastava-runtime-dashboard', namespace: props.namespace, labels: { ...props.labels, grafana_dashboard: '1' } },
      data: { [DASHBOARD_FILE]: zastavaRuntimeDashboardJson(props.settings) },
    });
  }
}
