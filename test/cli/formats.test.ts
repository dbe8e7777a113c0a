import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fixtureDir, plimsoll, webDeployment } from '../helpers/cli';
import { RULES } from '../../src/rules';

const D = 'sha256:' + 'd'.repeat(64);

describe('validate --format sarif', () => {
  it('emits SARIF 2.1.0 with rule metadata, locations and suppressions', async () => {
    const dir = fixtureDir({
      'a.yaml': webDeployment('web:1.0'),
      'b.yaml': webDeployment(`web@${D}`).replace('name: web\n  namespace', 'name: other\n  namespace').replace('seccompProfile: {type: RuntimeDefault}', ''),
    });
    const r = await plimsoll(['validate', dir, '--format', 'sarif'], { cwd: dir });
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('plimsoll');
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.meta.id));
    const digest = run.results.find((x: { ruleId: string }) => x.ruleId === 'image-digest');
    expect(digest.level).toBe('error');
    expect(run.tool.driver.rules[digest.ruleIndex].id).toBe('image-digest');
    expect(digest.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'a.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 15 } });
    expect(digest.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Deployment/shipshape/web');
    expect(
      run.results.some(
        (x: { ruleId: string; locations: any[] }) => x.ruleId === 'pod-security' && x.locations[0].physicalLocation.artifactLocation.uri === 'b.yaml',
      ),
    ).toBe(true);
  });
});

describe('validate --format junit', () => {
  it('emits well-formed JUnit XML: a suite per active rule, a failing case per file with errors', async () => {
    const dir = fixtureDir({ 'a.yaml': webDeployment('web:<latest>&"x"') });
    const r = await plimsoll(['validate', dir, '--format', 'junit']);
    expect(r.status).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(r.stdout);
    const suites = doc.testsuites.testsuite as any[];
    expect(suites.map((s) => s['@_name'])).toContain('probes');
    const digest = suites.find((s) => s['@_name'] === 'image-digest');
    expect(digest['@_failures']).toBe('1');
    expect(digest.testcase[0].failure['@_message']).toContain('web:<latest>&"x"');
    const passing = suites.find((s) => s['@_name'] === 'rbac-wildcard');
    expect(passing['@_failures']).toBe('0');
    expect(doc.testsuites['@_failures']).toBe(String(suites.reduce((n, s) => n + Number(s['@_failures']), 0)));
  });
});

describe('waivers', () => {
  const waivers = (expires: string) =>
    `waivers:\n  - rule: image-digest\n    match: {kind: Deployment, namespace: shipsh*, name: web}\n    reason: "vendor publishes tags only until 2.0 (ticket PLAT-12)"\n    owner: team-web\n    expires: ${expires}\n`;

  it('a file waiver waives a matching finding and is counted', async () => {
    const dir = fixtureDir({ 'm/a.yaml': webDeployment('web:1.0'), 'waivers.yaml': waivers('2099-01-01') });
    const r = await plimsoll(['validate', join(dir, 'm'), '--waivers', join(dir, 'waivers.yaml'), '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ errors: 0, waived: 1 });
    expect(report.findings[0].waived).toMatch(/vendor publishes tags only .* \(owner team-web, until 2099-01-01, .*waivers\.yaml:2\)/);
  });

  it('an expired waiver waives nothing and is itself an error', async () => {
    const dir = fixtureDir({ 'm/a.yaml': webDeployment('web:1.0'), 'waivers.yaml': waivers('2020-01-01') });
    const r = await plimsoll(['validate', join(dir, 'm'), '--waivers', join(dir, 'waivers.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/waivers\.yaml[\s\S]*2\s+error\s+waiver for image-digest \(owner team-web\) expired on 2020-01-01/);
    expect(r.stdout).toMatch(/pin it by @sha256 digest \(the waiver at .*waivers\.yaml:2 expired on 2020-01-01\)/);
  });

  it('--no-waivers ignores annotation and file waivers alike', async () => {
    const dir = fixtureDir({ 'a.yaml': webDeployment('web:1.0', '\n  annotations: {plimsoll.dev/waive.image-digest: "tags only"}') });
    expect((await plimsoll(['validate', dir])).status).toBe(0);
    const r = await plimsoll(['validate', dir, '--no-waivers', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).summary.waived).toBe(0);
  });

  it('rejects a waiver without owner or with an unknown rule (exit 2)', async () => {
    const dir = fixtureDir({
      'a.yaml': webDeployment(`web@${D}`),
      'w.yaml':
        'waivers:\n  - rule: image-digset\n    match: {name: web}\n    reason: "long enough reason"\n    owner: me\n    expires: 2030-01-01\n  - rule: probes\n    match: {name: x}\n    reason: "long enough reason"\n    expires: 2030-01-01\n',
    });
    const r = await plimsoll(['validate', dir, '--waivers', join(dir, 'w.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/w\.yaml:7: \/waivers\/1: missing required property "owner"/);
  });
});
