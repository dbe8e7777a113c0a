import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fixtureDir, plimsoll, webDeployment } from '../helpers/cli';
import { RULES } from '../../src/rules';

/** A Deployment with a mutable tag: the recommended policy reports it (image-digest), so "no rules" would pass it. */
const bad = webDeployment('registry.example.com/web:latest');

describe('policies that would switch validation off', () => {
  it('fails if the policy is /dev/null: exit 2, naming the file and what was expected', async () => {
    const dir = fixtureDir({ 'app.yaml': bad });
    const r = await plimsoll(['validate', dir, '--policy', '/dev/null']);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain('invalid policy /dev/null: the file is empty');
    expect(r.stderr).toContain('expected a mapping with `rules` and/or `extends`');
  });

  it('fails if the policy file holds only comments', async () => {
    const dir = fixtureDir({ 'app.yaml': bad, 'policy.yaml': '# nothing here\n' });
    const r = await plimsoll(['validate', join(dir, 'app.yaml'), '--policy', join(dir, 'policy.yaml')]);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain(`invalid policy ${join(dir, 'policy.yaml')}: the file is empty (only comments)`);
  });

  it('fails if the policy has `rules: {}`: no rule would run', async () => {
    const dir = fixtureDir({ 'app.yaml': bad, 'policy.yaml': 'rules: {}\n' });
    const r = await plimsoll(['validate', join(dir, 'app.yaml'), '--policy', join(dir, 'policy.yaml')]);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain(`policy ${join(dir, 'policy.yaml')} turns every rule off`);
    expect(r.stderr).toContain('`allowNoRules: true`');
  });

  it('fails if a policy extending recommended turns each rule off, and names the chain', async () => {
    const off = RULES.map((rule) => `  ${rule.meta.id}: off\n`).join('');
    const dir = fixtureDir({ 'app.yaml': bad, 'policy.yaml': `extends: recommended\nrules:\n${off}` });
    const r = await plimsoll(['validate', join(dir, 'app.yaml'), '--policy', join(dir, 'policy.yaml')]);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toMatch(/turns every rule off \(resolved from policies\/recommended\.yaml → .*policy\.yaml\)/);
  });

  it('fails if the rules are on at the base but every one is off for the environment being validated', async () => {
    const off = RULES.map((rule) => `      ${rule.meta.id}: off\n`).join('');
    const dir = fixtureDir({ 'app.yaml': bad, 'policy.yaml': `extends: recommended\ntiers:\n  lab:\n    rules:\n${off}` });
    const r = await plimsoll(['validate', join(dir, 'app.yaml'), '--policy', join(dir, 'policy.yaml'), '--env', 'lab1', '--tier', 'lab']);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain('turns every rule off for environment lab1 (tier lab)');
  });

  it('runs no rule when the policy says allowNoRules: true', async () => {
    const dir = fixtureDir({ 'app.yaml': bad, 'policy.yaml': 'allowNoRules: true\nrules: {}\n' });
    const r = await plimsoll(['validate', join(dir, 'app.yaml'), '--policy', join(dir, 'policy.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 1, objects: 1, errors: 0 });
  });

  it('fails if allowNoRules is not a boolean (the schema says so)', async () => {
    const dir = fixtureDir({ 'app.yaml': bad, 'policy.yaml': 'allowNoRules: "yes"\nrules: {}\n' });
    const r = await plimsoll(['validate', join(dir, 'app.yaml'), '--policy', join(dir, 'policy.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/policy\.yaml:1: \/allowNoRules: /);
  });
});
