/**
 * One large file (and standard input) split at document boundaries for the worker threads: the report is exactly
 * the single-threaded one, for a clean file (every part stands) and for files a part cannot judge alone (a broken
 * document, an alias bomb: the file is done whole).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from '../../bench/corpus';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles, parseManifestText } from '../../src/validate/load';
import { loadPart, splitBytes } from '../../src/validate/parts';
import { BIN, ROOT, tempDir } from '../helpers/cli';
import { ALIAS_BOMB as BOMB } from '../helpers/yaml';

/** Documents whose `---`-looking lines are not boundaries, and a List: where a naive split would go wrong. */
const TRICKY = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scripts, namespace: team-1, labels: {app.kubernetes.io/name: s}}\ndata:\n  run.sh: |\n    echo start\n    ---\n    --- not a marker: indented inside the block scalar\n  folded: >\n    a\n     ---\n    b\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: quoted, namespace: team-1, labels: {app.kubernetes.io/name: q}}\ndata:\n  q: "a\n    --- b"\n  "---": dashes as a key\n',
  '# a comment only document\n',
  'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: in-list, namespace: team-2}, data: {a: "1"}}\n',
];

/** The corpus of `dir` as one file, with TRICKY documents spread through it. */
function oneFile(dir: string, extra: readonly string[] = []): string {
  const docs: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else docs.push(...readFileSync(join(d, e.name), 'utf8').split(/^---\n/m));
    }
  };
  walk(dir);
  const step = Math.floor(docs.length / (TRICKY.length + extra.length + 1));
  [...TRICKY, ...extra].forEach((t, i) => docs.splice((i + 1) * step, 0, t));
  return docs.join('---\n');
}

describe('one large file on every core', () => {
  const corpus = tempDir('plimsoll-split-corpus-');
  writeCorpus(corpus, 230, 10); // about 2.3 MB: over SPLIT_MIN_BYTES

  it('splits into parts that each parse into the documents the scan gave them, and together into the whole file', () => {
    const text = oneFile(corpus);
    const parts = splitBytes(0, Buffer.from(text), true, 256 * 1024)!.parts;
    expect(parts.length).toBeGreaterThan(4);
    const whole = parseManifestText(text, 'all.yaml');
    const loaded = parts.map((p) => ({ part: p, ...loadPart('all.yaml', 'all.yaml', p) }));
    expect(loaded.every((l) => l.trusted)).toBe(true);
    const items = loaded.flatMap((l) => l.loaded.items.map((i) => ({ doc: i.doc + l.part.firstDoc, pointer: i.pointer, object: i.object })));
    expect(items).toEqual(whole.objects.map((o) => ({ doc: o.doc, pointer: o.pointer, object: o.object })));
    expect(loaded.reduce((n, l) => n + l.loaded.documents!, 0)).toBe(whole.documents);
    // Each part's first line is the line of its `---` in the file.
    const lines = text.split('\n');
    for (const p of parts.slice(1)) expect(lines[p.firstLine]).toBe('---');
  });

  for (const [name, extra] of [
    ['a clean file', []],
    ['a file with a broken document', ['apiVersion: v1\nkind: [\n']],
    ['a file with an alias bomb', [BOMB]],
  ] as const) {
    it(`gives the single-threaded report for ${name}, in parts on two threads and on one`, async () => {
      const dir = tempDir('plimsoll-split-');
      writeFileSync(join(dir, 'all.yaml'), oneFile(corpus, extra));
      const options = { policy: loadPolicy(), now: new Date('2026-06-01T00:00:00Z') };
      const serial = validatePaths([dir], options);
      const { files, problems } = collectFiles([dir]);
      expect(serial.summary.objects).toBeGreaterThan(2000);
      expect(serial.findings.length).toBeGreaterThan(20);
      if (extra.length) expect(serial.findings.some((f) => f.rule === 'parse-error')).toBe(true);
      expect(await validateFilesParallel(files, problems, options, 2)).toEqual(serial);
      expect(await validateFilesParallel(files, problems, options, 1)).toEqual(serial);
    }, 120_000);
  }

  it('splits a file that starts with a byte order mark into parts that all stand, with its report', async () => {
    const dir = tempDir('plimsoll-split-bom-');
    const file = join(dir, 'all.yaml');
    writeFileSync(file, `\ufeff${oneFile(corpus)}`);
    const split = splitBytes(0, readFileSync(file), false)!;
    expect(split.parts.length).toBeGreaterThan(1);
    // Byte ranges of the file, BOM included in the first: each part reads and parses as the scan said.
    expect(split.parts.every((p) => loadPart(file, 'all.yaml', p).trusted)).toBe(true);
    const options = { policy: loadPolicy(), now: new Date('2026-06-01T00:00:00Z') };
    const { files, problems } = collectFiles([dir]);
    expect(await validateFilesParallel(files, problems, options, 1)).toEqual(validatePaths([dir], options));
  }, 120_000);

  it('splits standard input too, with the report of one thread', () => {
    // Over PARALLEL_MIN_BYTES (12 MB) mostly in comment-only documents, which cost little to parse.
    const padding = `# padding\n`.repeat(45_000);
    const text = oneFile(corpus)
      .split(/^---\n/m)
      .map((doc, i) => (i % 80 === 0 ? `${padding}---\n${doc}` : doc))
      .join('---\n');
    expect(text.length).toBeGreaterThan(12 * 1024 * 1024);
    const run = (workers: number) =>
      spawnSync(process.execPath, [BIN, 'validate', '-', '--format', 'json', '--no-waivers', '--no-cache'], {
        cwd: ROOT,
        input: text,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...process.env, NO_COLOR: '1', PLIMSOLL_WORKERS: String(workers), PLIMSOLL_TIMINGS: '1' },
      });
    const one = run(1);
    const two = run(2);
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    // Two threads ran: a worker started.
    expect(two.stderr).toMatch(/worker starts/);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    expect(JSON.parse(one.stdout).summary.objects).toBeGreaterThan(2000);
  }, 180_000);
});
