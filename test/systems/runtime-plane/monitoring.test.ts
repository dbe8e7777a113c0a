import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  RUNBOOK_SECTIONS,
  RuntimePrometheusRule,
  RuntimeServiceMonitor,
  runtimeSloRuleGroups,
  ZastavaRuntimeDashboard,
  zastavaRuntimeDashboard,
  zastavaRuntimeRuleGroups,
  type PrometheusRuleGroup,
  type RuntimeSettings,
} from '../../../src/systems/runtime-plane';
import { prometheusRulesIn, promtoolCheck } from '../../helpers/promtool';
import { PROMTOOL, requireTool } from '../../helpers/tools';
import { ROOT, tempDir } from '../../helpers/cli';
import { only, rendered, settingsOf, SHIPPED_ENVIRONMENTS, synth } from './helpers';

const promtool = requireTool(PROMTOOL);

function alerts(groups: PrometheusRuleGroup[]): Map<string, any> {
  return new Map(
    groups
      .flatMap((g) => g.rules)
      .filter((r) => r.alert)
      .map((r) => [r.alert!, r]),
  );
}

/** GitHub-style heading anchors of a shipped runbook. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join(ROOT, 'docs', 'runbooks', file), 'utf8');
  const slug = (h: string) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[^\w\- ]/g, '')
      .replace(/ /g, '-');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

/** Runs `promtool test rules` on `groups` (annotations dropped: the tests check when alerts fire, with which labels). */
function promtoolTest(groups: PrometheusRuleGroup[], tests: unknown[]): { status: number | null; output: string } {
  const dir = tempDir('plimsoll-promtool-test-');
  const bare = groups.map((g) => ({ name: g.name, rules: g.rules.map(({ annotations: _a, ...r }) => r) }));
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: bare }));
  writeFileSync(join(dir, 'test.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
  const r = spawnSync('promtool', ['test', 'rules', join(dir, 'test.yaml')], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const PROD = { cluster: 'hz-fsn-rtz-prod', env: 'prod' };
const sel = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
/** Cumulative histogram buckets where every observation lands in the bucket ending at `into`. */
function histogram(metric: string, labels: Record<string, string>, bounds: string[], into: string, perMinute: number) {
  const at = bounds.indexOf(into);
  return bounds.map((le, i) => ({ series: `${metric}_bucket{${sel({ ...labels, le })}}`, values: i >= at ? `0+${perMinute}x40` : '0x40' }));
}

describe('runtime-plane alert rules', () => {
  it('carry the runbook thresholds', () => {
    const zastava = alerts(zastavaRuntimeRuleGroups(settingsOf('prod-fsn')));
    expect([...zastava.keys()].sort()).toEqual([
      'ZastavaAdmissionDenySpike',
      'ZastavaAuthorityTokenStale',
      'ZastavaRuntimeBackendLatencyAboveUpgradeGate',
      'ZastavaRuntimeBackendLatencyHigh',
    ]);
    const high = zastava.get('ZastavaRuntimeBackendLatencyHigh');
    expect(high.expr).toMatch(/ > 750$/);
    expect(high.for).toBe('5m');
    expect(zastava.get('ZastavaAdmissionDenySpike').expr).toMatch(/decision="deny".*\* 60 > 20$/);
    expect(zastava.get('ZastavaRuntimeBackendLatencyAboveUpgradeGate').expr).toMatch(/ > 250$/);
    const recording = zastavaRuntimeRuleGroups(settingsOf('prod-fsn'))[0].rules;
    expect(recording[0]).toEqual({
      record: 'cluster_env:zastava_runtime_backend_latency_ms:p95_rate5m',
      expr: 'histogram_quantile(0.95, sum by (cluster, env, le) (rate(zastava_runtime_backend_latency_ms_bucket[5m])))',
    });
    const slo = alerts(runtimeSloRuleGroups(settingsOf('prod-fsn')));
    expect(slo.get('StellaRuntimeEventsLagHigh').expr).toMatch(/stella_runtime_events_lag_seconds.* > 30$/);
    expect(slo.get('StellaRuntimeEventsDropRateHigh').expr).toMatch(/drop_ratio.* > 0\.005$/);
    expect(runtimeSloRuleGroups(settingsOf('prod-fsn'))[0].rules[1].expr).toBe(
      'sum by (cluster, env) (rate(stella_runtime_events_dropped_total[5m])) / sum by (cluster, env) (rate(stella_runtime_events_total[5m]))',
    );
  });

  it('page in production scoped to env="prod" and the cluster; never page in lab', () => {
    for (const name of SHIPPED_ENVIRONMENTS) {
      const s = settingsOf(name);
      for (const [alert, rule] of [...alerts(zastavaRuntimeRuleGroups(s)), ...alerts(runtimeSloRuleGroups(s))]) {
        expect(rule.expr, alert).toContain(`cluster="${s.commonTags.cluster}",env="${s.envLabel}"`);
        if (name === 'lab') expect(rule.labels, alert).toMatchObject({ severity: 'warning', paging: 'false' });
        else expect(['critical', 'warning'], alert).toContain(rule.labels.severity);
        if (rule.labels.severity === 'critical') expect(rule.labels.paging).toBe('true');
      }
    }
    const prod = alerts(zastavaRuntimeRuleGroups(settingsOf('prod-fsn')));
    expect(prod.get('ZastavaRuntimeBackendLatencyHigh').labels).toMatchObject({ severity: 'critical', paging: 'true' });
    expect(prod.get('ZastavaRuntimeBackendLatencyAboveUpgradeGate').labels).toMatchObject({ severity: 'warning', paging: 'false' });
  });

  it('link every alert to a section that exists in the shipped runbook', () => {
    const s = settingsOf('prod-fsn');
    const urls = [...alerts(zastavaRuntimeRuleGroups(s)).values(), ...alerts(runtimeSloRuleGroups(s)).values()].map((r) => r.annotations.runbook_url as string);
    expect(urls).toHaveLength(7);
    for (const url of urls) {
      const m = new RegExp(`^${s.runbookBaseUrl}/([\\w.-]+\\.md)#([\\w-]+)$`).exec(url);
      expect(m, url).not.toBeNull();
      expect(anchorsOf(m![1]).has(m![2]), url).toBe(true);
    }
    for (const section of Object.values(RUNBOOK_SECTIONS)) expect(anchorsOf(section.file).has(section.anchor), section.anchor).toBe(true);
    expect(urls).toContain(`${s.runbookBaseUrl}/zastava-runtime-operations.md#42-scannerwebservice-latency-spike`);
    expect(urls).toContain(`${s.runbookBaseUrl}/runtime-alignment-scanner-zastava.md#6-slos--alerts`);
  });

  it.skipIf(promtool === 'skip')('every PrometheusRule in dist/ passes promtool check rules', () => {
    for (const name of SHIPPED_ENVIRONMENTS) {
      const rules = prometheusRulesIn(join(ROOT, 'dist', name)).filter((r) => r.object.metadata.labels?.['app.kubernetes.io/part-of'] === 'stellaops');
      expect(rules.map((r) => r.object.metadata.name).sort(), name).toEqual(['stella-runtime-slo', 'zastava-runtime']);
      const result = promtoolCheck(rules.map((r) => r.object));
      expect(result.status, result.output).toBe(0);
      expect(result.rules).toBe(12);
    }
  });

  it.skipIf(promtool === 'skip')('fire at the runbook thresholds and stay quiet below them (promtool test rules)', () => {
    const s = settingsOf('prod-fsn');
    const paging = { severity: 'critical', paging: 'true' };
    const warning = { severity: 'warning', paging: 'false' };
    const latencyBounds = ['250', '500', '750', '1000', '+Inf'];
    const lagBounds = ['10', '30', '60', '+Inf'];
    const other = { cluster: 'hz-other', env: 'prod' };
    const result = promtoolTest(
      [...zastavaRuntimeRuleGroups(s), ...runtimeSloRuleGroups(s)],
      [
        {
          interval: '1m',
          input_series: [
            // P95 ≈ 987 ms (> 750): the latency alert and the upgrade gate fire.
            ...histogram('zastava_runtime_backend_latency_ms', PROD, latencyBounds, '1000', 60),
            // Another cluster's series are not this environment's alerts.
            ...histogram('zastava_runtime_backend_latency_ms', other, latencyBounds, '1000', 60),
            { series: `zastava_admission_decisions_total{${sel({ ...PROD, decision: 'deny' })}}`, values: '0+21x40' },
            { series: `zastava_authority_token_age_seconds{${sel({ ...PROD, job: 'zastava-observer' })}}`, values: '1000x40' },
            ...histogram('stella_runtime_events_lag_seconds', PROD, lagBounds, '60', 60),
            { series: `stella_runtime_events_total{${sel(PROD)}}`, values: '0+100x40' },
            { series: `stella_runtime_events_dropped_total{${sel(PROD)}}`, values: '0+1x40' },
          ],
          alert_rule_test: [
            { eval_time: '4m', alertname: 'ZastavaRuntimeBackendLatencyHigh', exp_alerts: [] },
            { eval_time: '12m', alertname: 'ZastavaRuntimeBackendLatencyHigh', exp_alerts: [{ exp_labels: { ...PROD, ...paging, component: 'zastava' } }] },
            {
              eval_time: '20m',
              alertname: 'ZastavaRuntimeBackendLatencyAboveUpgradeGate',
              exp_alerts: [{ exp_labels: { ...PROD, ...warning, component: 'zastava' } }],
            },
            { eval_time: '12m', alertname: 'ZastavaAdmissionDenySpike', exp_alerts: [{ exp_labels: { ...PROD, ...paging, component: 'zastava' } }] },
            {
              eval_time: '12m',
              alertname: 'ZastavaAuthorityTokenStale',
              exp_alerts: [{ exp_labels: { ...PROD, ...paging, component: 'zastava', job: 'zastava-observer' } }],
            },
            { eval_time: '20m', alertname: 'StellaRuntimeEventsLagHigh', exp_alerts: [{ exp_labels: { ...PROD, ...paging, component: 'runtime-events' } }] },
            {
              eval_time: '20m',
              alertname: 'StellaRuntimeEventsDropRateHigh',
              exp_alerts: [{ exp_labels: { ...PROD, ...paging, component: 'runtime-events' } }],
            },
            { eval_time: '40m', alertname: 'StellaRuntimeSloSignalsAbsent', exp_alerts: [] },
          ],
        },
        {
          interval: '1m',
          input_series: [
            // P95 ≈ 487 ms: above the 250 ms upgrade gate, below the 750 ms alert.
            ...histogram('zastava_runtime_backend_latency_ms', PROD, latencyBounds, '500', 60),
            { series: `zastava_admission_decisions_total{${sel({ ...PROD, decision: 'deny' })}}`, values: '0+19x40' },
            { series: `zastava_admission_decisions_total{${sel({ ...PROD, decision: 'allow' })}}`, values: '0+500x40' },
            { series: `zastava_authority_token_age_seconds{${sel({ ...PROD, job: 'zastava-webhook' })}}`, values: '600x40' },
            // P95 lag 29 s (< 30 s) and 0.4 % drops (< 0.5 %).
            ...histogram('stella_runtime_events_lag_seconds', PROD, lagBounds, '30', 60),
            { series: `stella_runtime_events_total{${sel(PROD)}}`, values: '0+1000x40' },
            { series: `stella_runtime_events_dropped_total{${sel(PROD)}}`, values: '0+4x40' },
          ],
          alert_rule_test: [
            { eval_time: '20m', alertname: 'ZastavaRuntimeBackendLatencyHigh', exp_alerts: [] },
            {
              eval_time: '20m',
              alertname: 'ZastavaRuntimeBackendLatencyAboveUpgradeGate',
              exp_alerts: [{ exp_labels: { ...PROD, ...warning, component: 'zastava' } }],
            },
            { eval_time: '20m', alertname: 'ZastavaAdmissionDenySpike', exp_alerts: [] },
            { eval_time: '20m', alertname: 'ZastavaAuthorityTokenStale', exp_alerts: [] },
            { eval_time: '20m', alertname: 'StellaRuntimeEventsLagHigh', exp_alerts: [] },
            { eval_time: '20m', alertname: 'StellaRuntimeEventsDropRateHigh', exp_alerts: [] },
          ],
        },
        {
          interval: '1m',
          // No SLO series for this environment (only another cluster's): the guard fires after 30 minutes.
          input_series: [{ series: `stella_runtime_events_total{${sel(other)}}`, values: '0+100x40' }],
          alert_rule_test: [
            { eval_time: '20m', alertname: 'StellaRuntimeSloSignalsAbsent', exp_alerts: [] },
            {
              eval_time: '35m',
              alertname: 'StellaRuntimeSloSignalsAbsent',
              exp_alerts: [{ exp_labels: { ...PROD, ...warning, component: 'runtime-events' } }],
            },
          ],
        },
      ],
    );
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });
});

describe('RuntimePrometheusRule', () => {
  const groups = [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', annotations: { runbook_url: 'https://x.example/r.md#a' } }] }];

  it('defaults: a monitoring.coreos.com/v1 PrometheusRule holding the groups', () => {
    const rule = only(
      synth((chart) => new RuntimePrometheusRule(chart, 'r', { name: 'r', namespace: 'stellaops', labels: { a: 'b' }, groups })),
      'PrometheusRule',
    );
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata).toEqual({ name: 'r', namespace: 'stellaops', labels: { a: 'b' } });
    expect(rule.spec.groups).toEqual(groups);
  });

  it('custom: the runtime-plane groups of an environment', () => {
    const s = settingsOf('lab');
    const rule = only(
      synth(
        (chart) => new RuntimePrometheusRule(chart, 'r', { name: 'zastava-runtime', namespace: 'stellaops', labels: {}, groups: zastavaRuntimeRuleGroups(s) }),
      ),
      'PrometheusRule',
    );
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['zastava-runtime.recording', 'zastava-runtime.alerts']);
  });

  it('fails if an alert has no runbook_url', () => {
    expect(() =>
      synth(
        (chart) =>
          new RuntimePrometheusRule(chart, 'r', { name: 'r', namespace: 'n', labels: {}, groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0' }] }] }),
      ),
    ).toThrow('PrometheusRule r: alert A has no runbook_url annotation');
  });
});

describe('RuntimeServiceMonitor', () => {
  const base = { name: 'zastava-observer', namespace: 'stellaops', labels: {}, serviceSelector: { app: 'zastava-observer' }, port: 'metrics' };

  it('defaults: scrapes the named port every 30s and relabels commonTags.cluster into a Prometheus label', () => {
    const sm = only(
      synth((chart) => new RuntimeServiceMonitor(chart, 'sm', { ...base, staticLabels: { cluster: 'hz-fsn-rtz-prod' } })),
      'ServiceMonitor',
    );
    expect(sm.spec).toEqual({
      selector: { matchLabels: { app: 'zastava-observer' } },
      namespaceSelector: { matchNames: ['stellaops'] },
      endpoints: [
        { port: 'metrics', path: '/metrics', interval: '30s', relabelings: [{ action: 'replace', targetLabel: 'cluster', replacement: 'hz-fsn-rtz-prod' }] },
      ],
    });
  });

  it('custom: several labels, sorted, with interval and path', () => {
    const sm = only(
      synth((chart) => new RuntimeServiceMonitor(chart, 'sm', { ...base, staticLabels: { env: 'prod', cluster: 'c' }, interval: '15s', path: '/m' })),
      'ServiceMonitor',
    );
    expect(sm.spec.endpoints[0]).toMatchObject({ interval: '15s', path: '/m' });
    expect(sm.spec.endpoints[0].relabelings.map((r: any) => r.targetLabel)).toEqual(['cluster', 'env']);
  });

  it('fails if a label name is not a Prometheus label name', () => {
    expect(() => synth((chart) => new RuntimeServiceMonitor(chart, 'sm', { ...base, staticLabels: { 'cluster-id': 'c' } }))).toThrow(
      /label name "cluster-id" is not a Prometheus label name/,
    );
  });
});

describe('ZastavaRuntimeDashboard', () => {
  it('defaults: a ConfigMap for the Grafana sidecar holding the dashboard JSON', () => {
    const s: RuntimeSettings = settingsOf('prod-fsn');
    const cm = only(
      synth((chart) => new ZastavaRuntimeDashboard(chart, 'd', { settings: s, namespace: 'stellaops', labels: {} })),
      'ConfigMap',
    );
    expect(cm.metadata).toMatchObject({ name: 'zastava-runtime-dashboard', namespace: 'stellaops', labels: { grafana_dashboard: '1' } });
    const dashboard = JSON.parse(cm.data['zastava-runtime-grafana-dashboard.json']);
    expect(dashboard).toEqual(zastavaRuntimeDashboard(s));
    expect(dashboard.uid).toBe('zastava-runtime');
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs.join('\n')).toContain('zastava_runtime_events_total');
    expect(exprs.join('\n')).toContain('cluster_env:zastava_runtime_backend_latency_ms:p95_rate5m');
    expect(exprs.join('\n')).toContain('cluster_env:stella_runtime_events_drop_ratio:rate5m');
    const thresholds = dashboard.panels[1].fieldConfig.defaults.thresholds.steps.map((st: any) => st.value);
    expect(thresholds).toEqual([null, 250, 750]);
  });

  it('custom: a different name and the lab cluster as the default cluster', () => {
    const s = settingsOf('lab');
    const cm = only(
      synth((chart) => new ZastavaRuntimeDashboard(chart, 'd', { settings: s, namespace: 'mon', labels: {}, name: 'dash' })),
      'ConfigMap',
    );
    expect(cm.metadata.name).toBe('dash');
    expect(JSON.parse(Object.values(cm.data)[0] as string).templating.list[1].current.value).toBe('hz-fsn-rtz-lab');
  });

  it('the shipped environments render the dashboard and both ServiceMonitors in the monitoring stage', () => {
    for (const name of SHIPPED_ENVIRONMENTS) {
      const objects = rendered(name);
      const monitoring = objects
        .filter((o) => o.stage === 'monitoring' && (o.object.metadata as any)?.labels?.['app.kubernetes.io/part-of'] === 'stellaops')
        .map((o) => `${o.object.kind}/${o.object.metadata.name}`)
        .sort();
      expect(monitoring).toEqual([
        'ConfigMap/zastava-runtime-dashboard',
        'PrometheusRule/stella-runtime-slo',
        'PrometheusRule/zastava-runtime',
        'ServiceMonitor/zastava-observer',
        'ServiceMonitor/zastava-webhook',
      ]);
      const sm = objects.find((o) => o.object.kind === 'ServiceMonitor' && o.object.metadata.name === 'zastava-observer')!.object;
      const s = settingsOf(name);
      expect(sm.spec.endpoints[0].relabelings).toEqual([
        { action: 'replace', targetLabel: 'cluster', replacement: s.commonTags.cluster },
        { action: 'replace', targetLabel: 'env', replacement: s.envLabel },
      ]);
    }
  });
});
