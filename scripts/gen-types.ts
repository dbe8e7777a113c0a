/**
 * Generates src/config/generated/*.ts from schemas/*.schema.json with json-schema-to-typescript.
 * `--check` exits 1 when a committed file differs from what the schema generates (CI and a test use it).
 */
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from 'json-schema-to-typescript';

const root = resolve(__dirname, '..');
const schemaDir = join(root, 'schemas');
const outDir = join(root, 'src/config/generated');

/** Schemas that describe TypeScript-authored inputs get types; the rest are only validated at run time. */
export const TYPED_SCHEMAS = ['environment', 'policy', 'evidence-capacity', 'evidence-dr-drill', 'evidence-security-controls', 'evidence-controller-egress'];

export async function generate(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of TYPED_SCHEMAS) {
    const file = `${name}.schema.json`;
    if (!readdirSync(schemaDir).includes(file)) continue;
    const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
    const ts = await compile(schema, schema.title ?? name, {
      bannerComment: `/* Generated from schemas/${file} by \`npm run gen:types\`. Do not edit. */`,
      additionalProperties: false,
      strictIndexSignatures: true,
      unreachableDefinitions: true,
      format: true,
      style: { singleQuote: true, printWidth: 120 },
    });
    out.set(`${name}.ts`, ts);
  }
  return out;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await generate();
  let stale = 0;
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of files) {
    const path = join(outDir, file);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current === text) continue;
    if (check) {
      stale++;
      console.error(`stale: src/config/generated/${file} differs from schemas/; run \`npm run gen:types\``);
    } else {
      writeFileSync(path, text);
      console.log(`wrote src/config/generated/${file}`);
    }
  }
  process.exit(stale ? 1 : 0);
}

if (require.main === module) void main();
