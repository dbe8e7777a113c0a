/**
 * `npm run bench`: wall time and peak RSS of whole CLI runs, each in a fresh process (nothing warm but the OS
 * file cache). Not a test: it prints figures and a verdict against the targets, and exits 1 if one is missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  wallMs: number;
  rssMb: number;
}

function run(args: string[], env: Record<string, string> = {}): Sample {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'plimsoll-bench-')), 'rss');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'bench/rss-probe.js'), join(ROOT, 'bin/plimsoll.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PLIMSOLL_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`plimsoll ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { wallMs, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const out = mkdtempSync(join(tmpdir(), 'plimsoll-bench-dist-'));
  // Cold: tsx's transform cache disabled, so every source file is transpiled again, as on a fresh clone.
  const cold = { TSX_DISABLE_CACHE: '1' };
  const synth: Sample[] = [];
  const validate: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    synth.push(run(['synth', '--out', out], cold));
    validate.push(run(['validate', out], cold));
  }
  rmSync(out, { recursive: true, force: true });
  const total = synth.map((s, i) => s.wallMs + validate[i].wallMs);
  const peak = Math.max(...synth.map((s) => s.rssMb), ...validate.map((s) => s.rssMb));
  const rows = [
    ['cold synth, all environments', median(synth.map((s) => s.wallMs)), Math.max(...synth.map((s) => s.rssMb))],
    ['cold validate of the output', median(validate.map((s) => s.wallMs)), Math.max(...validate.map((s) => s.rssMb))],
    ['synth + validate', median(total), peak],
  ] as const;
  console.log(`plimsoll bench (median of ${RUNS} runs, node ${process.version}, fresh process each run)`);
  for (const [name, ms, mb] of rows) console.log(`  ${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms wall   ${mb.toFixed(0).padStart(5)} MB peak RSS`);
  const ok = median(total) < 1500 && peak < 300;
  console.log(`  target: synth + validate < 1500 ms and < 300 MB → ${ok ? 'met' : 'MISSED'}`);
  process.exitCode = ok ? 0 : 1;
}

main();
