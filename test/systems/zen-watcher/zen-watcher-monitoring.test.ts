import { describe, expect, it } from 'vitest';
import { ZenWatcherInstance, ZenWatcherPrometheusRule, ZenWatcherServiceMonitor } from '../../../src/systems/zen-watcher';
import { githubSlug } from '../../../src/lib/markdown';
import { promtoolCheck } from '../../helpers/promtool';
import { PROMTOOL, requireTool } from '../../helpers/tools';
import { IMAGE, only, synth } from './helpers';

const BASE = 'https://github.com/kube-zen/zen-watcher/blob/main/docs';

function rule(props: Partial<ConstructorParameters<typeof ZenWatcherPrometheusRule>[2]> = {}): { metadata: any; spec: any } {
  return only(
    synth((chart) => new ZenWatcherPrometheusRule(chart, 'rule', { namespace: 'zen-system', envLabel: 'prod', runbookBaseUrl: BASE, ...props })),
    'PrometheusRule',
  ) as { metadata: any; spec: any };
}

function alerts(pr: any): Map<string, any> {
  return new Map(
    pr.spec.groups
      .flatMap((g: any) => g.rules)
      .filter((r: any) => r.alert)
      .map((r: any) => [r.alert, r]),
  );
}

function records(pr: any): Map<string, string> {
  return new Map(
    pr.spec.groups
      .flatMap((g: any) => g.rules)
      .filter((r: any) => r.record)
      .map((r: any) => [r.record, r.expr]),
  );
}

describe('ZenWatcherPrometheusRule', () => {
  it("defaults: the guide's three alerts with its thresholds", () => {
    const a = alerts(rule());
    expect(a.get('ZenWatcherObservationCreateErrors').expr).toBe('increase(zen_watcher_observations_create_errors_total{env="prod"}[10m]) > 0');
    expect(a.get('ZenWatcherWebhookQueueBackpressure').expr).toBe('zen_watcher_webhook_queue_usage{env="prod"} > 1000');
    expect(a.get('ZenWatcherDeduplicationIneffective').expr).toBe('zen_watcher_dedup_effectiveness{env="prod"} < 0.1');
  });

  it("defaults: the guide's SLOs (99.9 % availability from zen_watcher_health_status, 99 % of events < 5 s, 95 % of API requests < 100 ms)", () => {
    const pr = rule();
    const r = records(pr);
    expect(r.get('zen_watcher:health_status:max')).toContain('zen_watcher_health_status{env="prod"}');
    expect(r.get('zen_watcher:availability:ratio_30d')).toBe('avg_over_time(zen_watcher:health_status:max{env="prod"}[30d])');
    expect(r.get('zen_watcher:event_processing_duration_seconds:p99_5m')).toBe(
      'histogram_quantile(0.99, sum by (namespace, service, env, le) (rate(zen_watcher_event_processing_duration_seconds_bucket{env="prod"}[5m])))',
    );
    expect(r.get('zen_watcher:http_request_duration_seconds:p95_5m')).toBe(
      'histogram_quantile(0.95, sum by (namespace, service, env, le) (rate(zen_watcher_http_request_duration_seconds_bucket{env="prod"}[5m])))',
    );
    const a = alerts(pr);
    expect(a.get('ZenWatcherAvailabilitySLOBreached').expr).toBe('zen_watcher:availability:ratio_30d{env="prod"} < 0.999');
    expect(a.get('ZenWatcherEventProcessingSLOBreached').expr).toBe('zen_watcher:event_processing_duration_seconds:p99_5m{env="prod"} > 5');
    expect(a.get('ZenWatcherAPILatencySLOBreached').expr).toBe('zen_watcher:http_request_duration_seconds:p95_5m{env="prod"} > 0.1');
    expect(a.get('ZenWatcherAvailabilityBudgetBurn').expr).toContain('> (14.4 * 0.001)');
  });

  it('defaults: every alert has a runbook_url to its section of the guide, and no alert pages', () => {
    const a = alerts(rule());
    const expected: Record<string, string> = {
      ZenWatcherObservationCreateErrors: `${BASE}/OPERATIONAL_INVARIANTS_AND_SLOS.md#3-invalid-configs-rejected-with-clear-errors`,
      ZenWatcherWebhookQueueBackpressure: `${BASE}/OPERATIONAL_INVARIANTS_AND_SLOS.md#6-graceful-degradation-under-load`,
      ZenWatcherDeduplicationIneffective: `${BASE}/OPERATIONAL_INVARIANTS_AND_SLOS.md#4-deduplication-effectiveness`,
      ZenWatcherAvailabilityBudgetBurn: `${BASE}/OPERATIONAL_EXCELLENCE.md#availability-slo-999`,
      ZenWatcherAvailabilitySLOBreached: `${BASE}/OPERATIONAL_EXCELLENCE.md#availability-slo-999`,
      ZenWatcherEventProcessingSLOBreached: `${BASE}/OPERATIONAL_EXCELLENCE.md#event-processing-slo-99--5s`,
      ZenWatcherAPILatencySLOBreached: `${BASE}/OPERATIONAL_EXCELLENCE.md#api-latency-slo-95--100ms`,
    };
    expect(Object.fromEntries([...a].map(([name, r]) => [name, r.annotations.runbook_url]))).toEqual(expected);
    for (const r of a.values()) {
      expect(r.labels).toEqual({ severity: 'warning', paging: 'false' });
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.description).toBeTruthy();
      expect(r.for).toMatch(/^\d+m$/);
    }
  });

  it('custom: with paging, only the availability burn alert pages; env and base URL follow the props', () => {
    const pr = rule({ envLabel: 'lab', runbookBaseUrl: 'https://docs.example.com/zen', paging: true, name: 'zen-rules' });
    expect(pr.metadata.name).toBe('zen-rules');
    const a = alerts(pr);
    const paging = [...a].filter(([, r]) => r.labels.paging === 'true').map(([n, r]) => [n, r.labels.severity]);
    expect(paging).toEqual([['ZenWatcherAvailabilityBudgetBurn', 'critical']]);
    for (const r of a.values()) {
      expect(r.expr).toContain('env="lab"');
      expect(r.annotations.runbook_url).toMatch(/^https:\/\/docs\.example\.com\/zen\/OPERATIONAL_/);
    }
  });

  it("GitHub anchors of the guide's headings", () => {
    expect(githubSlug('Availability SLO: 99.9%')).toBe('availability-slo-999');
    expect(githubSlug('Event Processing SLO: 99% < 5s')).toBe('event-processing-slo-99--5s');
    expect(githubSlug('4. Deduplication Effectiveness')).toBe('4-deduplication-effectiveness');
  });

  it('passes promtool check rules', () => {
    if (requireTool(PROMTOOL) === 'skip') return;
    const result = promtoolCheck([rule(), rule({ envLabel: 'lab', paging: true })]);
    expect(result.status, result.output).toBe(0);
    expect(result.rules).toBe(2 * 11);
  });

  it('fails if the env label is not a plain value', () => {
    expect(() => rule({ envLabel: 'prod"} or vector(1) #' })).toThrow('envLabel must be a plain label value');
  });

  it('fails if the runbook base URL is not a URL', () => {
    expect(() => rule({ runbookBaseUrl: 'docs/' })).toThrow('runbookBaseUrl must be an http(s) URL without a trailing slash');
  });
});

describe('ZenWatcherServiceMonitor', () => {
  it('defaults: scrapes /metrics on the http port of the zen-watcher Services, adding the env label', () => {
    const objects = synth((chart) => {
      new ZenWatcherInstance(chart, 'zw', { namespace: 'zen-system', image: IMAGE });
      new ZenWatcherServiceMonitor(chart, 'sm', {
        namespace: 'zen-system',
        serviceLabels: { 'app.kubernetes.io/name': 'zen-watcher' },
        portName: 'http',
        envLabel: 'prod',
      });
    });
    const sm = only(objects, 'ServiceMonitor', 'zen-watcher');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['zen-system'] });
    expect(sm.spec.endpoints).toEqual([
      {
        port: 'http',
        path: '/metrics',
        scheme: 'http',
        interval: '30s',
        scrapeTimeout: '10s',
        relabelings: [{ action: 'replace', targetLabel: 'env', replacement: 'prod' }],
      },
    ]);
    // The selected Service exists and has the named port (what dangling-reference will check).
    const svc = only(objects, 'Service', 'zen-watcher');
    expect(svc.metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
    expect(svc.spec.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
  });

  it('custom: name, interval and labels', () => {
    const sm = only(
      synth(
        (chart) =>
          new ZenWatcherServiceMonitor(chart, 'sm', {
            namespace: 'zen-ops',
            name: 'watcher',
            interval: '15s',
            serviceLabels: { app: 'zen-watcher' },
            portName: 'metrics',
            envLabel: 'lab',
            labels: { team: 'sec' },
          }),
      ),
      'ServiceMonitor',
    );
    expect(sm.metadata).toEqual({ name: 'watcher', namespace: 'zen-ops', labels: { team: 'sec' } });
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', interval: '15s' });
  });

  it('fails if the Service selector is empty', () => {
    expect(() =>
      synth((chart) => new ZenWatcherServiceMonitor(chart, 'sm', { namespace: 'zen-system', serviceLabels: {}, portName: 'http', envLabel: 'prod' })),
    ).toThrow('serviceLabels is empty');
  });
});
