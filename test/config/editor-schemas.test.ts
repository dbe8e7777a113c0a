/**
 * #18 Deliver 4: the YAML files users write carry a yaml-language-server modeline naming their JSON Schema, the
 * lock names its schema in `$schema`, and README's `yaml.schemas` setting maps the same schemas; every shipped file
 * validates against the schema its modeline names, so an editor shows no error where Plimsoll accepts the file.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { schemaProblems, schemaValidator } from '../../src/config/schemas';
import { ROOT } from '../helpers/cli';

const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

/** `schemas/<name>.schema.json` → `<name>`, or a failure naming the file and what it points at. */
function schemaName(file: string, target: string): string {
  const path = resolve(dirname(file), target);
  expect(existsSync(path), `${relative(ROOT, file)} names ${target}, which does not exist`).toBe(true);
  expect(dirname(path)).toBe(join(ROOT, 'schemas'));
  return basename(path, '.schema.json');
}

describe('editor schemas', () => {
  const files = yamlFiles(join(ROOT, 'policies'));

  it('every policy and waiver file starts with a modeline naming a shipped schema, and validates against it', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const m = MODELINE.exec(text);
      expect(m, `${relative(ROOT, file)} has no yaml-language-server modeline on its first line`).not.toBeNull();
      const name = schemaName(file, m![1]);
      expect(name).toBe(basename(file) === 'waivers.yaml' ? 'waivers' : 'policy');
      const validate = schemaValidator(name);
      const data = load(text);
      expect(validate(data), `${relative(ROOT, file)}: ${JSON.stringify(schemaProblems(validate.errors, data))}`).toBe(true);
    }
  });

  it('the images lock names its schema and validates against it', () => {
    const file = join(ROOT, 'images.lock.json');
    const lock = JSON.parse(readFileSync(file, 'utf8'));
    const validate = schemaValidator(schemaName(file, lock.$schema));
    expect(validate(lock), JSON.stringify(validate.errors)).toBe(true);
  });

  it("README's yaml.schemas setting maps each schema to the files that use it", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Editors'));
    const block = /```json\n([\s\S]*?)```/.exec(section);
    expect(block, 'README has a json block under "### Editors"').not.toBeNull();
    const mapping = JSON.parse(block![1])['yaml.schemas'] as Record<string, string[]>;
    const names = Object.keys(mapping).map((path) => schemaName(join(ROOT, 'x'), path.replace(/^\.\//, '')));
    expect(names.sort()).toEqual(['policy', 'waivers']);
    for (const globs of Object.values(mapping)) expect(globs.length).toBeGreaterThan(0);
  });
});
