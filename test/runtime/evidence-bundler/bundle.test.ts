import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { bundle, type BundleOptions } from '../../../src/runtime/evidence-bundler/bundle';
import { timestampKey } from '../../../src/runtime/evidence-bundler/event';
import manifestSchema from '../../../schemas/runtime-evidence-manifest.schema.json';
import { plimsoll, ROOT, snapshotTree } from '../../helpers/cli';
import { tempDir } from '../helpers';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const ev = (workloadId: string, timestamp: string, edgeType: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ workloadId, namespace: 'zastava-runtime', node: 'node-1', edgeType, timestamp, imageDigest: DIGEST, ...extra });

function inputs(entrytrace: string[] | Buffer, zastava: string[] | Buffer): { dir: string; options: BundleOptions['inputs'] } {
  const dir = tempDir('plimsoll-evidence-in-');
  const write = (name: string, lines: string[] | Buffer) => {
    writeFileSync(join(dir, name), Buffer.isBuffer(lines) ? lines : lines.map((l) => `${l}\n`).join(''));
    return join(dir, name);
  };
  return {
    dir,
    options: {
      'scanner.entrytrace.ndjson': write('scanner.entrytrace.ndjson', entrytrace),
      'zastava.runtime.ndjson': write('zastava.runtime.ndjson', zastava),
    },
  };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('evidence bundler: merge, order, stability', () => {
  const scanner = [
    ev('wl-b', '2025-12-08T10:00:01Z', 'net', { seq: 's1' }),
    ev('wl-a', '2025-12-08T10:00:00.5Z', 'syscall', { seq: 's2' }),
    ev('wl-a', '2025-12-08T10:00:00Z', 'syscall', { seq: 's3' }),
    ev('wl-a', '2025-12-08T10:00:00.500Z', 'fs', { seq: 's4' }),
    ev('wl-a', '2025-12-08T10:00:00.5Z', 'syscall', { seq: 's5' }),
  ];
  const zastava = [
    ev('wl-a', '2025-12-08T10:00:00.5Z', 'syscall', { seq: 'z1' }),
    ev('wl-a', '2025-12-08T09:59:59.999999999Z', 'net', { seq: 'z2' }),
    ev('wl-b', '2025-12-08T10:00:01.000Z', 'net', { seq: 'z3', code_id: 'c' }),
  ];

  it('sorts both streams and their merge by (workloadId, timestamp as an instant, edgeType), equal keys in input order (scanner first, then line)', () => {
    const { options } = inputs(scanner, zastava);
    const out = tempDir();
    const result = bundle({ inputs: options, outDir: out });
    expect(result.written).toBe(true);
    const seq = (file: string) => lines(join(result.dir, file)).map((l) => JSON.parse(l).seq);
    // 00:00Z < 00:00.5Z == 00:00.500Z; fs < syscall; the three equal syscall events keep s2, s5, z1 order.
    expect(seq('runtime.merged.ndjson')).toEqual(['z2', 's3', 's4', 's2', 's5', 'z1', 's1', 'z3']);
    expect(seq('scanner.entrytrace.ndjson')).toEqual(['s3', 's4', 's2', 's5', 's1']);
    expect(seq('zastava.runtime.ndjson')).toEqual(['z2', 'z1', 'z3']);
    // Lines are copied byte for byte, never re-serialized.
    expect(lines(join(result.dir, 'runtime.merged.ndjson')).sort()).toEqual([...scanner, ...zastava].sort());
  });

  it('writes manifest.json: schema-valid, sha256 of every input and output stream, quarantine count, workload identity table', () => {
    const { options } = inputs(scanner, zastava);
    const result = bundle({ inputs: options, outDir: tempDir() });
    const manifest = JSON.parse(readFileSync(join(result.dir, 'manifest.json'), 'utf8'));
    const validate = new Ajv({ strict: true }).compile(manifestSchema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.runId).toMatch(/^rt-[0-9a-f]{16}$/);
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(manifest.inputs.map((i: any) => [i.stream, i.sha256, i.events, i.quarantined])).toEqual([
      ['scanner.entrytrace.ndjson', sha(options['scanner.entrytrace.ndjson']), 5, 0],
      ['zastava.runtime.ndjson', sha(options['zastava.runtime.ndjson']), 3, 0],
    ]);
    for (const f of manifest.files) expect(f.sha256, f.path).toBe(sha(join(result.dir, f.path)));
    expect(manifest.files.map((f: any) => f.path)).toEqual([
      'scanner.entrytrace.ndjson',
      'zastava.runtime.ndjson',
      'runtime.merged.ndjson',
      'quarantine.ndjson',
    ]);
    expect(manifest.quarantine).toEqual({ file: 'quarantine.ndjson', count: 0 });
    expect(manifest.workloads).toEqual([
      {
        workloadId: 'wl-a',
        namespaces: ['zastava-runtime'],
        nodes: ['node-1'],
        imageDigests: [DIGEST],
        events: { 'scanner.entrytrace.ndjson': 4, 'zastava.runtime.ndjson': 2 },
        firstTimestamp: '2025-12-08T09:59:59.999999999Z',
        lastTimestamp: '2025-12-08T10:00:00.5Z',
      },
      {
        workloadId: 'wl-b',
        namespaces: ['zastava-runtime'],
        nodes: ['node-1'],
        imageDigests: [DIGEST],
        events: { 'scanner.entrytrace.ndjson': 1, 'zastava.runtime.ndjson': 1 },
        firstTimestamp: '2025-12-08T10:00:01Z',
        lastTimestamp: '2025-12-08T10:00:01.000Z',
      },
    ]);
    expect(readdirSync(result.dir).sort()).toEqual([
      'manifest.json',
      'quarantine.ndjson',
      'runtime.merged.ndjson',
      'scanner.entrytrace.ndjson',
      'zastava.runtime.ndjson',
    ]);
  });

  it('same input, same bytes: in memory or spilled to many sort runs, in any folder', () => {
    const many: string[] = [];
    for (let i = 0; i < 600; i++)
      many.push(ev(`wl-${i % 7}`, `2025-12-08T10:00:${String(i % 60).padStart(2, '0')}.${i % 3}Z`, ['syscall', 'net', 'fs'][i % 3], { i }));
    const { options } = inputs(many, [...many].reverse());
    const a = bundle({ inputs: options, outDir: tempDir() });
    const b = bundle({ inputs: options, outDir: tempDir(), memoryBytes: 8 * 1024, tmpDir: tempDir() });
    expect(a.sortRuns).toBe(0);
    expect(b.sortRuns).toBeGreaterThan(20);
    expect(snapshotTree(b.dir)).toEqual(snapshotTree(a.dir));
    expect(b.manifest.runId).toBe(a.manifest.runId);
  });

  it('an existing bundle is left alone (same inputs give the same bundle) and no temporary folder remains', () => {
    const { options } = inputs(scanner, zastava);
    const out = tempDir();
    const first = bundle({ inputs: options, outDir: out });
    const again = bundle({ inputs: options, outDir: out });
    expect(again).toMatchObject({ written: false, dir: first.dir });
    expect(readdirSync(out)).toEqual([first.manifest.runId]);
  });
});

describe('evidence bundler: quarantine, never dropped silently', () => {
  it('puts every invalid line in quarantine.ndjson with stream, line number and reasons, and counts them in the manifest', () => {
    const valid = ev('wl-a', '2025-12-08T10:00:00Z', 'fs');
    const scanner = Buffer.concat([
      Buffer.from(`${valid}\n{"workloadId": \n${ev('wl-a', '2025-12-08T10:00:00+02:00', 'fs')}\n\n`),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from(`${ev('wl-a', '2025-02-30T10:00:00Z', 'fs')}\n[1]\n`),
    ]);
    const zastava = [
      JSON.stringify({ workloadId: 'wl-a', node: 'n', edgeType: 'disk', timestamp: '2025-12-08T10:00:00Z', imageDigest: 'latest' }),
      valid,
      ev('wl-a', '2025-12-08T10:00:00Z', 'net', { pad: 'x'.repeat(3000) }),
    ];
    const { options } = inputs(scanner, zastava);
    const result = bundle({ inputs: options, outDir: tempDir(), maxLineBytes: 2048 });
    const q = lines(join(result.dir, 'quarantine.ndjson')).map((l) => JSON.parse(l));
    expect(q.map((r) => [r.stream, r.line])).toEqual([
      ['scanner.entrytrace.ndjson', 2],
      ['scanner.entrytrace.ndjson', 3],
      ['scanner.entrytrace.ndjson', 4],
      ['scanner.entrytrace.ndjson', 5],
      ['scanner.entrytrace.ndjson', 6],
      ['scanner.entrytrace.ndjson', 7],
      ['zastava.runtime.ndjson', 1],
      ['zastava.runtime.ndjson', 3],
    ]);
    expect(q[0].reasons[0]).toMatch(/^not JSON: /);
    expect(q[1].reasons).toEqual([
      '/timestamp: got "2025-12-08T10:00:00+02:00", expected a string matching ^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
    ]);
    expect(q[2].reasons).toEqual(['empty line']);
    expect(q[3].reasons).toEqual(['not UTF-8 text']);
    expect(q[4].reasons).toEqual(['/timestamp: got "2025-02-30T10:00:00Z", expected a real UTC date and time']);
    expect(q[5].reasons).toEqual(['not a JSON object (got a list)']);
    expect(q[6].reasons).toEqual(
      expect.arrayContaining([
        '/edgeType: got "disk", expected one of "syscall", "net", "fs"',
        '/: missing required property "namespace"',
        expect.stringMatching(/^\/imageDigest: got "latest"/),
      ]),
    );
    expect(q[7]).toMatchObject({ reasons: [expect.stringMatching(/^line of \d+ bytes exceeds 2048 bytes$/)], bytes: expect.any(Number) });
    expect(q[7].preview.length).toBeLessThanOrEqual(1024);
    expect(result.manifest.quarantine.count).toBe(8);
    expect(result.manifest.inputs.map((i) => [i.lines, i.events, i.quarantined])).toEqual([
      [7, 1, 6],
      [3, 1, 2],
    ]);
    expect(lines(join(result.dir, 'runtime.merged.ndjson'))).toEqual([valid, valid]);
  });

  it('normalizes timestamps to instants only for ordering', () => {
    expect(timestampKey('2025-12-08T10:00:00Z')).toBe('2025-12-08T10:00:00.000000000');
    expect(timestampKey('2025-12-08T10:00:00.5Z')).toBe('2025-12-08T10:00:00.500000000');
    expect(timestampKey('2024-02-29T23:59:59.123456789Z')).toBe('2024-02-29T23:59:59.123456789');
    expect(timestampKey('2025-02-29T00:00:00Z')).toBeUndefined();
    expect(timestampKey('2025-12-08T24:00:00Z')).toBeUndefined();
  });
});

describe('evidence bundler: bounded memory', () => {
  it('a 64 MB input sorts in bounded memory: it completes with a 64 MB heap limit', () => {
    const dir = tempDir('plimsoll-evidence-big-');
    const script = `
      const { writeFileSync, openSync, writeSync, closeSync } = require('node:fs');
      const digest = 'sha256:' + 'b'.repeat(64);
      for (const [name, seed] of [['scanner.entrytrace.ndjson', 1], ['zastava.runtime.ndjson', 2]]) {
        const fd = openSync(process.argv[1] + '/' + name, 'w');
        let x = seed, out = [], size = 0;
        while (size < 32 * 1024 * 1024) {
          x = (x * 1103515245 + 12345) % 2147483648;
          const line = JSON.stringify({ workloadId: 'wl-' + (x % 500), namespace: 'zastava-runtime', node: 'node-' + (x % 40), edgeType: ['syscall','net','fs'][x % 3], timestamp: '2025-12-08T10:' + String(x % 60).padStart(2, '0') + ':' + String((x >> 8) % 60).padStart(2, '0') + '.' + (x % 1000) + 'Z', imageDigest: digest, code_id: 'c' + x }) + '\\n';
          out.push(line); size += line.length;
          if (out.length === 5000) { writeSync(fd, out.join('')); out = []; }
        }
        writeSync(fd, out.join('')); closeSync(fd);
      }`;
    expect(spawnSync(process.execPath, ['-e', script, dir]).status).toBe(0);
    const run = `
      require('tsx/cjs/api').register();
      const { bundle } = require(${JSON.stringify(join(ROOT, 'src/runtime/evidence-bundler/bundle.ts'))});
      const r = bundle({ inputs: { 'scanner.entrytrace.ndjson': process.argv[1] + '/scanner.entrytrace.ndjson', 'zastava.runtime.ndjson': process.argv[1] + '/zastava.runtime.ndjson' }, outDir: process.argv[1] + '/out', memoryBytes: 8 * 1024 * 1024 });
      process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS * 1024, runs: r.sortRuns, events: r.manifest.inputs.reduce((n, i) => n + i.events, 0) }));`;
    // A heap of 64 MB cannot hold the input (64 MB of lines as strings and objects take several times that):
    // the run only succeeds if the sort spills and streams.
    const child = spawnSync(process.execPath, ['--max-old-space-size=64', '-e', run, dir], { cwd: ROOT, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const { rss, runs, events } = JSON.parse(child.stdout);
    process.stderr.write(`evidence bundler: 64 MB, ${events} events, ${runs} sort runs, peak RSS ${(rss / 1048576).toFixed(0)} MB\n`);
    expect(runs).toBeGreaterThan(10);
    expect(events).toBeGreaterThan(250_000);
    expect(rss).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});

describe('plimsoll evidence bundle (CLI)', () => {
  const scanner = [ev('wl-a', '2025-12-08T10:00:00Z', 'fs'), 'not json'];
  const zastava = [ev('wl-a', '2025-12-08T10:00:00Z', 'net')];

  it('writes the bundle, says where and how many lines were quarantined, and exits 0; a second run writes nothing', async () => {
    const { dir } = inputs(scanner, zastava);
    const out = tempDir();
    const r = await plimsoll(['evidence', 'bundle', '--in', dir, '--out', out, '--run-id', 'run-1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*run-1: 2 events of 1 workload, 1 line quarantined \(see .*quarantine\.ndjson\)\n$/);
    expect(existsSync(join(out, 'run-1', 'manifest.json'))).toBe(true);
    const again = await plimsoll(['evidence', 'bundle', '--in', dir, '--out', out, '--run-id', 'run-1']);
    expect(again.stdout).toMatch(/already exists: the same inputs give the same bundle, nothing written/);
  });

  it('fails if an input is missing (exit 2), unless --skip-if-missing', async () => {
    const out = tempDir();
    const missing = await plimsoll(['evidence', 'bundle', '--in', out, '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/scanner\.entrytrace\.ndjson: .* is not a readable file/);
    const skipped = await plimsoll(['evidence', 'bundle', '--in', out, '--out', out, '--skip-if-missing']);
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toMatch(/^nothing to bundle: /);
  });

  it('fails if the run id could escape its folder or flags are wrong (exit 2)', async () => {
    const { dir } = inputs(scanner, zastava);
    expect((await plimsoll(['evidence', 'bundle', '--in', dir, '--run-id', '../x'])).stderr).toMatch(/run id "..\/x" must match/);
    expect((await plimsoll(['evidence', 'bundle', '--in', dir, '--memory-mb', '0'])).status).toBe(2);
    expect((await plimsoll(['evidence', 'pack'])).status).toBe(2);
  });
});
