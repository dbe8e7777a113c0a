import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseThreshold,
  RUNBOOK_CATALOG,
  SLO_CATALOG,
  sloAlertName,
  SloPrometheusRule,
  sloRecordName,
  slosFor,
  type SloDefinition,
} from '../../../src/systems/sre';
import type { SreComponent } from '../../../src/systems/sre/settings';
import { promtoolCheck, prometheusRulesIn } from '../../helpers/promtool';
import { PROMTOOL, requireTool } from '../../helpers/tools';
import { ROOT } from '../../helpers/cli';
import { only, SHIPPED, synth } from './helpers';

const promtool = requireTool(PROMTOOL);
const BASE = 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks';
const COMPONENTS: SreComponent[] = ['catalyst-control-plane', 'ai-hub', 'open-banking', 'data-integration', 'communication'];

/** The handbook's SLO tables (§9.1-§9.5), verbatim: SLI | target | alert threshold. */
const HANDBOOK = `
catalyst-control-plane | Console availability | 99.9% | <99.5% for 5m
catalyst-control-plane | API p95 latency | <500ms | >1s for 5m
catalyst-control-plane | Catalog query p95 | <200ms | >500ms for 5m
catalyst-control-plane | projector SSE delivery | <2s end-to-end | >5s for 5m
catalyst-control-plane | Gitea webhook → reconcile | <30s | >2m for 5m
ai-hub | LLM Inference Latency (p95) | <5s | >10s for 5m
ai-hub | LLM Token Throughput | >50 tok/s | <20 tok/s for 5m
ai-hub | Embedding Latency (p95) | <100ms | >500ms for 5m
ai-hub | RAG Retrieval Latency (p95) | <500ms | >2s for 5m
ai-hub | GPU Utilization | >60% | <30% for 15m
ai-hub | Vector Search Latency (p95) | <50ms | >200ms for 5m
open-banking | Auth Latency (p95) | <200ms | >500ms for 5m
open-banking | API Availability | 99.95% | <99.5% for 5m
open-banking | Consent Flow Success | >99% | <95% for 5m
data-integration | Kafka Produce Latency (p95) | <50ms | >200ms for 5m
data-integration | Flink Checkpoint Duration | <30s | >60s for 5m
data-integration | Temporal Workflow Latency (p95) | <1s | >5s for 5m
data-integration | CDC Lag (Debezium) | <10s | >60s for 5m
data-integration | ClickHouse Query Latency (p95) | <500ms | >2s for 5m
communication | Email Delivery Rate | >99.5% | <98% for 15m
communication | LiveKit Call Setup (p95) | <2s | >5s for 5m
communication | Matrix Message Delivery (p95) | <500ms | >2s for 5m
communication | TURN Relay Success Rate | >99% | <95% for 5m
`.trim();

function rule(component: SreComponent, props: Partial<ConstructorParameters<typeof SloPrometheusRule>[2]> = {}) {
  return only(
    synth(
      (chart) =>
        new SloPrometheusRule(chart, 'slo', { namespace: 'catalyst-system', component, slos: slosFor(new Set([component])), runbookBaseUrl: BASE, ...props }),
    ).objects,
    'PrometheusRule',
  );
}
const alertsOf = (o: any) => o.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);

describe('SLO catalog', () => {
  it("is the handbook's SLO tables, row for row", () => {
    expect(SLO_CATALOG.map((s) => `${s.component} | ${s.sli} | ${s.target} | ${s.alertThreshold} for ${s.window}`).join('\n')).toBe(HANDBOOK);
  });

  it('reads thresholds in their units', () => {
    expect(parseThreshold('<99.5%')).toEqual({ op: '<', value: 99.5, unit: 'percent' });
    expect(parseThreshold('>1s')).toEqual({ op: '>', value: 1, unit: 'seconds' });
    expect(parseThreshold('>500ms')).toEqual({ op: '>', value: 0.5, unit: 'seconds' });
    expect(parseThreshold('>2m')).toEqual({ op: '>', value: 120, unit: 'seconds' });
    expect(parseThreshold('<20 tok/s')).toEqual({ op: '<', value: 20, unit: 'tokens_per_second' });
    expect(() => parseThreshold('about 2s')).toThrow('SLO threshold "about 2s" is not');
  });

  it('is documented in docs/runbooks/sre.md: one section per component (the alerts link it), every SLO with its threshold and query', () => {
    const doc = readFileSync(join(ROOT, 'docs/runbooks/sre.md'), 'utf8');
    for (const slo of SLO_CATALOG) {
      const t = parseThreshold(slo.alertThreshold);
      expect(doc, slo.id).toContain(`| ${slo.sli} | ${slo.target} | ${slo.alertThreshold} | ${slo.window} | \`${sloAlertName(slo)}\``);
      expect(doc, slo.id).toContain(`\`${sloRecordName(slo)} ${t.op} ${t.value}\``);
      expect(doc, slo.id).toContain(`\`${slo.expr}\``);
    }
    for (const section of [
      'Catalyst control plane SLOs',
      'AI Hub SLOs',
      'Open Banking SLOs',
      'Data and Integration SLOs',
      'Communication SLOs',
      'GPU operations',
    ])
      expect(doc).toMatch(new RegExp(`^#+ ${section}$`, 'm'));
  });

  it('links only Runbooks of its own component', () => {
    for (const slo of SLO_CATALOG.filter((s) => s.runbook)) {
      expect(RUNBOOK_CATALOG.find((r) => r.name === slo.runbook)?.component, slo.id).toBe(slo.component);
    }
  });
});

describe('SloPrometheusRule', () => {
  it('defaults: a recording rule per SLI and an alert breached for the window, non-paging warnings linking the document', () => {
    const o = rule('catalyst-control-plane');
    expect(o.metadata).toMatchObject({ name: 'slo-catalyst-control-plane', namespace: 'catalyst-system' });
    const rules = o.spec.groups[0].rules;
    expect(rules[0]).toEqual({
      record: 'sli:console_availability:percent',
      expr: '100 * sum(rate(http_requests_total{job="catalyst-console",code!~"5.."}[5m])) / sum(rate(http_requests_total{job="catalyst-console"}[5m]))',
      labels: { component: 'catalyst-control-plane', slo: 'console-availability' },
    });
    const alerts = alertsOf(o);
    expect(alerts.map((a: any) => [a.alert, a.expr, a.for])).toEqual([
      ['ConsoleAvailabilitySloBreach', 'sli:console_availability:percent < 99.5', '5m'],
      ['ApiP95LatencySloBreach', 'sli:api_p95_latency:seconds > 1', '5m'],
      ['CatalogQueryP95SloBreach', 'sli:catalog_query_p95:seconds > 0.5', '5m'],
      ['ProjectorSseDeliverySloBreach', 'sli:projector_sse_delivery:seconds > 5', '5m'],
      ['GiteaWebhookReconcileSloBreach', 'sli:gitea_webhook_reconcile:seconds > 120', '5m'],
    ]);
    for (const a of alerts) {
      expect(a.labels).toMatchObject({ severity: 'warning', paging: 'false', component: 'catalyst-control-plane' });
      expect(a.annotations.runbook_url).toBe(`${BASE}/sre.md#catalyst-control-plane-slos`);
    }
    expect(alerts[0].annotations.description).toBe(
      'Console availability is {{ $value | humanize }}% (target 99.9%, alert threshold <99.5% for 5m; SRE handbook §9).',
    );
  });

  it('custom: production pages critical SLOs; rendered Runbooks are linked', () => {
    const alerts = alertsOf(
      rule('catalyst-control-plane', { paging: true, runbooks: new Set(['high-error-rate', 'high-latency']), labels: { 'app.kubernetes.io/name': 'x' } }),
    );
    expect(alerts[0]).toMatchObject({ labels: { severity: 'critical', paging: 'true' }, annotations: { runbook_url: 'runbook://high-error-rate' } });
    expect(alerts[1]).toMatchObject({ labels: { severity: 'warning', paging: 'false' }, annotations: { runbook_url: 'runbook://high-latency' } });
    expect(alerts[2].annotations.runbook_url).toBe(`${BASE}/sre.md#catalyst-control-plane-slos`);
  });

  it('compiles the windows of the handbook: GPU utilisation <30% for 15m, email delivery <98% for 15m', () => {
    const gpu = alertsOf(rule('ai-hub')).find((a: any) => a.alert === 'GpuUtilizationSloBreach');
    expect([gpu.expr, gpu.for]).toEqual(['sli:gpu_utilization:percent < 30', '15m']);
    const email = alertsOf(rule('communication')).find((a: any) => a.alert === 'EmailDeliveryRateSloBreach');
    expect([email.expr, email.for]).toEqual(['sli:email_delivery_rate:percent < 98', '15m']);
  });

  it.skipIf(promtool === 'skip')('every component, lab and production, passes promtool check rules', () => {
    const objects = COMPONENTS.flatMap((c) => [
      rule(c),
      rule(c, { paging: true, runbooks: new Set(SLO_CATALOG.flatMap((s) => (s.runbook ? [s.runbook] : []))) }),
    ]);
    const r = promtoolCheck(objects);
    expect(r.status, r.output).toBe(0);
    expect(r.rules).toBe(SLO_CATALOG.length * 2 * 2);
  });

  it('fails if given no SLOs, an SLO of another component, or a runbook base URL with a trailing slash', () => {
    expect(() => rule('ai-hub', { slos: [] })).toThrow('SloPrometheusRule ai-hub: no SLOs given');
    expect(() => rule('ai-hub', { slos: slosFor(new Set(['communication'])) })).toThrow('SLO email-delivery-rate belongs to communication');
    expect(() => rule('ai-hub', { runbookBaseUrl: `${BASE}/` })).toThrow('runbookBaseUrl must be an https URL without a trailing slash');
  });

  it('names alerts and recording rules from the SLO id and unit', () => {
    const slo: SloDefinition = {
      id: 'x-y',
      component: 'ai-hub',
      sli: 'X',
      target: '<1s',
      alertThreshold: '>2s',
      window: '5m',
      severity: 'warning',
      expr: 'vector(1)',
    };
    expect(sloAlertName(slo)).toBe('XYSloBreach');
    expect(sloRecordName(slo)).toBe('sli:x_y:seconds');
  });
});

describe('SLO rules of the shipped environments', () => {
  it.skipIf(promtool === 'skip')('render the control plane for every environment; all pass promtool; production pages availability', () => {
    const sre = prometheusRulesIn(join(ROOT, 'dist')).filter((r) => r.object.metadata.labels?.['app.kubernetes.io/part-of'] === 'sre');
    const rules = sre.filter((r) => r.object.metadata.name.startsWith('slo-'));
    // The other SRE rule is the handbook's alert definitions (handbook-alerts.test.ts): promtool judges them too.
    const handbook = sre.filter((r) => !rules.includes(r));
    expect(handbook.map((r) => r.file.replace(`${ROOT}/dist/`, ''))).toEqual(
      SHIPPED.map((e) => `${e}/06-monitoring/prometheusrule_catalyst-system_handbook-alerts.yaml`),
    );
    const h = promtoolCheck(handbook.map((x) => x.object));
    expect(h.status, h.output).toBe(0);
    expect(h.rules).toBe(SHIPPED.length * 9);
    expect(rules.map((r) => r.file.replace(`${ROOT}/dist/`, ''))).toEqual(
      SHIPPED.map((e) => `${e}/06-monitoring/prometheusrule_catalyst-system_slo-catalyst-control-plane.yaml`),
    );
    const r = promtoolCheck(rules.map((x) => x.object));
    expect(r.status, r.output).toBe(0);
    expect(r.rules).toBe(SHIPPED.length * 10);
    const severity = (env: string) => alertsOf(rules.find((x) => x.file.includes(`/${env}/`))!.object)[0].labels;
    expect(severity('lab')).toMatchObject({ severity: 'warning', paging: 'false' });
    expect(severity('prod-fsn')).toMatchObject({ severity: 'critical', paging: 'true' });
  });
});
