import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownAnchors } from '../../src/lib/markdown';
import { CHECK_SECTIONS, SECTION_OVERRIDES, sectionFor, sectionLink } from '../../src/cluster/verify/runbooks';
import { VERIFY_CHECKS } from '../../src/cluster/verify';
import { ROOT_DIR } from '../helpers/fake-cluster';

const anchorsOf = (file: string) => markdownAnchors(readFileSync(join(ROOT_DIR, 'docs', 'runbooks', file), 'utf8'));

describe('verify runbook sections', () => {
  it('every check has a section, and every section links a heading that exists', () => {
    expect(VERIFY_CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(CHECK_SECTIONS).sort());
    for (const section of [...Object.values(CHECK_SECTIONS), ...SECTION_OVERRIDES.map((o) => o.section)]) {
      expect(anchorsOf(section.file), sectionLink(section)).toContain(section.anchor);
    }
  });

  it('uses a system runbook section for exactly the objects it covers', () => {
    expect(sectionLink(sectionFor('cluster-pdb-headroom', { kind: 'PodDisruptionBudget', namespace: 'shipshape', name: 'helloworld-prod' }))).toBe(
      'docs/runbooks/shipshape.md#runbook-prod-pdb-disruptions-exhausted',
    );
    expect(sectionLink(sectionFor('cluster-pdb-headroom', { kind: 'PodDisruptionBudget', namespace: 'zen-system', name: 'zen-watcher' }))).toBe(
      'docs/runbooks/post-deploy.md#disruption-budget-headroom',
    );
    expect(sectionLink(sectionFor('cluster-object-exists', { kind: 'PodDisruptionBudget', namespace: 'shipshape', name: 'helloworld-prod' }))).toBe(
      'docs/runbooks/post-deploy.md#rendered-objects-exist',
    );
  });
});
