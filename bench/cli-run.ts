/** Whole CLI runs in a fresh process each, timed, with the process's peak RSS (bench/rss-probe.js). */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

export interface Sample {
  readonly wallMs: number;
  readonly rssMb: number;
}

let runs = 0;

/** `plimsoll ARGS`; `scratch` holds the RSS probe's file (removed after). Exit 1 (findings) is fine unless told. */
export function runCli(scratch: string, args: string[], env: Record<string, string> = {}, allowFindings = true): Sample {
  const rssFile = join(scratch, `rss-${runs++}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'bench/rss-probe.js'), join(ROOT, 'bin/plimsoll.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PLIMSOLL_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !(allowFindings && r.status === 1)) throw new Error(`plimsoll ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile, { force: true });
  return { wallMs, rssMb };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
