/**
 * The scale table of `npm run bench`: `plimsoll validate` (whole CLI, fresh process, every rule on) over generated
 * corpora of several sizes and shapes, with objects/s and peak RSS, and the issue #19 targets: one large file
 * >= 20,000 objects/s, anchors within 1.3x of the same objects plain, a warm re-run after one changed file <= 15 %
 * of the cold run, peak RSS <= 500 MB at 200,000 objects.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus, writeOneFile, type CorpusOptions } from './corpus';
import { median, ROOT, runCli, type Sample } from './cli-run';
import type { TempRoot } from './temp';

interface Row {
  readonly name: string;
  readonly objects: number;
  readonly sample: Sample;
}

/** A corpus folder: kept in .bench/ between full runs (generating 200,000 objects takes a while), in temp for quick ones. */
function corpus(temp: TempRoot, quick: boolean, name: string, write: (dir: string) => void): string {
  const dir = quick ? temp.folder(name) : join(ROOT, '.bench', name);
  const done = join(dir, '.complete');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    write(dir);
    writeFileSync(done, '');
  }
  return dir;
}

export function scaleBench(temp: TempRoot, quick: boolean, runs: number): { ok: boolean } {
  const scratch = temp.folder('scale');
  const validate = (input: string, extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(scratch, ['validate', input, '--format', 'json', '--no-waivers', ...extra], env);
  const cold = (input: string, env: Record<string, string> = {}) => validate(input, ['--no-cache'], env);
  const timed = (input: string, n: number, env: Record<string, string> = {}) => {
    const samples = Array.from({ length: n }, () => cold(input, env));
    return { wallMs: median(samples.map((s) => s.wallMs)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
  };
  const folders = (objects: number, options: CorpusOptions = {}, perFile = 10) =>
    corpus(temp, quick, `scale-${objects}${perFile === 1 ? '-single' : ''}${options.anchored ? '-anchored' : ''}`, (dir) =>
      writeCorpus(dir, objects / perFile, perFile, options),
    );
  const sizes = quick ? [1000] : [1000, 10_000, 50_000, 200_000];
  const base = quick ? 1000 : 50_000;
  const rows: Row[] = [];
  for (const objects of sizes)
    rows.push({
      name: `${objects.toLocaleString('en')} objects in ${(objects / 10).toLocaleString('en')} files`,
      objects,
      sample: timed(folders(objects), objects >= 50_000 ? 1 : runs),
    });
  const plain = rows.find((r) => r.objects === base)!;
  const oneFile = corpus(temp, quick, `scale-${base}-one-file`, (dir) => writeOneFile(join(dir, 'all.yaml'), base));
  const one = { name: `${base.toLocaleString('en')} objects in one file`, objects: base, sample: timed(join(oneFile, 'all.yaml'), 1) };
  const single = { name: `${base.toLocaleString('en')} one-object files`, objects: base, sample: timed(folders(base, {}, 1), 1) };
  const anchored = {
    name: `${base.toLocaleString('en')} objects with anchors and merge keys`,
    objects: base,
    sample: timed(folders(base, { anchored: true }), 1),
  };
  // The warm re-run: a copy of the corpus (one file is changed), its own cache, filled by a first run.
  const copy = temp.folder('warm');
  cpSync(folders(base), copy, { recursive: true });
  // A checkout's files are older than the cache's 2-second racy window (stats noted within it are never trusted);
  // files copied a moment ago are not, and every one would be read again. Wait them out, as any real tree has.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  const cacheDir = temp.folder('cache');
  const fill = validate(copy, ['--cache-dir', cacheDir]);
  const changed = join(copy, 'team-7', `manifests-${'7'.padStart(5, '0')}.yaml`);
  writeFileSync(changed, readFileSync(changed, 'utf8').replace('replicas: ', 'replicas: 1'));
  const warm = {
    name: `warm re-run after one changed file (${base.toLocaleString('en')} objects)`,
    objects: base,
    sample: validate(copy, ['--cache-dir', cacheDir]),
  };
  const filling = { name: `first run filling an empty cache (${base.toLocaleString('en')} objects)`, objects: base, sample: fill };
  rows.push(one, single, anchored, filling, warm);
  // Peak memory in every mode at the largest size: one thread, and one file on both cores.
  const largest = rows.find((r) => r.objects === 200_000);
  const memoryRows: Row[] = largest ? [largest] : [];
  if (largest) {
    const oneThread = { name: '200,000 objects in 20,000 files, one thread', objects: 200_000, sample: timed(folders(200_000), 1, { PLIMSOLL_WORKERS: '1' }) };
    const bigFile = corpus(temp, quick, 'scale-200000-one-file', (dir) => writeOneFile(join(dir, 'all.yaml'), 200_000));
    const oneLarge = { name: '200,000 objects in one file (210 MB)', objects: 200_000, sample: timed(join(bigFile, 'all.yaml'), 1) };
    memoryRows.push(oneThread, oneLarge);
    rows.push(oneThread, oneLarge);
  }

  console.log(
    `validate at scale (whole CLI, fresh process, every rule on; --no-cache unless a cache row; median of ${runs} below 50,000 objects, else one run)`,
  );
  const rate = (r: Row) => Math.round((r.objects / r.sample.wallMs) * 1000);
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(58)} ${r.sample.wallMs.toFixed(0).padStart(7)} ms ${rate(r).toLocaleString('en').padStart(8)} objects/s ${r.sample.rssMb.toFixed(0).padStart(6)} MB peak RSS`,
    );
  const verdicts: Array<[string, boolean]> = [
    [`one file >= 20,000 objects/s (${rate(one).toLocaleString('en')})`, rate(one) >= 20_000],
    [`anchors within 1.3x of plain (${(anchored.sample.wallMs / plain.sample.wallMs).toFixed(2)}x)`, anchored.sample.wallMs <= 1.3 * plain.sample.wallMs],
    [
      `warm re-run <= 15 % of the cold run (${((100 * warm.sample.wallMs) / plain.sample.wallMs).toFixed(0)} %)`,
      warm.sample.wallMs <= 0.15 * plain.sample.wallMs,
    ],
  ];
  if (memoryRows.length) {
    const peak = Math.max(...memoryRows.map((r) => r.sample.rssMb));
    verdicts.push([`peak RSS <= 500 MB at 200,000 objects in every mode (${memoryRows.map((r) => r.sample.rssMb.toFixed(0)).join(' / ')} MB)`, peak <= 500]);
  }
  for (const [what, met] of verdicts) console.log(`  target: ${what} → ${met ? 'met' : 'MISSED'}`);
  return { ok: verdicts.every(([, met]) => met) };
}
