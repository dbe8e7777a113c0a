/** Fixture copies for the gate tests: a folder copied to a temp dir, then edited one condition at a time. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { plimsoll, tempDir, type CliResult } from '../helpers/cli';

export const EVIDENCE_FIXTURE = join(__dirname, 'fixtures', 'evidence');

/** A copy of `dir` in a fresh temp folder. */
export function copyOf(dir: string): string {
  const out = tempDir('plimsoll-gate-');
  cpSync(dir, out, { recursive: true });
  return out;
}

/** Replaces `from` (which must occur) with `to` in `dir/file`. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${file}: ${String(from)} not found`).not.toBe(text);
  writeFileSync(path, next);
}

/** 1-based line of the first line containing `needle` (the n-th with `nth`). */
export function lineOf(dir: string, file: string, needle: string, nth = 1): number {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  let seen = 0;
  const i = lines.findIndex((l) => l.includes(needle) && ++seen === nth);
  expect(i, `${file}: ${needle} not found`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

export interface JsonFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  line: number | null;
  object: null;
  path: string;
  message: string;
}

export interface JsonReport {
  findings: JsonFinding[];
  summary: { files: number; objects: number; errors: number; warnings: number; waived: number };
}

/** Runs a gate with --format json; the report plus the exit status and stderr. */
export async function gateJson(
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ status: number | null; report: JsonReport; stderr: string; raw: CliResult }> {
  const raw = await plimsoll(['gate', ...args, '--format', 'json'], options);
  let report: JsonReport;
  try {
    report = JSON.parse(raw.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (status ${raw.status}):\n${raw.stdout}\n${raw.stderr}`);
  }
  return { status: raw.status, report, stderr: raw.stderr, raw };
}

export const errorsOf = (report: JsonReport) => report.findings.filter((f) => f.severity === 'error');
