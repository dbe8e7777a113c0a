import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelloworldAlerts } from '../../../src/systems/shipshape';
import { PROMTOOL, requireTool } from '../../helpers/tools';
import { promtoolCheck } from '../../helpers/promtool';
import { ROOT } from '../../helpers/cli';
import { one, synth, type Obj } from './synth';

const PROD = 'prod.helloworld.shipshape.example.com';
const BASE = 'https://git.acme.example/platform/plimsoll/blob/main/docs/runbooks';
const promtool = requireTool(PROMTOOL);

const rulesOf = (o: Obj): Obj[] => o.spec.groups.flatMap((g: Obj) => g.rules);
const find = (rules: Obj[], alert: string, env?: string) => {
  const found = rules.filter((r) => r.alert === alert && r.labels.env === env);
  expect(found, `${alert}${env ? ` env=${env}` : ''}`).toHaveLength(1);
  return found[0];
};

/** GitHub's anchor of a Markdown heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The `## ` sections of docs/runbooks/shipshape.md by anchor. */
function runbookSections(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'docs/runbooks/shipshape.md'), 'utf8');
  return new Map(
    text
      .split(/^## /m)
      .slice(1)
      .map((s) => [anchorOf(s.split('\n')[0]), s]),
  );
}

const ISSUE_ALERTS = [
  'HelloworldHighLatencyP95',
  'HelloworldHighErrorRate',
  'HelloworldErrorBudgetBurnFast',
  'HelloworldErrorBudgetBurnSlow',
  'IstioGateway5xxRate',
  'IstioGateway429Saturation',
  'HelloworldProdHPANearMaxReplicas',
  'HelloworldProdPDBDisruptionsExhausted',
  'HelloworldProdPDBInsufficientHealthyPods',
  'CertManagerCertExpiringSoon',
  'KubePodCrashLooping',
  'KubePodHighMemory',
  'ConfigMapReloadErrors',
  'ConfigMapReloadWatchDown',
  'ConfigMapReloadMetricsAbsent',
  'ConfigMapReloadHighRestartRate',
  'ConfigMapReloadDroppedRestarts',
  'ConfigMapReloadLeaderFlapping',
  'ConfigMapReloadNoActiveLeader',
  'ConfigMapReloadPendingRestartsStuck',
];

describe('HelloworldAlerts', () => {
  const rule = one(
    synth((c) => new HelloworldAlerts(c, 'alerts', { prodHost: PROD })),
    'PrometheusRule',
  );
  const rules = rulesOf(rule);

  it('defaults: one PrometheusRule helloworld in shipshape with every alert the runbook names', () => {
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata).toMatchObject({ name: 'helloworld', namespace: 'shipshape' });
    expect([...new Set(rules.map((r) => r.alert))].sort()).toEqual([...ISSUE_ALERTS].sort());
  });

  it('thresholds: p95 > 500 ms, 5xx > 5 %, 99.9 % burn rates 14.4x (1h & 5m) and 6x (6h & 30m), certificates < 7 days, HPA at 90 % of max', () => {
    expect(find(rules, 'HelloworldHighLatencyP95', 'prod').expr).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shipshape",env="prod"}[5m]))) > 0.5',
    );
    expect(find(rules, 'HelloworldHighErrorRate', 'prod').expr).toBe(
      'sum(rate(http_requests_total{namespace="shipshape",env="prod",status=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shipshape",env="prod"}[5m])) > 0.05',
    );
    const fast = find(rules, 'HelloworldErrorBudgetBurnFast', 'prod').expr;
    expect(fast).toContain('[1h])) > (14.4 * 0.001)');
    expect(fast).toContain('[5m])) > (14.4 * 0.001)');
    expect(fast).toContain(') and (');
    const slow = find(rules, 'HelloworldErrorBudgetBurnSlow', 'prod').expr;
    expect(slow).toContain('[6h])) > (6 * 0.001)');
    expect(slow).toContain('[30m])) > (6 * 0.001)');
    expect(find(rules, 'CertManagerCertExpiringSoon').expr).toBe(
      '(certmanager_certificate_expiration_timestamp_seconds{name=~"helloworld-cert-test|helloworld-cert-prod"} - time()) < 7 * 24 * 3600',
    );
    expect(find(rules, 'HelloworldProdHPANearMaxReplicas', 'prod').expr).toContain('>= 0.9');
    expect(find(rules, 'HelloworldProdPDBDisruptionsExhausted', 'prod').expr).toBe(
      'kube_poddisruptionbudget_status_pod_disruptions_allowed{namespace="shipshape",poddisruptionbudget="helloworld-prod"} == 0',
    );
    expect(find(rules, 'HelloworldProdPDBInsufficientHealthyPods', 'prod').expr).toContain(
      'kube_poddisruptionbudget_status_current_healthy{namespace="shipshape",poddisruptionbudget="helloworld-prod"} < kube_poddisruptionbudget_status_desired_healthy',
    );
  });

  it('scopes the Istio ingress alerts to request_host of the prod host', () => {
    for (const alert of ['IstioGateway5xxRate', 'IstioGateway429Saturation']) {
      const expr = find(rules, alert, 'prod').expr;
      const selectors = [...expr.matchAll(/istio_requests_total\{([^}]*)\}/g)].map((m) => m[1]);
      expect(selectors.length).toBe(2);
      for (const s of selectors) expect(s).toContain(`request_host="${PROD}"`);
    }
    expect(find(rules, 'IstioGateway429Saturation', 'prod').expr).toContain('response_code="429"');
    expect(find(rules, 'IstioGateway5xxRate', 'prod').expr).toContain('response_code=~"5.."');
  });

  it('prod paging alerts are critical and scoped to prod; test alerts are warning, paging "false", env="test"', () => {
    const paging = rules.filter((r) => r.labels.paging === 'true');
    expect(paging.map((r) => r.alert).sort()).toEqual(
      [
        'HelloworldErrorBudgetBurnFast',
        'HelloworldHighErrorRate',
        'HelloworldHighLatencyP95',
        'HelloworldProdHPANearMaxReplicas',
        'HelloworldProdPDBDisruptionsExhausted',
        'HelloworldProdPDBInsufficientHealthyPods',
        'IstioGateway5xxRate',
      ].sort(),
    );
    for (const r of paging) {
      expect(r.labels).toMatchObject({ severity: 'critical', env: 'prod' });
      expect(r.expr, r.alert).toMatch(
        /env="prod"|request_host="prod\.helloworld\.shipshape\.example\.com"|(horizontalpodautoscaler|poddisruptionbudget)="helloworld-prod"/,
      );
      expect(r.expr).not.toContain('env="test"');
    }
    const test = rules.filter((r) => r.labels.env === 'test' || r.expr.includes('env="test"'));
    expect(test.map((r) => r.alert).sort()).toEqual(['HelloworldHighErrorRate', 'HelloworldHighLatencyP95']);
    for (const r of test) {
      expect(r.labels).toEqual({ severity: 'warning', paging: 'false', env: 'test' });
      expect(r.expr).toContain('env="test"');
      expect(r.expr).not.toContain('env="prod"');
    }
    for (const r of rules) {
      expect(['critical', 'warning']).toContain(r.labels.severity);
      expect(r.labels.paging).toBe(r.labels.severity === 'critical' ? 'true' : 'false');
    }
  });

  it("every alert's runbook_url points at its section of docs/runbooks/shipshape.md", () => {
    const sections = runbookSections();
    for (const r of rules) {
      const url = r.annotations.runbook_url as string;
      expect(url.startsWith(`${BASE}/shipshape.md#`), url).toBe(true);
      const section = sections.get(url.split('#')[1]);
      expect(section, `${r.alert}: no section for ${url}`).toBeDefined();
      // The section is the one the runbook says the alert triggers.
      expect(section, r.alert).toContain(`\`${r.alert}\``);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(10);
    }
  });

  it('the table in docs/runbooks/shipshape.md matches the rendered alerts', () => {
    const doc = readFileSync(join(ROOT, 'docs/runbooks/shipshape.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (\w+) \| (\w+) \| .* \| \[([a-z0-9-]+)\]/gm)].map((m) => m.slice(1, 5).join(' '));
    expect(rows).toEqual(rules.map((r) => [r.alert, r.labels.severity, r.labels.paging, r.annotations.runbook_url.split('#')[1]].join(' ')));
  });

  it.skipIf(promtool === 'skip')('passes promtool check rules', () => {
    const r = promtoolCheck([rule as any]);
    expect(r.status, r.output).toBe(0);
    expect(r.rules).toBe(rules.length);
  });

  it('custom: name, namespace, runbook base, SLO target, workload and certificates', () => {
    const custom = one(
      synth(
        (c) =>
          new HelloworldAlerts(c, 'alerts', {
            prodHost: 'www.example.org',
            name: 'hw',
            namespace: 'apps',
            runbookBaseUrl: 'https://docs.example.org/runbooks',
            availabilityTarget: 0.995,
            prodWorkloadName: 'hw-prod',
            certificateNames: ['hw-cert'],
          }),
      ),
      'PrometheusRule',
    );
    const rs = rulesOf(custom);
    expect(custom.metadata).toMatchObject({ name: 'hw', namespace: 'apps' });
    expect(find(rs, 'HelloworldErrorBudgetBurnFast', 'prod').expr).toContain('(14.4 * 0.005)');
    expect(find(rs, 'IstioGateway5xxRate', 'prod').expr).toContain('request_host="www.example.org"');
    expect(find(rs, 'HelloworldProdPDBDisruptionsExhausted', 'prod').expr).toContain('namespace="apps",poddisruptionbudget="hw-prod"');
    expect(find(rs, 'CertManagerCertExpiringSoon').expr).toContain('name=~"hw-cert"');
    expect(find(rs, 'KubePodCrashLooping').annotations.runbook_url).toBe('https://docs.example.org/runbooks/shipshape.md#runbook-pod-crash-looping');
  });

  it('fails if the runbook base URL has a trailing slash', () => {
    expect(() => synth((c) => new HelloworldAlerts(c, 'a', { prodHost: PROD, runbookBaseUrl: 'https://x.example/runbooks/' }))).toThrow(
      /runbookBaseUrl must be an https URL without a trailing slash/,
    );
  });

  it('fails if the availability target is not a fraction', () => {
    expect(() => synth((c) => new HelloworldAlerts(c, 'a', { prodHost: PROD, availabilityTarget: 99.9 }))).toThrow(
      /availabilityTarget must be between 0 and 1/,
    );
  });
});
