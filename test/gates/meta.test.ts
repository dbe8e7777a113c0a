import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_CHECKS } from '../../src/gates/evidence';
import { RELEASE_CHECKS } from '../../src/gates/release';
import { PLIMSOLL_VERSION } from '../../src/version';
import { plimsoll, ROOT } from '../helpers/cli';

const NOT_CHECKS = new Set(['index.ts', 'context.ts', 'artifact.ts']);

describe('gate checks', () => {
  it('registers every check file once, with unique kebab-case ids documented in README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Release gates'), readme.indexOf('## Development'));
    expect(readme.indexOf('## Release gates')).toBeGreaterThan(0);
    expect(readme.indexOf('## Release gates')).toBeLessThan(readme.indexOf('## Development'));
    for (const [folder, checks] of [['evidence', EVIDENCE_CHECKS], ['release', RELEASE_CHECKS]] as const) {
      const files = readdirSync(join(ROOT, 'src/gates', folder)).filter((f) => !NOT_CHECKS.has(f));
      expect(checks.length, folder).toBe(files.length);
      for (const check of checks) {
        expect(check.id).toMatch(/^(evidence|release)-[a-z]+(-[a-z]+)*$/);
        expect(check.description).toMatch(/\.$/);
        expect(section, `README documents ${check.id}`).toContain(`\`${check.id}\``);
      }
    }
    const ids = [...EVIDENCE_CHECKS, ...RELEASE_CHECKS].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('PLIMSOLL_VERSION is package.json\'s version, and the CLI reports it', async () => {
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
