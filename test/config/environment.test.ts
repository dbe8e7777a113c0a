import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listEnvironments, loadEnvironment, loadEnvironments } from '../../src/environments/load-environment';
import { generate } from '../../scripts/gen-types';
import { ROOT } from '../helpers/cli';
import { editedEnvironment, loadError } from '../helpers/environments';

describe('environments', () => {
  it('every file in environments/ is an environment named after it, a lab and production among them; base/ is none', () => {
    const files = readdirSync(join(ROOT, 'environments'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(listEnvironments()).toEqual(files);
    const envs = loadEnvironments([]).map((l) => l.env);
    expect(envs.map((e) => e.name)).toEqual(files);
    expect(new Set(envs.map((e) => e.tier))).toEqual(new Set(['lab', 'production']));
    expect(existsSync(join(ROOT, 'environments/base/production.ts'))).toBe(true);
    expect(listEnvironments()).not.toContain('production');
    expect(() => loadEnvironment('base/production')).toThrow(/unknown environment "base\/production": expected the name of a file in environments \(known: /);
  });

  it('applies schema defaults and freezes the result', () => {
    const { env } = loadEnvironment('lab');
    expect(env.flux.namespace).toBe('flux-system');
    expect(env.flux.pathPrefix).toBe('./dist');
    expect(Object.isFrozen(env.flux.sourceRef)).toBe(true);
  });

  it('fails with file, line, JSON path, value and expectation for a bad CIDR', () => {
    const dir = editedEnvironment('prod-fsn', (t) => t.replace("nodeCidrs: ['10.48.0.0/20']", "nodeCidrs: ['10.48.0.0/33']"));
    const message = loadError(dir, 'prod-fsn');
    const line =
      readFileSync(join(dir, 'prod-fsn.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('10.48.0.0/33')) + 1;
    expect(message).toContain(`prod-fsn.ts:${line}: /nodeCidrs/0: got "10.48.0.0/33", expected an IPv4 or IPv6 CIDR`);
  });

  it('names a misspelled property and suggests the right one', () => {
    const dir = editedEnvironment('lab', (t) => t.replace('region:', 'regoin:'));
    const message = loadError(dir, 'lab');
    expect(message).toContain('/regoin: unknown property "regoin"; did you mean "region"?');
    expect(message).toContain('missing required property "region"');
  });

  it('lists allowed values for an enum', () => {
    const message = loadError(
      editedEnvironment('lab', (t) => t.replace("tier: 'lab'", "tier: 'staging'")),
      'lab',
    );
    expect(message).toMatch(/lab\.ts:\d+: \/tier: got "staging", expected one of "lab", "production"/);
  });

  it('rejects single replicas in production (cross-field invariant)', () => {
    const message = loadError(
      editedEnvironment('base/production', (t) => t.replace("replicaProfile: 'ha'", "replicaProfile: 'single'")),
      'prod-fsn',
    );
    expect(message).toMatch(/base\/production\.ts:\d+ \(shared base of prod-fsn\): \/replicaProfile: got "single" in a production environment/);
  });

  it('rejects a name that differs from the file name', () => {
    const message = loadError(
      editedEnvironment('lab', (t) => t.replace("name: 'lab'", "name: 'lab2'")),
      'lab',
    );
    expect(message).toContain('/name: got "lab2", expected "lab" (the file name)');
  });

  it('reports an overlay that does not compile as an input error', () => {
    const message = loadError(
      editedEnvironment('lab', (t) => t.replace('const lab', 'const lab = ;')),
      'lab',
    );
    expect(message).toContain('cannot load environment');
  });
});

describe('generated types', () => {
  it('src/config/generated matches schemas/ (run `npm run gen:types`)', async () => {
    for (const [file, text] of await generate()) {
      expect(readFileSync(join(ROOT, 'src/config/generated', file), 'utf8'), file).toBe(text);
    }
  });
});
