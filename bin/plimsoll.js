#!/usr/bin/env node
'use strict';
// Runs the bundle in lib/ (npm run build) while it is newer than every source file (always in an installed package,
// which has no src/); otherwise the TypeScript sources through tsx, so an edit is never masked by a stale build.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bundle = join(root, 'lib', 'plimsoll.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (process.env.PLIMSOLL_FROM_SOURCE === '1') return false;
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  // An installed package ships lib/ and no src/: the bundle is all there is.
  if (!existsSync(join(root, 'src', 'cli'))) return true;
  return built >= newestSource(join(root, 'src'));
}

// Commands that load ES modules (the live-cluster commands import @kubernetes/client-node) cannot use
// the compile cache: it compiles through vm.Script, which has no dynamic import().
const ESM_COMMANDS = new Set(['resolve', 'diff', 'verify', 'status', 'schemas']);

async function loadMain() {
  if (bundleIsFresh()) {
    // Keeps V8's compiled code of the bundle and its dependencies on disk between runs (Node 20 has no built-in cache).
    if (!ESM_COMMANDS.has(process.argv[2])) require('./compile-cache').install('plimsoll');
    return require(bundle).main;
  }
  // The CLI loads its commands with import() (the bundle keeps them lazy): tsx's ESM hooks resolve those to the
  // sources, which load as CommonJS through its require hook, so every module is loaded once.
  (await import('tsx/esm/api')).register();
  require('tsx/cjs/api').register();
  return require('../src/cli/main.ts').main;
}

loadMain()
  .then((main) => main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 70;
    },
  );
