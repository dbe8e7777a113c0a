#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly (tsx transpiles and caches them), so a fresh clone needs no build step.
require('tsx/cjs/api').register();
const { main } = require('../src/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
