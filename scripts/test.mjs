#!/usr/bin/env node
// `npm test`: the type check (tsc, incremental: node_modules/.cache/tsc/) and the vitest run side by side. The suite
// leaves about a tenth of the cores idle (tests waiting on child processes and timeouts), which tsc fills; run one
// after the other they took ~6 s longer. Arguments go to vitest. Fails if either fails; tsc's output comes last.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const run = (args, stdio) => spawn(process.execPath, args, { stdio });
const exited = (child) => new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const tsc = run(
  [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/tsc/plimsoll.tsbuildinfo'],
  ['ignore', 'pipe', 'pipe'],
);
let typeErrors = '';
tsc.stdout.on('data', (d) => (typeErrors += d));
tsc.stderr.on('data', (d) => (typeErrors += d));
const vitest = run([join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs'), 'run', ...process.argv.slice(2)], 'inherit');
const [tscCode, vitestCode] = await Promise.all([exited(tsc), exited(vitest)]);
if (tscCode !== 0) process.stderr.write(`\ntsc --noEmit failed (exit ${tscCode}):\n${typeErrors}`);
else process.stderr.write('tsc --noEmit: no type errors\n');
process.exitCode = vitestCode || tscCode;
