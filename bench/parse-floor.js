// The floor for validation: the fastest single-threaded parse of the same files (js-yaml loadAll, objects
// discarded). Prints JSON {docs, ms}. With `core` as the second argument, js-yaml parses with the YAML 1.2 core
// schema plus merge keys, as Plimsoll's loader does (src/validate/yaml-schema.ts): no timestamp or binary type
// resolution, so it runs faster than js-yaml's defaults.
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
const options = process.argv[3] === 'core' ? { schema: jsyaml.CORE_SCHEMA.extend([jsyaml.types.merge]) } : undefined;
const start = process.hrtime.bigint();
let docs = 0;
for (const f of files) jsyaml.loadAll(readFileSync(f, 'utf8'), () => docs++, options);
process.stdout.write(JSON.stringify({ docs, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
