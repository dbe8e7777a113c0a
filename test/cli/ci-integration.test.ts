/**
 * #18 Deliver 3 (hooks and CI examples): the pre-commit hook and the documented GitHub Actions and GitLab CI jobs,
 * run as those tools would run them — the hook's entry with its args and the changed files, the jobs' Plimsoll
 * commands in a project that has Plimsoll in node_modules/.bin — and what they hand on (SARIF, JUnit) checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { XMLParser } from 'fast-xml-parser';
import { BIN, ROOT, fixtureDir, webDeployment } from '../helpers/cli';

const GOOD = webDeployment(`registry.acme.example/web@sha256:${'a'.repeat(64)}`);
const BAD = 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shipshape}\nspec: {ports: [{port: "http"}]}\n';

/** A project with deploy/ and Plimsoll where npm would put it. */
function project(files: Record<string, string>): string {
  const dir = fixtureDir(files, 'plimsoll-ci-');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(BIN, join(dir, 'node_modules', '.bin', 'plimsoll'));
  return dir;
}
const bash = (cwd: string, line: string) =>
  spawnSync('bash', ['-euo', 'pipefail', '-c', line], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('pre-commit hook', () => {
  const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, any>>;
  const hook = hooks.find((h) => h.id === 'plimsoll-validate')!;

  it('is a node hook whose entry is the plimsoll bin, for manifests only, run once over all changed files', () => {
    expect(hook).toMatchObject({ language: 'node', require_serial: true });
    expect(hook.entry).toBe('plimsoll validate');
    const files = new RegExp(hook.files);
    const exclude = new RegExp(hook.exclude);
    const picked = (f: string) => files.test(f) && !exclude.test(f);
    expect(['deploy/a.yaml', 'b.yml', 'x/c.json'].filter(picked)).toEqual(['deploy/a.yaml', 'b.yml', 'x/c.json']);
    expect(['deploy/kustomization.yaml', 'package.json', 'README.md', '.pre-commit-config.yaml'].filter(picked)).toEqual([]);
  });

  it('passes good files, fails a bad one, and with --context judges references against the tree', () => {
    const dir = project({
      'deploy/web.yaml': GOOD,
      'deploy/bad.yaml': BAD,
      'deploy/svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shipshape}\nspec: {selector: {app.kubernetes.io/name: web}, ports: [{port: 80}]}\n',
    });
    // pre-commit runs `<entry> <args...> <files...>`.
    const run = (args: string[], files: string[]) =>
      spawnSync(process.execPath, [BIN, ...hook.entry.split(' ').slice(1), ...args, ...files], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    expect(run([], ['deploy/web.yaml']).status).toBe(0);
    const bad = run([], ['deploy/web.yaml', 'deploy/bad.yaml']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('deploy/bad.yaml');
    // The Service alone selects pods that only the rest of the tree runs.
    const alone = run(['--policy', 'minimal'], ['deploy/svc.yaml']);
    expect(alone.stdout).toMatch(/selects no pods/);
    const withContext = run(['--policy', 'minimal', '--context', 'deploy/web.yaml'], ['deploy/svc.yaml']);
    expect(withContext.status, withContext.stdout).toBe(0);
    expect(withContext.stdout).not.toMatch(/selects no pods/);
  });
});

describe('CI examples', () => {
  it('GitHub Actions: the SARIF the job uploads is SARIF 2.1.0 from Plimsoll, and the verdict step fails on errors', () => {
    const workflow = load(readFileSync(join(ROOT, 'docs/ci/github-actions.yml'), 'utf8')) as any;
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = workflow.jobs.validate.steps as Array<Record<string, any>>;
    const runs = steps.filter((s) => typeof s.run === 'string' && s.run.includes('plimsoll')).map((s) => s.run as string);
    const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.if).toBe('always()');
    for (const [files, verdict] of [
      [{ 'deploy/web.yaml': GOOD }, 0],
      [{ 'deploy/web.yaml': GOOD, 'deploy/bad.yaml': BAD }, 1],
    ] as const) {
      const dir = project(files);
      const results = runs.map((line) => bash(dir, line).status);
      expect(results.slice(0, -1).every((s) => s === 0)).toBe(true);
      expect(results.at(-1)).toBe(verdict);
      const sarif = JSON.parse(readFileSync(join(dir, upload.with.sarif_file), 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].tool.driver.name).toBe('plimsoll');
      expect(sarif.runs[0].results.length > 0).toBe(verdict === 1);
    }
  });

  it('GitLab CI: the JUnit report and SARIF artifact it declares are written and parse, and the verdict line fails on errors', () => {
    const job = (load(readFileSync(join(ROOT, 'docs/ci/gitlab-ci.yml'), 'utf8')) as any).plimsoll;
    const dir = project({ 'deploy/web.yaml': GOOD, 'deploy/bad.yaml': BAD });
    const statuses = (job.script as string[]).filter((l) => l.includes('plimsoll')).map((l) => bash(dir, l).status);
    expect(statuses).toEqual([0, 0, 1]);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(dir, job.artifacts.reports.junit), 'utf8'));
    expect(Number(junit.testsuites['@_failures'])).toBeGreaterThan(0);
    for (const path of job.artifacts.paths) expect(JSON.parse(readFileSync(join(dir, path), 'utf8')).version).toBe('2.1.0');
  });
});
