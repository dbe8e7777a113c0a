import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadPolicy } from '../../src/validate';
import { loadWaivers } from '../../src/validate/waivers';
import { fixtureDir } from '../helpers/cli';

const BOMB = [
  'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
  ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcd'[i]}`).join(', ')}]`),
].join('\n');

describe('policy and waiver files as YAML', () => {
  it.each([
    ['a duplicate key', 'rules:\n  image-digest: error\n  image-digest: warning\n', 'policy.yaml:3: duplicated mapping key (column 3)'],
    ['an unclosed flow sequence', 'rules: [\n', 'policy.yaml:2: unexpected end of the stream within a flow collection (column 1)'],
    ['two documents', 'rules: {}\n---\nrules: {}\n', 'policy.yaml: expected a single document in the stream, but found more'],
    ['an alias bomb', `${BOMB}\n`, 'policy.yaml: aliases expand to more than 10000 extra nodes (a YAML alias bomb?)'],
  ])('fails on %s, naming the file and line', (_name, text, message) => {
    const dir = fixtureDir({ 'policy.yaml': text });
    expect(() => loadPolicy(join(dir, 'policy.yaml'))).toThrow(`invalid policy ${join(dir, message)}`);
  });

  it('reads YAML 1.2 core: `on` is a string, anchors and aliases within bounds resolve', () => {
    const dir = fixtureDir({
      'policy.yaml': 'extends: recommended\nrules:\n  image-digest: &sev warning\n  rbac-wildcard: *sev\n',
      // `on` unquoted: YAML 1.1 would read the name as true (and the schema would refuse it).
      'waivers.yaml':
        'waivers: [{rule: image-digest, match: {kind: Deployment, name: on}, reason: a pinned tag until migration, owner: web, expires: "2030-01-01"}]\n',
    });
    const policy = loadPolicy(join(dir, 'policy.yaml'));
    const severity = (id: string) => policy.activeRules().find((r) => r.rule.meta.id === id)?.severity;
    expect(severity('rbac-wildcard')).toBe('warning');
    expect(severity('image-digest')).toBe('warning');
    expect(() => loadWaivers(join(dir, 'waivers.yaml'))).not.toThrow();
  });

  it('fails on a duplicate key in a waivers file, naming the file and line', () => {
    const dir = fixtureDir({ 'waivers.yaml': 'waivers: []\nwaivers: []\n' });
    expect(() => loadWaivers(join(dir, 'waivers.yaml'))).toThrow(`invalid waivers ${join(dir, 'waivers.yaml')}:2: duplicated mapping key (column 1)`);
  });
});
