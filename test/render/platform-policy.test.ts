import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { externalPeerSelectors } from '../../src/constructs/common/external-peers';
import { loadPolicy, PLATFORM_POLICY } from '../../src/validate/policy';
import { ROOT } from '../helpers/cli';
import { PROMTOOL, requireTool } from '../helpers/tools';
import { prometheusRulesIn, promtoolCheck } from '../helpers/promtool';

const promtool = requireTool(PROMTOOL);

describe('the platform policy', () => {
  it('names exactly the external peers the constructs select (netpol-selector-preserved)', () => {
    const policy = parse(readFileSync(PLATFORM_POLICY, 'utf8'));
    const fromPolicy = policy.rules['netpol-selector-preserved'].options.peers;
    const fromConstructs = externalPeerSelectors().map((p) => ({
      name: p.id,
      namespaceSelector: p.namespaceSelector.matchLabels,
      podSelector: p.podSelector.matchLabels,
    }));
    expect(fromPolicy).toEqual(fromConstructs);
  });

  it('loads with valid options for every rule, for both tiers', () => {
    for (const tier of ['lab', 'production'] as const) {
      const active = loadPolicy(PLATFORM_POLICY).activeRules({ name: 'x', tier });
      expect(active.find((r) => r.rule.meta.id === 'rbac-status-write')?.options.allowedServiceAccounts).toEqual([
        'system:serviceaccount:zen-system:zen-watcher',
      ]);
    }
  });
});

describe.skipIf(promtool === 'skip')('promtool: every PrometheusRule Plimsoll renders', () => {
  for (const env of ['lab', 'prod-fsn']) {
    it(`dist/${env} passes promtool check rules`, () => {
      const rules = prometheusRulesIn(join(ROOT, 'dist', env));
      expect(rules.length).toBeGreaterThanOrEqual(3);
      const result = promtoolCheck(rules.map((r) => r.object));
      expect(result.status, result.output).toBe(0);
      expect(result.rules).toBeGreaterThan(40);
    });
  }
});
