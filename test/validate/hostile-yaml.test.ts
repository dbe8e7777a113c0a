/**
 * Alias bombs and deep nesting, run in a memory-capped child with a timeout so a regression fails instead of
 * eating the machine; the parallel path (forced with 12 MB of comment padding) must give the single-threaded report.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, tempDir } from '../helpers/cli';

const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: x}\ndata:\n';
const levels = (row: (i: number) => string) => head + Array.from({ length: 9 }, (_, i) => row(i)).join('\n') + '\n';
const CASES: Record<string, string> = {
  'flow-map-bomb.yaml': levels((i) =>
    i === 0
      ? '  a0: &a0 {"k0":"lol","k1":"lol","k2":"lol","k3":"lol","k4":"lol","k5":"lol","k6":"lol","k7":"lol","k8":"lol"}'
      : `  a${i}: &a${i} {${Array.from({ length: 9 }, (_, j) => `"k${j}":*a${i - 1}`).join(',')}}`,
  ),
  'flow-map-nospace-bomb.yaml': levels((i) =>
    i === 0
      ? '  a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]'
      : `  a${i}: &a${i} {${Array.from({ length: 9 }, (_, j) => `k${j}: !!seq *a${i - 1}`).join(', ')}}`,
  ).replace(/!!seq /g, ''),
  'question-key-bomb.yaml': levels((i) =>
    i === 0
      ? '  a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]'
      : `  a${i}: &a${i}\n${Array.from({ length: 9 }, (_, j) => `    ? k${j}\n    : *a${i - 1}`).join('\n')}`,
  ),
  'block-bomb.yaml': levels((i) =>
    i === 0 ? '  a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]' : `  a${i}: &a${i}\n${Array.from({ length: 9 }, () => `    - *a${i - 1}`).join('\n')}`,
  ),
  'deep.yaml': `${head}  x: "y"\nspec: ${'['.repeat(10000)}1${']'.repeat(10000)}\n`,
  'deep-anchored.yaml': `${head}  x: &x "y"\n  z: *x\nspec: ${'['.repeat(10000)}1${']'.repeat(10000)}\n`,
  'merge.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x, labels: &sel {app.kubernetes.io/name: s}}\nspec:\n  selector:\n    <<: *sel\n  ports: [{port: 80, targetPort: 8080}]\n',
};

function validate(dir: string, workers: number) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', BIN, 'validate', dir, '--format', 'json', '--no-waivers'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', PLIMSOLL_WORKERS: String(workers) },
  });
  return {
    status: r.status,
    stderr: r.stderr,
    findings: r.stdout ? (JSON.parse(r.stdout).findings as Array<{ rule: string; file: string; line: number | null; message: string }>) : undefined,
  };
}

describe('hostile YAML', () => {
  it('fails if an alias bomb or deep nesting escapes its limit, or the parallel path reports otherwise', () => {
    const dir = tempDir('plimsoll-hostile-');
    for (const [name, text] of Object.entries(CASES)) writeFileSync(join(dir, name), text);
    const single = validate(dir, 1);
    expect(single.stderr).toBe('');
    expect(single.status).toBe(1);
    const of = (name: string) => single.findings!.filter((f) => f.file.endsWith(`/${name}`));
    for (const bomb of ['flow-map-bomb.yaml', 'flow-map-nospace-bomb.yaml', 'question-key-bomb.yaml', 'block-bomb.yaml']) {
      const limit = 100_000 + CASES[bomb].length;
      expect(of(bomb), bomb).toEqual([
        expect.objectContaining({
          rule: 'parse-error',
          line: expect.any(Number),
          message: `invalid YAML: alias expansion exceeds ${limit} (100000 + 1 per character of the file) nodes (a YAML alias bomb?) in document 1`,
        }),
      ]);
    }
    for (const deep of ['deep.yaml', 'deep-anchored.yaml']) {
      expect(of(deep), deep).toEqual([
        expect.objectContaining({ rule: 'parse-error', line: expect.any(Number), message: 'invalid YAML: nesting deeper than 256 levels' }),
      ]);
    }
    // The merge key is honoured: the selector matches the labels, no finding about the selector's shape.
    expect(of('merge.yaml').filter((f) => f.rule === 'parse-error' || /selector/.test(f.message))).toEqual([]);

    // Enough input for the parallel path, and enough files that the workers take chunks too.
    writeFileSync(join(dir, '00-padding.yaml'), '# padding\n'.repeat(1.3 * 1024 * 1024));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `z${String(i).padStart(2, '0')}-${Object.keys(CASES)[i % 7]}`), Object.values(CASES)[i % 7]);
    const one = validate(dir, 1);
    const two = validate(dir, 2);
    expect(two.stderr).toBe('');
    expect(one.status).toBe(1);
    expect(two.status).toBe(one.status);
    expect(two.findings).toEqual(one.findings);
    expect(one.findings!.filter((f) => /alias bomb/.test(f.message))).toHaveLength(4 + 4 * 6);
  }, 120_000);
});
