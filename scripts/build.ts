/**
 * `npm run build` (also run by `npm ci` through `prepare`): bundles the CLI and the validation worker into lib/
 * with esbuild, so a run loads two files instead of transpiling ~150 TypeScript sources, and compiles validators
 * ahead of time: the `schema` rule's bundled schemas (lib/schemas-<version>.cjs, one per Kubernetes release) and the policy, waiver, lock and rule-option
 * schemas (lib/config-validators.cjs) and the environment's (lib/environment-validators.cjs), each used only while it matches its schema. bin/plimsoll.js uses the bundle
 * only while it is newer than every file under src/; otherwise it runs the sources through tsx, so an edit is
 * never masked by a stale bundle. Dependencies stay in node_modules (not bundled), but for js-yaml and the CEL library (BUNDLED).
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { precompiledCustomModules, precompiledFile, precompiledModule, PRECOMPILED_CUSTOM_DIR } from '../src/validate/schemas/registry';
import { KUBERNETES_VERSIONS } from '../src/validate/schemas/versions';
import {
  environmentSectionKeys,
  PRECOMPILED_CONFIG_FILE,
  PRECOMPILED_ENVIRONMENT_FILE,
  PRECOMPILED_SCHEMA_FILES,
  precompiledFileOf,
  sectionValidatorSchema,
} from '../src/config/precompiled';
import { precompiledConfigModule } from '../src/config/precompiled-module';
import { readSchemaFile } from '../src/config/schemas';
import { RULES } from '../src/rules';

const root = resolve(__dirname, '..');

/**
 * Dependencies stay in node_modules, except js-yaml: every validate run loads it, and as 25 files it cost a one-file
 * validate ~20 ms of module resolution; bundled, it is part of the one file. And the CEL library: an ES module,
 * inlined so that the CommonJS bundle never depends on Node loading ES modules by require().
 */
const BUNDLED = new Set(['js-yaml', '@marcbachmann/cel-js']);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

async function main(): Promise<void> {
  const out = join(root, 'lib');
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    external,
    sourcemap: false,
    legalComments: 'none' as const,
    logLevel: 'warning' as const,
  };
  await build({ ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(out, 'plimsoll.cjs') });
  // Each validation worker compiles lib/schemas-<version>.cjs (5 MB) and its dependencies afresh; V8's code cache on disk
  // (bin/compile-cache.js, saved when a worker exits) spares them that, as bin/plimsoll.js does for the main thread.
  await build({
    ...common,
    entryPoints: [join(root, 'src/validate/parallel-worker.ts')],
    outfile: join(out, 'parallel-worker.cjs'),
    banner: { js: "require(require('node:path').join(__dirname, '..', 'bin', 'compile-cache.js')).install('parallel-worker');" },
  });
  for (const version of KUBERNETES_VERSIONS) writeFileSync(precompiledFile(version), precompiledModule(version));
  rmSync(PRECOMPILED_CUSTOM_DIR, { recursive: true, force: true });
  mkdirSync(PRECOMPILED_CUSTOM_DIR, { recursive: true });
  for (const [file, code] of precompiledCustomModules()) writeFileSync(join(PRECOMPILED_CUSTOM_DIR, file), code);
  const configSchemas: Record<string, object> = {};
  for (const name of PRECOMPILED_SCHEMA_FILES) configSchemas[`schema:${name}`] = readSchemaFile(name);
  for (const rule of RULES) configSchemas[`rule:${rule.meta.id}`] = rule.meta.optionsSchema;
  const environmentSchema = readSchemaFile('environment') as { $id: string; properties: Record<string, { type?: unknown }> };
  const sections = environmentSectionKeys(environmentSchema).map((key) => sectionValidatorSchema(key, environmentSchema));
  const inFile = (file: string) => Object.fromEntries(Object.entries(configSchemas).filter(([id]) => precompiledFileOf(id) === file));
  writeFileSync(PRECOMPILED_CONFIG_FILE, precompiledConfigModule(inFile(PRECOMPILED_CONFIG_FILE)));
  writeFileSync(PRECOMPILED_ENVIRONMENT_FILE, precompiledConfigModule(inFile(PRECOMPILED_ENVIRONMENT_FILE), sections));
  writeFileSync(
    join(out, 'README.md'),
    '# lib/\n\nBuilt by `npm run build` (scripts/build.ts); not committed. bin/plimsoll.js uses it while it is newer than src/.\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
