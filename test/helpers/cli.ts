import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { onTestFinished } from 'vitest';
import { runCli } from '../../src/cli/main';

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'plimsoll.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A string sink for an in-process run's stdout or stderr (no TTY, so no colour, as with NO_COLOR). */
function capture(): { write(text: string): boolean; readonly text: string } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

/**
 * `plimsoll ARGS` as a user would run it, in this process (runCli) with its output captured: exit code, stdout and
 * stderr as the real bin gives them, and 70 with the stack for what the bin would report as a crash. The CLI reads
 * its working folder (default the project root) and environment variables from the process, as a child would get
 * them: `cwd` and `env` are set for the run and restored after it (test files run one test at a time, each in its
 * own process).
 */
export async function plimsoll(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const stdout = capture();
  const stderr = capture();
  const cwd = process.cwd();
  const saved = Object.entries(options.env ?? {}).map(([name]) => [name, process.env[name]] as const);
  let status: number;
  try {
    process.chdir(options.cwd ?? ROOT);
    Object.assign(process.env, options.env);
    status = await runCli(args, { stdout, stderr });
  } catch (err) {
    stderr.write(`${(err as Error)?.stack ?? err}\n`);
    status = 70;
  } finally {
    process.chdir(cwd);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** The real CLI (bin/plimsoll.js) in a child process: for what only a process shows (exit codes, signals, stdin). */
export function plimsollProcess(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The real CLI in a child process spawned asynchronously, so servers in this process (fake-cluster.ts) can answer it. */
export function plimsollAsync(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** `node ARGS` in `cwd` (a copy of the project, say), stdout and stderr together, colour off. */
export function nodeIn(cwd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

export function tempDir(prefix = 'plimsoll-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A temporary folder inside the project (node_modules/.cache/), for generated modules that must resolve the
 * project's dependencies; removed when the test that made it ends.
 */
export function projectTempDir(prefix: string): string {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary folder holding `files` (relative path → text), folders created as needed. */
export function fixtureDir(files: Record<string, string>, prefix = 'plimsoll-test-'): string {
  const dir = tempDir(prefix);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * A Deployment `web` in `shipshape` that passes every rule of the recommended policy when `image` is pinned by
 * digest; `annotations` is appended to its metadata labels line (e.g. a waiver annotation).
 */
export function webDeployment(image: string, annotations = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shipshape
  labels: {app.kubernetes.io/name: web}${annotations}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
    spec:
      containers:
        - name: web
          image: ${image}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {httpGet: {path: /readyz, port: 8080}}
          resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {cpu: 100m, memory: 64Mi}}
          securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}
      automountServiceAccountToken: false
`;
}

/**
 * Every file under `dir` with its bytes, keyed by relative path: for byte-for-byte comparisons. The bytes are held
 * as latin1 strings (one character per byte, so nothing is lost): vitest compares Buffers element by element,
 * about 1 s for dist/, strings in a millisecond.
 */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'latin1'));
    }
  };
  walk(dir);
  return out;
}
