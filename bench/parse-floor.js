// The floor for validation: the fastest single-threaded parse of the same files (js-yaml loadAll, objects
// discarded). Prints JSON {docs, ms}.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const jsyaml = require('js-yaml');

const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.yaml')) files.push(full);
  }
})(process.argv[2]);
const start = process.hrtime.bigint();
let docs = 0;
for (const f of files) jsyaml.loadAll(readFileSync(f, 'utf8'), () => docs++);
process.stdout.write(JSON.stringify({ docs, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
