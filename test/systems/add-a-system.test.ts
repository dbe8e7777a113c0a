/**
 * README "Add a system", followed step by step in a copy of the project: its schema section, its two files and its
 * registry line, taken from the README itself, so the worked example cannot rot.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIn, ROOT, tempDir } from '../helpers/cli';

/** The README section's fenced blocks of `lang`, their three-space list indentation removed. */
function blocks(section: string, lang: string): string[] {
  return [...section.matchAll(new RegExp(`^ {3}\`\`\`${lang}\\n([\\s\\S]*?)^ {3}\`\`\``, 'gm'))].map((m) => m[1].replace(/^ {3}/gm, ''));
}

describe('README: Add a system', () => {
  it('the worked example type-checks and synthesizes after its three steps', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Add a system'), readme.indexOf('\n### ', readme.indexOf('### Add a system') + 1));
    const [schemaBlock] = blocks(section, 'json');
    const files = blocks(section, 'ts');
    expect(files).toHaveLength(2);

    const dir = tempDir('plimsoll-add-system-');
    for (const part of ['src', 'bin', 'scripts', 'schemas', 'environments', 'policies', 'docs', 'images.lock.json', 'package.json', 'tsconfig.json']) {
      cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));

    // 1. The schema section, then the generated types.
    const schemaFile = join(dir, 'schemas/environment.schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const section1 = JSON.parse(`{${schemaBlock}}`) as Record<string, unknown>;
    const [key] = Object.keys(section1);
    Object.assign(schema.properties, section1);
    writeFileSync(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
    expect(nodeIn(dir, [join(dir, 'node_modules/tsx/dist/cli.mjs'), 'scripts/gen-types.ts']).status).toBe(0);

    // 2. One folder: each block starts with `// <file name>`.
    const folder = join(dir, 'src/systems', key);
    mkdirSync(folder);
    for (const text of files) writeFileSync(join(folder, /^\/\/ (\S+)/.exec(text)![1]), text);

    // 3. One registry line (and its import), before runtimeComponents.
    const registryFile = join(dir, 'src/systems/index.ts');
    const registry = readFileSync(registryFile, 'utf8');
    const edited = registry
      .replace("import { runtimeComponents } from './runtime-components/system';", `$&\nimport { ${key} } from './${key}/system';`)
      .replace(', runtimeComponents]', `, ${key}, runtimeComponents]`);
    expect(edited).not.toBe(registry);
    writeFileSync(registryFile, edited);

    // Type-checks the registry and what it reaches (every system, the new one included, and the core they use), not
    // the CLI, rules and scripts the steps leave alone: the project's own `tsc` of `npm test` checks those.
    writeFileSync(
      join(dir, 'tsconfig.system.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [], files: ['src/systems/index.ts', 'environments/lab.ts'] }),
    );
    const tsc = nodeIn(dir, [join(dir, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.system.json']);
    expect(tsc.output).toBe('');

    // An environment turns it on; synth renders its objects into their stages.
    const lab = join(dir, 'environments/lab.ts');
    writeFileSync(lab, readFileSync(lab, 'utf8').replace("  tier: 'lab',\n", `  tier: 'lab',\n  ${key}: { enabled: true, message: 'hello' },\n`));
    const synth = nodeIn(dir, ['bin/plimsoll.js', 'synth', '--env', 'lab', '--out', 'out']);
    expect(synth.status, synth.output).toBe(0);
    expect(existsSync(join(dir, 'out/lab/00-namespaces/namespace_motd.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'out/lab/07-controller/configmap_motd_motd.yaml'), 'utf8')).toContain('message: hello');

    // A bad value is an input error naming the file, line and path.
    writeFileSync(lab, readFileSync(lab, 'utf8').replace("message: 'hello'", 'message: 42'));
    const bad = nodeIn(dir, ['bin/plimsoll.js', 'synth', '--env', 'lab', '--out', 'out']);
    expect(bad.status).toBe(2);
    expect(bad.output).toMatch(/environments\/lab\.ts:\d+: \/motd\/message: got 42, expected string/);
  }, 240_000);
});
