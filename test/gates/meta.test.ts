import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_CHECKS } from '../../src/gates/evidence';
import { RELEASE_CHECKS } from '../../src/gates/release';
import { PLIMSOLL_VERSION } from '../../src/version';
import { checksMarkdown } from '../../src/catalog/docs';
import { plimsoll, ROOT } from '../helpers/cli';

const NOT_CHECKS = new Set(['index.ts', 'context.ts', 'artifact.ts']);

describe('gate checks', () => {
  it('registers every check file once, with unique kebab-case ids (their docs: docs/checks.md, test/catalog)', () => {
    for (const [folder, checks] of [
      ['evidence', EVIDENCE_CHECKS],
      ['release', RELEASE_CHECKS],
    ] as const) {
      const files = readdirSync(join(ROOT, 'src/gates', folder)).filter((f) => !NOT_CHECKS.has(f));
      expect(checks.length, folder).toBe(files.length);
      for (const check of checks) {
        expect(check.id).toMatch(/^(evidence|release)-[a-z]+(-[a-z]+)*$/);
        expect(check.description).toMatch(/\.$/);
        expect(check.remediation).toMatch(/\.$/);
        expect(checksMarkdown(), `docs/checks.md documents ${check.id}`).toContain(`\n### ${check.id}\n`);
      }
    }
    const ids = [...EVIDENCE_CHECKS, ...RELEASE_CHECKS].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("README's Release gates section links the generated list of both gates' checks", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('\n## Release gates\n');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(section).toContain('(docs/checks.md#evidence-gate)');
    expect(section).toContain('(docs/checks.md#release-gate)');
    expect(checksMarkdown()).toContain('\n## Evidence gate\n');
    expect(checksMarkdown()).toContain('\n## Release gate\n');
  });

  it("PLIMSOLL_VERSION is package.json's version, and the CLI reports it", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(PLIMSOLL_VERSION).toBe(pkg.version);
    const r = await plimsoll(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('.ci/run runs the release gate on the project, last', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8').trimEnd().split('\n');
    expect(ci[ci.length - 1]).toBe('node bin/plimsoll.js gate release');
  });
});
