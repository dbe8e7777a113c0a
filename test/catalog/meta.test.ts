/**
 * One contract for every check of every kind (rules, gates, verify, the admission guard's own, peer parity): the
 * meta each declares, ids unique across kinds, and docs/checks.md generated from it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CHECK_KINDS, CHECK_KINDS, RULE_CHECKS } from '../../src/catalog';
import { checksMarkdown } from '../../src/catalog/docs';
import { CHECK_CATEGORIES } from '../../src/check/meta';
import { RULES } from '../../src/rules';
import { EVIDENCE_CHECKS } from '../../src/gates/evidence';
import { RELEASE_CHECKS } from '../../src/gates/release';
import { VERIFY_CHECKS } from '../../src/cluster/verify';
import { GUARD_CHECKS } from '../../src/runtime/admission-guard/checks';
import { Guard, type AdmissionRequest } from '../../src/runtime/admission-guard/decide';
import { PEER_PARITY } from '../../src/render/peer-parity';
import { compliantPod, guardConfig, UNTRUSTED_PINNED } from '../runtime/helpers';
import { plimsoll, ROOT } from '../helpers/cli';

const all = ALL_CHECK_KINDS.flatMap((k) => k.checks.map((c) => ({ kind: k.kind, ...c })));

describe('check meta, every kind', () => {
  it('lists every registry whole: rules, both gates, verify, the guard checks and peer parity', async () => {
    const ids = (kind: string) => ALL_CHECK_KINDS.find((k) => k.kind === kind)!.checks.map((c) => c.id);
    expect(RULE_CHECKS.checks.map((c) => c.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(ids('evidence-gate')).toEqual(EVIDENCE_CHECKS.map((c) => c.id));
    expect(ids('release-gate')).toEqual(RELEASE_CHECKS.map((c) => c.id));
    expect(ids('verify')).toEqual(VERIFY_CHECKS.map((c) => c.id));
    expect(ids('admission-guard')).toEqual(GUARD_CHECKS.map((c) => c.id));
    expect(ids('peer-parity')).toEqual([PEER_PARITY.id]);
    expect(new Set(ALL_CHECK_KINDS.map((k) => k.kind)).size).toBe(ALL_CHECK_KINDS.length);
  });

  for (const c of all) {
    it(`${c.kind} ${c.id}: kebab-case id, description and remediation sentences, a known category`, async () => {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.description.length).toBeGreaterThan(20);
      expect(c.description).toMatch(/\.$/);
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(c.remediation).toMatch(/\.$/);
      expect(CHECK_CATEGORIES).toContain(c.category);
    });
  }

  it('has ids unique across every kind (a finding names its check by id alone)', async () => {
    const seen = new Map<string, string>();
    const clashes = all.filter((c) => {
      const before = seen.get(c.id);
      seen.set(c.id, c.kind);
      return before !== undefined;
    });
    expect(clashes.map((c) => `${c.id} (${seen.get(c.id)})`)).toEqual([]);
    expect(seen.size).toBeGreaterThan(RULES.length + 20);
  });

  it('declares exactly the checks the admission guard reports on its own account', async () => {
    const guard = new Guard(guardConfig(), undefined, { maxObjectBytes: 4096 });
    const create = (object: Record<string, any>, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
      uid: 'u',
      operation: 'CREATE',
      namespace: 'shop',
      userInfo: { username: 'alice' },
      object,
      ...extra,
    });
    const big = compliantPod();
    big.metadata.annotations = { note: 'x'.repeat(5000) };
    let now = 0;
    const slow = new Guard(guardConfig(), undefined, { timer: () => (now += 600) });
    const status = { apiVersion: 'zen.kube-zen.io/v1alpha1', kind: 'Ingester', metadata: { name: 'i', namespace: 'zen-system' }, status: { phase: 'x' } };
    const decisions = [
      guard.reviewObject({ uid: 'u', operation: 'PATCH' } as unknown as AdmissionRequest),
      guard.reviewObject(create(big)),
      slow.reviewObject(create(compliantPod())),
      guard.reviewObject(create(compliantPod(UNTRUSTED_PINNED))),
      guard.reviewStatusIntegrity(create(status, { operation: 'UPDATE', subResource: 'status', oldObject: status })),
    ];
    const rules = new Set(RULES.map((r) => r.meta.id));
    const own = [...new Set(decisions.flatMap((d) => d.denying.map((f) => f.rule)).filter((id) => !rules.has(id)))];
    expect(own.sort()).toEqual(GUARD_CHECKS.map((c) => c.id).sort());
  });

  it('docs/checks.md is generated from the checks (run `npm run docs:checks`)', async () => {
    expect(readFileSync(join(ROOT, 'docs/checks.md'), 'utf8')).toBe(checksMarkdown());
    for (const c of CHECK_KINDS.flatMap((k) => k.checks)) expect(checksMarkdown()).toContain(`\n### ${c.id}\n`);
  });

  it('`plimsoll checks list` prints the same checks as text and JSON, and refuses an unknown format (exit 2)', async () => {
    const json = await plimsoll(['checks', 'list', '--format', 'json']);
    expect(json.status).toBe(0);
    const listed = JSON.parse(json.stdout) as Array<{ kind: string; checks: Array<{ id: string; remediation: string }> }>;
    expect(listed.map((k) => k.kind)).toEqual(CHECK_KINDS.map((k) => k.kind));
    expect(listed.flatMap((k) => k.checks.map((c) => c.id))).toEqual(CHECK_KINDS.flatMap((k) => k.checks.map((c) => c.id)));
    const bad = await plimsoll(['checks', 'list', '--format', 'yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown --format "yaml"; expected text, markdown, json');
  });
});
