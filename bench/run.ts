/**
 * `npm run bench`: wall time and peak RSS of whole CLI runs, each in a fresh process (nothing warm but the OS
 * file cache). Not a test: it prints figures and a verdict against the targets, and exits 1 if one is missed.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from './corpus';
import { median, ROOT, runCli, type Sample } from './cli-run';
import { scaleBench } from './scale';
import { tempRoot, type TempRoot } from './temp';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** `--quick`: the scale table at 1,000 objects only, one run each, no synth or 50,000-object corpus (a smoke test). */
const QUICK = process.argv.includes('--quick');

let temp: TempRoot;
const run = (args: string[], env: Record<string, string> = {}, allowFindings = true): Sample => runCli(temp.folder('run'), args, env, allowFindings);

function synthBench(): { ok: boolean } {
  const out = temp.folder('dist');
  // Cold: tsx's transform cache disabled, so every source file is transpiled again, as on a fresh clone.
  const cold = { TSX_DISABLE_CACHE: '1' };
  const synth: Sample[] = [];
  const validate: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    synth.push(run(['synth', '--out', out], cold, false));
    validate.push(run(['validate', out, '--policy', join(ROOT, 'policies/platform.yaml'), '--no-waivers', '--no-cache'], cold));
  }
  // The same pair once more without V8's on-disk code cache: what the very first run after an install costs.
  const noCache = { ...cold, DISABLE_V8_COMPILE_CACHE: '1' };
  const firstRun =
    run(['synth', '--out', out], noCache, false).wallMs +
    run(['validate', out, '--policy', join(ROOT, 'policies/platform.yaml'), '--no-waivers', '--no-cache'], noCache).wallMs;
  const total = synth.map((s, i) => s.wallMs + validate[i].wallMs);
  const peak = Math.max(...synth.map((s) => s.rssMb), ...validate.map((s) => s.rssMb));
  const rows = [
    ['cold synth, all environments', median(synth.map((s) => s.wallMs)), Math.max(...synth.map((s) => s.rssMb))],
    ['cold validate of the output', median(validate.map((s) => s.wallMs)), Math.max(...validate.map((s) => s.rssMb))],
    ['synth + validate', median(total), peak],
  ] as const;
  console.log(`synth (median of ${RUNS} runs, fresh process each run)`);
  for (const [name, ms, mb] of rows) console.log(`  ${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms wall   ${mb.toFixed(0).padStart(5)} MB peak RSS`);
  console.log(`  synth + validate, no V8 code cache   ${firstRun.toFixed(0).padStart(6)} ms wall   (the first run after npm ci)`);
  const ok = median(total) < 1500 && peak < 300;
  console.log(`  target: synth + validate < 1500 ms and < 300 MB → ${ok ? 'met' : 'MISSED'}`);
  return { ok };
}

function parseOnly(dir: string, schema?: 'core'): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'bench/parse-floor.js'), dir, ...(schema ? [schema] : [])], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(r.stdout).ms;
}

function corpusBench(): { ok: boolean } {
  const dir = join(ROOT, '.bench', 'corpus-50k-namespaced');
  if (!existsSync(join(dir, 'team-0'))) writeCorpus(dir, 5000, 10);
  let bytes = 0;
  const runs = Math.min(RUNS, 3);
  const floors: number[] = [];
  const coreParses: number[] = [];
  const validations: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(parseOnly(dir));
    coreParses.push(parseOnly(dir, 'core'));
    validations.push(run(['validate', dir, '--format', 'json', '--no-waivers', '--no-cache']));
  }
  for (let f = 0; f < 5000; f++) bytes += statSync(join(dir, `team-${f % 50}`, `manifests-${String(f).padStart(5, '0')}.yaml`)).size;
  const floor = median(floors);
  const core = median(coreParses);
  const wall = median(validations.map((v) => v.wallMs));
  const rss = Math.max(...validations.map((v) => v.rssMb));
  const objects = 50_040; // 50,000 Deployments and Services, and the 20 namespaces' budgets and default denies
  const rate = (ms: number) => `${Math.round((objects / ms) * 1000).toLocaleString('en')} objects/s`;
  console.log(`validate: 50,040 objects in 5,000 files (${(bytes / 1048576).toFixed(1)} MiB), median of ${runs}, ${availableParallelism()} cores`);
  // The floors time the parse loop only (no process start, no folder walk); validate is timed as a whole CLI run.
  console.log(`  parse-only floor (js-yaml defaults, 1 thread)   ${floor.toFixed(0).padStart(6)} ms   ${rate(floor)}`);
  console.log(`  parse-only, js-yaml core schema (1 thread)      ${core.toFixed(0).padStart(6)} ms   ${rate(core)}   (the schema Plimsoll parses with)`);
  console.log(`  plimsoll validate (whole CLI)                   ${wall.toFixed(0).padStart(6)} ms   ${rate(wall)}   ${rss.toFixed(0)} MB peak RSS`);
  console.log(`  validate / floor ${(wall / floor).toFixed(2)}x; validate / core-schema parse ${(wall / core).toFixed(2)}x`);
  const ok = (objects / wall) * 1000 >= 10_000 && wall <= 1.3 * floor && rss < 1024;
  console.log(`  target: >= 10,000 objects/s, <= 1.3x floor, < 1 GB → ${ok ? 'met' : 'MISSED'}`);
  return { ok };
}

/**
 * What a pre-commit hook waits for: `plimsoll validate` of one small file through `node_modules/.bin/plimsoll` of a
 * project that installed the packed package (as README tells hooks to call it), median of 21 runs.
 */
function oneFileBench(): { ok: boolean } {
  const project = temp.folder('consumer');
  const npm = (args: string[], cwd: string) => {
    const r = spawnSync('npm', args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const tarball = join(project, npm(['pack', '--silent', '--pack-destination', project], ROOT).trim().split('\n').pop()!);
  writeFileSync(join(project, 'package.json'), '{"name": "bench-consumer", "version": "1.0.0", "private": true}\n');
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project);
  const file = join(project, 'configmap.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\n  labels: {app.kubernetes.io/name: c}\ndata: {a: b}\n');
  const bin = join(project, 'node_modules', '.bin', 'plimsoll');
  const once = () => {
    const start = process.hrtime.bigint();
    const r = spawnSync(bin, ['validate', file], { cwd: project, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`plimsoll validate failed (${r.status}): ${r.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once(); // the first run fills the installation's compile cache
  const ms = median(Array.from({ length: 21 }, once));
  console.log(`one-file validate through node_modules/.bin (median of 21)   ${ms.toFixed(0).padStart(4)} ms wall`);
  const ok = ms <= 100;
  console.log(`  target: <= 100 ms → ${ok ? 'met' : 'MISSED'}`);
  return { ok };
}

function main(): void {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`plimsoll bench (node ${process.version}, ${availableParallelism()} cores, load average ${load()}${QUICK ? ', quick' : ''})`);
  temp = tempRoot();
  try {
    const results = QUICK ? [scaleBench(temp, true, 1)] : [synthBench(), oneFileBench(), corpusBench(), scaleBench(temp, false, Math.min(RUNS, 3))];
    console.log(`load average at the end: ${load()}`);
    process.exitCode = results.every((r) => r.ok) ? 0 : 1;
  } finally {
    temp.remove();
  }
}

main();
