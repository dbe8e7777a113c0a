import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plimsoll, ROOT, tempDir } from '../helpers/cli';
import { copyOf, edit, errorsOf, EVIDENCE_FIXTURE, gateJson, lineOf } from './helpers';

const CAP = 'capacity-baselines.md';
const DR = 'dr-drill-20261012.md';
const SEC = 'security-controls-validation.md';
const EGR = 'controller-egress-handoff.md';

/** The gate's error findings for a copy of the passing set edited by `change`, for prod-fsn. */
async function failing(change: (dir: string) => void, env = 'prod-fsn') {
  const dir = copyOf(EVIDENCE_FIXTURE);
  change(dir);
  const r = await gateJson(['evidence', '--environment', env, '--artifacts', dir]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  // Outside the cwd, so reported with its absolute path.
  const file = (name: string) => join(dir, name);
  return { dir, errors: errorsOf(r.report), file, report: r.report };
}

describe('plimsoll gate evidence', () => {
  it('passes the complete artifact set for prod-fsn (exit 0), reading the four artifacts', async () => {
    const r = await plimsoll(['gate', 'evidence', '--environment', 'prod-fsn', '--artifacts', EVIDENCE_FIXTURE]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 waived · 0 objects in 4 files\n');
    expect(r.status).toBe(0);
    const json = await gateJson(['evidence', '--environment', 'prod-fsn', '--artifacts', EVIDENCE_FIXTURE]);
    expect(json.report).toEqual({ findings: [], summary: { files: 4, objects: 0, errors: 0, warnings: 0, waived: 0 } });
  });

  it('fails the shipped project for prod-fsn: no artifact has been filled in', async () => {
    const r = await gateJson(['evidence', '--environment', 'prod-fsn']);
    expect(r.status).toBe(1);
    const missing = r.report.findings
      .filter((f) => /^missing: no /.test(f.message))
      .map((f) => f.file)
      .sort();
    expect(missing).toEqual([
      'docs/operations-artifacts/capacity-baselines.md',
      'docs/operations-artifacts/controller-egress-handoff.md',
      'docs/operations-artifacts/security-controls-validation.md',
    ]);
    expect(r.report.findings.find((f) => f.rule === 'evidence-dr-drill')?.message).toMatch(
      /^no DR drill recorded: add dr-drill-YYYYMMDD.md from docs\/operations-artifacts\/templates/,
    );
  });

  it('exits 2 on usage and input errors', async () => {
    expect((await plimsoll(['gate', 'evidence', '--artifacts', EVIDENCE_FIXTURE])).stderr).toMatch(/gate evidence needs --environment NAME/);
    expect((await plimsoll(['gate', 'evidence', '--artifacts', EVIDENCE_FIXTURE])).status).toBe(2);
    const unknown = await plimsoll(['gate', 'evidence', '--environment', 'prod', '--artifacts', EVIDENCE_FIXTURE]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown environment "prod".*known: lab, prod-fsn/);
    const folder = await plimsoll(['gate', 'evidence', '--environment', 'prod-fsn', '--artifacts', join(tempDir(), 'nope')]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/artifacts folder .*nope does not exist/);
    expect((await plimsoll(['gate', 'evidence', '--environment', 'prod-fsn', '--format', 'xml'])).status).toBe(2);
    expect((await plimsoll(['gate', 'evidence', '--environment', 'prod-fsn', '--bogus'])).status).toBe(2);
    expect((await plimsoll(['gate'])).status).toBe(2);
    expect((await plimsoll(['gate', 'deploy'])).stderr).toMatch(/unknown gate "deploy"; expected evidence or release/);
  });

  it('shipped templates fail only for what is left to fill in: placeholders, pending statuses, no rows yet', async () => {
    const dir = tempDir('plimsoll-templates-');
    cpSync(join(ROOT, 'docs/operations-artifacts/templates'), dir, { recursive: true });
    renameSync(join(dir, 'dr-drill-YYYYMMDD.md'), join(dir, 'dr-drill-20261101.md'));
    const r = await gateJson(['evidence', '--environment', 'prod-fsn', '--artifacts', dir]);
    expect(r.status).toBe(1);
    for (const f of r.report.findings)
      expect(f.message).toMatch(/^(placeholder "|no \S+ row for|no baseline run recorded|no handoff row for|.* is "PENDING"; the gate needs)/);
    // Every artifact reports its pending status and at least one placeholder; nothing is a schema or YAML problem.
    for (const rule of ['evidence-capacity', 'evidence-dr-drill', 'evidence-security-controls', 'evidence-controller-egress']) {
      const mine = r.report.findings.filter((f) => f.rule === rule);
      expect(
        mine.some((f) => /is "PENDING"/.test(f.message)),
        rule,
      ).toBe(true);
      expect(
        mine.some((f) => f.message.startsWith('placeholder')),
        rule,
      ).toBe(true);
    }
    expect(r.report.findings.every((f) => f.line !== null)).toBe(true);
  });

  describe('capacity baselines', () => {
    it('fails if the capacity gate status is not accepted', async () => {
      const { errors, file, dir } = await failing((d) => edit(d, CAP, 'status: PASS', 'status: BLOCKED'));
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'evidence-capacity',
          file: file(CAP),
          line: lineOf(dir, CAP, 'status: BLOCKED'),
          path: '/status',
          message: 'capacity gate status is "BLOCKED"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED',
        }),
      ]);
    });

    it('fails if the latest run misses a threshold, naming the value and the limit', async () => {
      const { errors, dir } = await failing((d) => {
        edit(d, CAP, 'p95Ms: 212', 'p95Ms: 251');
        edit(d, CAP, 'criticalAlertsFired: []', 'criticalAlertsFired: [IstioGateway5xxRate]');
      });
      expect(errors.map((e) => [e.line, e.path, e.message])).toEqual([
        [lineOf(dir, CAP, 'p95Ms: 251'), '/runs/1/p95Ms', 'latest prod-fsn run (2026-10-09): p95 251 ms exceeds 250 ms (runbook promotion threshold)'],
        [
          lineOf(dir, CAP, 'IstioGateway5xxRate'),
          '/runs/1/criticalAlertsFired',
          'latest prod-fsn run (2026-10-09): critical alerts fired during the window: IstioGateway5xxRate (runbook promotion threshold)',
        ],
      ]);
    });

    it('fails if the latest run for the environment was blocked (an older passing run does not count)', async () => {
      const { errors } = await failing((d) => edit(d, CAP, 'date: 2026-10-02', 'date: 2026-10-20'));
      // In line order: the measurements, then the result line at the end of the run.
      expect(errors.map((e) => e.message)).toEqual([
        'latest prod-fsn run (2026-10-20): 96 req/s is below the 120 req/s threshold (runbook promotion threshold)',
        'latest prod-fsn run (2026-10-20): p95 320 ms exceeds 250 ms (runbook promotion threshold)',
        'latest prod-fsn run (2026-10-20): p99 610 ms exceeds 500 ms (runbook promotion threshold)',
        'latest prod-fsn run (2026-10-20): 3 HPA direction changes exceed 2 per 10 m (runbook promotion threshold)',
        'latest prod-fsn run (2026-10-20): critical alerts fired during the window: HelloworldHighLatencyP95 (runbook promotion threshold)',
        'result of the latest prod-fsn run (2026-10-20) is "BLOCKED"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED',
      ]);
    });

    it('fails if a copy loosens a runbook threshold (the schema fixes them)', async () => {
      const { errors, dir } = await failing((d) => edit(d, CAP, 'maxP95Ms: 250', 'maxP95Ms: 400'));
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, CAP, 'maxP95Ms: 400'),
          path: '/thresholds/maxP95Ms',
          message: '/thresholds/maxP95Ms: got 400, expected 250 (schemas/evidence-capacity.schema.json)',
        }),
      ]);
    });

    it('fails if the artifact is missing', async () => {
      const { errors, file } = await failing((d) => rmSync(join(d, CAP)));
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'evidence-capacity',
          file: file(CAP),
          line: null,
          message: expect.stringMatching(
            /^missing: no capacity-baselines.md in .*; copy docs\/operations-artifacts\/templates\/capacity-baselines.md, fill it in and commit it$/,
          ),
        }),
      ]);
    });

    it('fails if there is no run for the target environment', async () => {
      const { errors } = await failing((d) => edit(d, CAP, /environment: prod-fsn/g, 'environment: lab'));
      expect(errors.map((e) => e.message)).toEqual([
        'no baseline run recorded for environment prod-fsn (cluster hz-fsn-rtz-prod); run the k6 baseline there and add it to runs',
      ]);
    });
  });

  describe('DR drill', () => {
    it('fails if the latest drill is not COMPLETED, even though an older one is (a stale drill)', async () => {
      const { errors, file, dir } = await failing((d) => {
        writeFileSync(
          join(d, 'dr-drill-20261104.md'),
          ['---', 'artifact: dr-drill', 'date: 2026-11-04', 'environment: prod-fsn', 'scenario: full-cluster-failure', 'status: IN_PROGRESS', '---', ''].join(
            '\n',
          ),
        );
      });
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'evidence-dr-drill',
          file: file('dr-drill-20261104.md'),
          line: lineOf(dir, 'dr-drill-20261104.md', 'status: IN_PROGRESS'),
          path: '/status',
          message: 'status of the latest DR drill (2026-11-04; older drills do not count) is "IN_PROGRESS"; the gate needs COMPLETED',
        }),
      ]);
    });

    it('orders drills by the date in the file name, not by file name order or content', async () => {
      // The older FAILED drill in the passing set is ignored; a FAILED drill dated later is not.
      const { errors } = await failing((d) => renameSync(join(d, 'dr-drill-20260901.md'), join(d, 'dr-drill-20261201.md')));
      expect(errors.map((e) => e.message)).toEqual([
        'date is 2026-09-01 but the file name says 2026-12-01; they must agree',
        'status of the latest DR drill (2026-12-01; older drills do not count) is "FAILED"; the gate needs COMPLETED',
      ]);
    });

    it('fails if a drill file name is not a real date, and if there is no drill at all', async () => {
      const bad = await failing((d) => writeFileSync(join(d, 'dr-drill-20261345.md'), ''));
      expect(bad.errors).toEqual([
        expect.objectContaining({
          file: bad.file('dr-drill-20261345.md'),
          message: 'file name is not dr-drill-YYYYMMDD.md with a real date, so it cannot be ordered: rename it',
        }),
      ]);
      const none = await failing((d) => {
        for (const f of readdirSync(d)) if (f.startsWith('dr-drill-')) rmSync(join(d, f));
      });
      expect(none.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^no DR drill recorded/)]);
    });
  });

  describe('security-controls matrix', () => {
    it('fails if a placeholder is left in the prose, naming the line', async () => {
      const { errors, file, dir } = await failing((d) => edit(d, SEC, 'Checked on hz-fsn-rtz-prod by Ana Ops', 'Checked on hz-fsn-rtz-prod by TBD'));
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'evidence-security-controls',
          file: file(SEC),
          line: lineOf(dir, SEC, 'by TBD'),
          path: '',
          message: 'placeholder "TBD" left in the matrix: fill it in or remove it',
        }),
      ]);
    });

    it('fails if a placeholder is left in a front matter value (and reports it once, not as a schema error)', async () => {
      const { errors, dir } = await failing((d) => edit(d, SEC, 'date: 2026-10-05', 'date: YYYY-MM-DD'));
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, SEC, 'YYYY-MM-DD'),
          path: '/controls/0/date',
          message: 'placeholder "YYYY-MM-DD" left in /controls/0/date: fill in the real value',
        }),
      ]);
    });

    it.each([
      ['<reviewer>', 'placeholder "<reviewer>"'],
      ['PENDING', 'placeholder "PENDING"'],
      ['TODO: sign', 'placeholder "TODO"'],
    ])('fails if the prose holds %s', async (text, message) => {
      const { errors } = await failing((d) => edit(d, SEC, 'found in\nthe log backend.', `found in\nthe log backend. ${text}`));
      expect(errors.map((e) => e.message)).toEqual([`${message} left in the matrix: fill it in or remove it`]);
    });

    it('fails if the matrix result is pending or a required control is missing or failed for the environment', async () => {
      const pending = await failing((d) => edit(d, SEC, 'status: PASSED', 'status: PENDING'));
      expect(pending.errors.map((e) => e.message)).toEqual([
        'security matrix result is "PENDING"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED',
      ]);
      const missing = await failing((d) => edit(d, SEC, 'control: audit-log-sink\n    environment: prod-fsn', 'control: audit-log-sink\n    environment: lab'));
      expect(missing.errors.map((e) => e.message)).toEqual(['no audit-log-sink row for environment prod-fsn: validate the control there and record it']);
      const failed = await failing((d) => edit(d, SEC, /result: PASS$/m, 'result: FAILED'));
      expect(failed.errors.map((e) => [e.path, e.message])).toEqual([
        ['/controls/0/result', 'encryption-at-rest result for prod-fsn is "FAILED"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED'],
      ]);
    });

    it('ignores placeholders in fenced transcripts and HTML comments', async () => {
      const dir = copyOf(EVIDENCE_FIXTURE);
      edit(dir, SEC, '# Security controls validation', '# Security controls validation\n\n<!-- TODO: re-check after the etcd upgrade <owner> -->');
      expect((await plimsoll(['gate', 'evidence', '--environment', 'prod-fsn', '--artifacts', dir])).status).toBe(0);
    });
  });

  describe('controller egress handoff', () => {
    it('fails if the target row is not reviewer-signed', async () => {
      const { errors, file, dir } = await failing((d) => edit(d, EGR, /(smokeResult: PASS\n)    reviewer: Ben Lead\n/, '$1'));
      expect(errors).toEqual([
        expect.objectContaining({
          rule: 'evidence-controller-egress',
          file: file(EGR),
          line: lineOf(dir, EGR, 'environment: prod-fsn', 2),
          path: '/handoffs/1/reviewer',
          message: 'the prod-fsn handoff row is not reviewer-signed: add reviewer',
        }),
      ]);
    });

    it('fails if the target row is not dated (an undated row counts as the latest)', async () => {
      const { errors, dir } = await failing((d) => edit(d, EGR, '    date: 2026-10-10\n', ''));
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, EGR, 'environment: prod-fsn', 2),
          path: '/handoffs/1/date',
          message: 'the prod-fsn handoff row is not dated: add date (YYYY-MM-DD of the sign-off)',
        }),
      ]);
    });

    it('fails if the only row for the environment is undated', async () => {
      const { errors, dir } = await failing((d) => {
        edit(d, EGR, '    date: 2026-10-10\n', '');
        edit(d, EGR, /environment: prod-fsn(\n    date: 2026-09-20)/, 'environment: lab$1');
      });
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, EGR, 'environment: prod-fsn'),
          path: '/handoffs/1/date',
          message: 'the prod-fsn handoff row is not dated: add date (YYYY-MM-DD of the sign-off)',
        }),
      ]);
    });

    it('fails if the smoke result or the current status is not accepted', async () => {
      const smoke = await failing((d) => edit(d, EGR, 'smokeResult: PASS', 'smokeResult: BLOCKED'));
      expect(smoke.errors.map((e) => [e.path, e.message])).toEqual([
        ['/handoffs/1/smokeResult', 'smoke result of the prod-fsn handoff row is "BLOCKED"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED'],
      ]);
      const status = await failing((d) => edit(d, EGR, 'status: APPROVED', 'status: IN_PROGRESS'));
      expect(status.errors.map((e) => e.message)).toEqual([
        'controller egress current status is "IN_PROGRESS"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED',
      ]);
    });

    it('fails if the row names another CIDR source than the environment file synth uses', async () => {
      const { errors, dir } = await failing((d) =>
        edit(
          d,
          EGR,
          /cidrSource: environments\/prod-fsn.ts \(apiServerCidrs\)(\n    cidrs: \[10.96.0.1\/32, 10.48.0.10\/32, )/,
          'cidrSource: examples/controller-egress/eks.patch.yaml$1',
        ),
      );
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, EGR, 'eks.patch.yaml'),
          path: '/handoffs/1/cidrSource',
          message: `the prod-fsn handoff row must name the CIDR source prod-fsn's synth uses, environments/prod-fsn.ts (apiServerCidrs); got "examples/controller-egress/eks.patch.yaml"`,
        }),
      ]);
    });

    it("fails if the row does not list exactly the environment's apiServerCidrs", async () => {
      const { errors, dir } = await failing((d) => edit(d, EGR, '10.48.0.11/32, 10.48.0.12/32]', '10.48.0.11/32, 10.0.0.1/32]'));
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, EGR, '10.0.0.1/32'),
          path: '/handoffs/1/cidrs',
          message:
            'the prod-fsn handoff row must list exactly the apiServerCidrs of environments/prod-fsn.ts (10.96.0.1/32, 10.48.0.10/32, 10.48.0.11/32, 10.48.0.12/32); missing 10.48.0.12/32; not in the environment: 10.0.0.1/32',
        }),
      ]);
    });

    it('fails if the environment has no apiServerCidrs: the deny placeholder is still in use', async () => {
      const r = await gateJson(['evidence', '--environment', 'lab', '--artifacts', EVIDENCE_FIXTURE]);
      expect(r.status).toBe(1);
      const egress = r.report.findings.filter((f) => f.rule === 'evidence-controller-egress');
      expect(egress[0]).toEqual(
        expect.objectContaining({
          file: 'environments/lab.ts',
          line: lineOf(ROOT, 'environments/lab.ts', 'apiServerCidrs'),
          path: '/apiServerCidrs',
          message: expect.stringMatching(
            /^environment lab has no apiServerCidrs, so its controller egress still renders the deny placeholder 127\.255\.255\.255\/32;/,
          ),
        }),
      );
      expect(egress[1].message).toBe('no handoff row for environment lab: record the CIDRs from environments/lab.ts, the smoke check and the reviewer');
    });

    it('checks the environments given with --environments', async () => {
      const envs = tempDir('plimsoll-envs-');
      mkdirSync(envs, { recursive: true });
      cpSync(join(ROOT, 'environments/prod-fsn.ts'), join(envs, 'prod-fsn.ts'));
      cpSync(join(ROOT, 'environments/base'), join(envs, 'base'), { recursive: true });
      edit(envs, 'prod-fsn.ts', "'10.48.0.12/32'", "'10.48.0.13/32'");
      edit(envs, 'prod-fsn.ts', "from '../src/config/generated/environment'", `from '${join(ROOT, 'src/config/generated/environment')}'`);
      edit(envs, 'base/production.ts', "from '../../src/config/generated/environment'", `from '${join(ROOT, 'src/config/generated/environment')}'`);
      const r = await gateJson(['evidence', '--environment', 'prod-fsn', '--artifacts', EVIDENCE_FIXTURE, '--environments', envs]);
      expect(r.status).toBe(1);
      expect(errorsOf(r.report).map((e) => e.message)).toEqual([
        expect.stringMatching(
          /^the prod-fsn handoff row must name the CIDR source prod-fsn's synth uses, .*prod-fsn\.ts \(apiServerCidrs\); got "environments\/prod-fsn.ts \(apiServerCidrs\)"$/,
        ),
        expect.stringMatching(/missing 10\.48\.0\.13\/32; not in the environment: 10\.48\.0\.12\/32$/),
      ]);
    });
  });

  describe('artifact format', () => {
    it('fails with the line if the front matter is not YAML, and if there is none', async () => {
      const broken = await failing((d) => edit(d, DR, 'scenario: namespace-deleted', 'scenario: [namespace-deleted'));
      expect(broken.errors).toEqual([
        expect.objectContaining({
          rule: 'evidence-dr-drill',
          file: broken.file(DR),
          line: expect.any(Number),
          message: expect.stringMatching(/^front matter is not valid YAML: /),
        }),
      ]);
      expect(broken.errors[0].line).toBeGreaterThanOrEqual(lineOf(broken.dir, DR, 'scenario:'));
      const none = await failing((d) => edit(d, SEC, /^---\n[\s\S]*?\n---\n/, ''));
      expect(none.errors[0]).toEqual(
        expect.objectContaining({ line: 1, message: expect.stringMatching(/^no YAML front matter: the file must start with a `---` block/) }),
      );
    });

    it('fails on schema problems with the JSON path, the line and the schema', async () => {
      const { errors, dir } = await failing((d) => edit(d, EGR, 'reviewer: Ben Lead\n---', 'reviewer: Ben Lead\n    signedBy: Ben Lead\n---'));
      expect(errors).toEqual([
        expect.objectContaining({
          line: lineOf(dir, EGR, 'signedBy'),
          path: '/handoffs/1/signedBy',
          message:
            '/handoffs/1/signedBy: unknown property "signedBy"; expected one of: environment, date, endpointSource, cidrSource, cidrs, validation, smokeResult, reviewer (schemas/evidence-controller-egress.schema.json)',
        }),
      ]);
    });

    it('prints text like validate: grouped by file, line, severity, message, check id', async () => {
      const dir = copyOf(EVIDENCE_FIXTURE);
      edit(dir, EGR, 'smokeResult: PASS', 'smokeResult: FAILED');
      const r = await plimsoll(['gate', 'evidence', '--environment', 'prod-fsn', '--artifacts', dir]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(
        `${join(dir, EGR)}\n` +
          `     ${lineOf(dir, EGR, 'smokeResult: FAILED', 2)}  error    smoke result of the prod-fsn handoff row is "FAILED"; the gate needs one of APPROVED, PASS, PASSED, READY, COMPLETED  evidence-controller-egress · /handoffs/1/smokeResult\n\n` +
          '1 error, 0 warnings, 0 waived · 0 objects in 4 files\n',
      );
    });
  });
});
