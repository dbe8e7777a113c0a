/**
 * `npm run build` (also run by `npm ci` through `prepare`): bundles the CLI and the validation worker into lib/
 * with esbuild, so a run loads two files instead of transpiling ~150 TypeScript sources, and compiles the
 * `schema` rule's bundled validators ahead of time (lib/schemas.cjs; used only while it matches the schema JSON). bin/plimsoll.js uses the
 * bundle only while it is newer than every file under src/; otherwise it runs the sources through tsx, so an edit
 * is never masked by a stale bundle. Dependencies stay in node_modules (not bundled).
 */
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { precompiledModule, PRECOMPILED_FILE } from '../src/validate/schemas/registry';

const root = resolve(__dirname, '..');

async function main(): Promise<void> {
  const out = join(root, 'lib');
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    packages: 'external' as const,
    sourcemap: false,
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
  };
  await build({ ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(out, 'plimsoll.cjs') });
  // Each validation worker compiles lib/schemas.cjs (5 MB) and its dependencies afresh; V8's code cache on disk
  // (saved when the worker exits) spares them that, as bin/plimsoll.js does for the main thread.
  await build({
    ...common,
    entryPoints: [join(root, 'src/validate/parallel-worker.ts')],
    outfile: join(out, 'parallel-worker.cjs'),
    banner: { js: "require('v8-compile-cache');" },
  });
  writeFileSync(PRECOMPILED_FILE, precompiledModule());
  writeFileSync(join(out, 'README.md'), '# lib/\n\nBuilt by `npm run build` (scripts/build.ts); not committed. bin/plimsoll.js uses it while it is newer than src/.\n');
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
