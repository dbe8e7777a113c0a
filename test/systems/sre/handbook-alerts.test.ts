import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDBOOK_ALERTS } from '../../../src/systems/sre/alert-catalog';
import { RUNBOOK_CATALOG } from '../../../src/systems/sre/runbook-catalog';
import { HandbookAlerts } from '../../../src/systems/sre/handbook-alerts';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { renderEnvironment } from '../../../src/render/render-environment';
import { ROOT } from '../../helpers/cli';
import { only, synth } from './helpers';

describe('handbook alerts (SRE handbook §4.2: the alerts the Runbooks act on)', () => {
  it('every alert of the alert-to-action tables is defined, here or by the GPU alerts, and nothing else', () => {
    // "| HighMemoryUsage | Scale up deployment | Check memory |" … every trigger of every Runbook of the catalog.
    const triggers = new Set(RUNBOOK_CATALOG.flatMap((r) => r.triggers.map((t) => t.alertName)));
    const defined = new Set([...HANDBOOK_ALERTS.map((a) => a.alert), 'GPUUtilizationLow', 'GPUMemoryExhausted']);
    expect([...triggers].filter((t) => !defined.has(t))).toEqual([]);
    expect([...defined].filter((d) => !triggers.has(d))).toEqual([]);
    for (const a of HANDBOOK_ALERTS) expect(RUNBOOK_CATALOG.find((r) => r.triggers.some((t) => t.alertName === a.alert))?.component, a.alert).toBe(a.component);
  });

  it('docs/runbooks/sre.md lists each definition as rendered (alert, severity, for, expression)', () => {
    const doc = readFileSync(join(ROOT, 'docs/runbooks/sre.md'), 'utf8');
    for (const a of HANDBOOK_ALERTS) {
      expect(doc, a.alert).toContain(
        `| \`${a.alert}\` | ${a.component} | ${a.critical ? 'critical (pages in production)' : 'warning'} | ${a.for} | \`${a.expr.replace(/\|/g, '\\|')}\` |`,
      );
    }
  });

  it('links each alert to its Runbook, pages only critical ones in production, and scopes NS to the namespace', () => {
    const alerts = HANDBOOK_ALERTS.filter((a) => a.component === 'catalyst-control-plane');
    const rule = only(
      synth(
        (c) =>
          new HandbookAlerts(c, 'h', {
            namespace: 'catalyst-system',
            alerts,
            runbookBaseUrl: 'https://docs.example/runbooks',
            runbooks: new Map([['OpenBaoSealed', 'openbao-sealed']]),
            paging: true,
          }),
      ).objects,
      'PrometheusRule',
    );
    const rules = rule.spec.groups[0].rules as Array<Record<string, any>>;
    const sealed = rules.find((r) => r.alert === 'OpenBaoSealed')!;
    expect(sealed.annotations.runbook_url).toBe('runbook://openbao-sealed');
    expect(sealed.labels).toMatchObject({ severity: 'critical', paging: 'true', component: 'catalyst-control-plane' });
    const memory = rules.find((r) => r.alert === 'HighMemoryUsage')!;
    expect(memory.labels).toMatchObject({ severity: 'warning', paging: 'false' });
    expect(memory.annotations.runbook_url).toBe('https://docs.example/runbooks/sre.md#alert-definitions');
    expect(memory.expr).toContain('namespace="catalyst-system"');
    expect(rules.every((r) => !r.expr.includes('"NS"'))).toBe(true);
  });

  it.each(['lab', 'prod-fsn'])('%s: every rendered Runbook trigger is an alert some rendered PrometheusRule defines', (name) => {
    const objects = renderEnvironment(loadEnvironment(name).env).objects.map((o) => o.object as Record<string, any>);
    const alerts = new Set(
      objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert))),
    );
    const triggers = objects.filter((o) => o.kind === 'Runbook').flatMap((o) => o.spec.triggers.map((t: any) => t.alertName as string));
    expect(triggers.length).toBeGreaterThanOrEqual(9);
    expect(triggers.filter((t) => !alerts.has(t))).toEqual([]);
  });
});
