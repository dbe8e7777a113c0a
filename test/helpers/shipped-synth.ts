/**
 * One `plimsoll synth` of the shipped environments for the whole test run: tests that only read its output (or
 * edit a copy of it) share it instead of each synthesizing again. It is kept in the temp folder under a hash of
 * everything synth reads, so every test file (each in its own worker) finds the one synth; tests that need a synth
 * of their own (other environments, a policy, a fault, a second run to compare) still run it.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plimsoll, ROOT, tempDir, type CliResult } from './cli';

/** What synth reads: the sources, environments, policies, schemas, docs (runbook anchors), the lock and the dependencies. */
const INPUTS = ['src', 'environments', 'policies', 'schemas', 'docs', 'images.lock.json', 'package.json', 'package-lock.json'];

function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) add(join(path, entry));
      return;
    }
    hash.update(`${path}\0${readFileSync(full).length}\0`).update(readFileSync(full));
  };
  for (const path of INPUTS) add(path);
  return hash.digest('hex').slice(0, 16);
}

export interface ShippedSynth {
  /** The output folder (`synth --out DIR`): read it, never write it; copyOfShippedSynth() gives a copy to edit. */
  readonly out: string;
  /** What synth printed (its paths name the folder it rendered into before the rename) and its exit code. */
  readonly result: CliResult;
}

let shared: Promise<ShippedSynth> | undefined;

async function synthOnce(): Promise<ShippedSynth> {
  const dir = join(tmpdir(), `plimsoll-shipped-synth-${inputsHash()}`);
  const out = join(dir, 'out');
  const resultFile = join(dir, 'result.json');
  if (!existsSync(resultFile)) {
    // Rendered beside it and renamed into place, so a worker never reads a half-written one; when two workers race,
    // the first rename wins and the other's copy is dropped.
    const staging = tempDir('plimsoll-shipped-synth-staging-');
    const result = await plimsoll(['synth', '--out', join(staging, 'out')]);
    if (result.status !== 0) throw new Error(`synth of the shipped environments failed (exit ${result.status}):\n${result.stderr}`);
    writeFileSync(join(staging, 'result.json'), JSON.stringify(result));
    mkdirSync(join(dir, '..'), { recursive: true });
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { out, result: JSON.parse(readFileSync(resultFile, 'utf8')) as CliResult };
}

/** The shared synth of the shipped environments (all of them, into a temp folder), run at most once per test run. */
export function shippedSynth(): Promise<ShippedSynth> {
  shared ??= synthOnce();
  return shared;
}

/** A fresh copy of the shared synth's output folder, for a test that writes into it. */
export async function copyOfShippedSynth(): Promise<string> {
  const copy = tempDir();
  cpSync((await shippedSynth()).out, copy, { recursive: true });
  return copy;
}
