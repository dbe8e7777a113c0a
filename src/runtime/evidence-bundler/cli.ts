/**
 * The bundler's command line, shared by `plimsoll evidence bundle` and the component's own entry point (the image):
 *   --in DIR                       both streams by their names in DIR, or
 *   --entrytrace FILE --zastava FILE
 *   [--out DIR] [--run-id ID] [--tmp-dir DIR] [--memory-mb N] [--max-line-bytes N] [--skip-if-missing]
 *   [--format text|json]
 * Exit codes: 0 bundle written (or already there), 2 usage or input error.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../lib/errors';
import { bundle } from './bundle';
import { STREAMS } from './event';

export const EVIDENCE_BUNDLE_USAGE = `evidence bundle (--in DIR | --entrytrace FILE --zastava FILE) [--out DIR] [--run-id ID]
                  [--tmp-dir DIR] [--memory-mb N] [--max-line-bytes N] [--skip-if-missing] [--format text|json]
      Merge scanner.entrytrace.ndjson and zastava.runtime.ndjson into DIR/<runId>/ (default offline/runtime):
      validated, sorted by (workloadId, timestamp, edgeType), invalid lines quarantined, with a sha256 manifest.`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

export function runEvidenceBundle(args: string[], stdout: { write(s: string): unknown } = process.stdout): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      in: { type: 'string' },
      entrytrace: { type: 'string' },
      zastava: { type: 'string' },
      out: { type: 'string', default: join('offline', 'runtime') },
      'run-id': { type: 'string' },
      'tmp-dir': { type: 'string' },
      'memory-mb': { type: 'string' },
      'max-line-bytes': { type: 'string' },
      'skip-if-missing': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new InputError(`unexpected argument ${JSON.stringify(positionals[0])}\n${EVIDENCE_BUNDLE_USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new InputError(`unknown --format "${values.format}"; expected text or json`);
  if (values.in && (values.entrytrace || values.zastava)) throw new InputError('--in names both streams; do not combine it with --entrytrace/--zastava');
  const entrytrace = values.entrytrace ?? (values.in ? join(values.in, STREAMS[0]) : undefined);
  const zastava = values.zastava ?? (values.in ? join(values.in, STREAMS[1]) : undefined);
  if (!entrytrace || !zastava) throw new InputError(`give both streams: --in DIR (holding ${STREAMS.join(' and ')}) or --entrytrace FILE --zastava FILE`);
  const missing = [entrytrace, zastava].filter((f) => !existsSync(f));
  if (missing.length && values['skip-if-missing']) {
    stdout.write(
      values.format === 'json'
        ? `${JSON.stringify({ skipped: true, missing })}\n`
        : `nothing to bundle: ${missing.join(', ')} not there yet (--skip-if-missing)\n`,
    );
    return 0;
  }
  const memoryMb = positiveInt(values['memory-mb'], '--memory-mb');
  const result = bundle({
    inputs: { [STREAMS[0]]: entrytrace, [STREAMS[1]]: zastava } as Record<(typeof STREAMS)[number], string>,
    outDir: values.out!,
    runId: values['run-id'],
    tmpDir: values['tmp-dir'],
    memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    maxLineBytes: positiveInt(values['max-line-bytes'], '--max-line-bytes'),
  });
  const m = result.manifest;
  if (values.format === 'json') {
    stdout.write(
      `${JSON.stringify({ dir: result.dir, written: result.written, runId: m.runId, inputs: m.inputs, quarantine: m.quarantine, workloads: result.workloads })}\n`,
    );
    return 0;
  }
  const shown = relative(process.cwd(), result.dir) || '.';
  const events = m.inputs.reduce((n, i) => n + i.events, 0);
  stdout.write(
    result.written
      ? `wrote ${shown}: ${events} events of ${result.workloads} workload${result.workloads === 1 ? '' : 's'}, ${m.quarantine.count} line${m.quarantine.count === 1 ? '' : 's'} quarantined${m.quarantine.count ? ` (see ${join(shown, m.quarantine.file)})` : ''}\n`
      : `${shown} already exists: the same inputs give the same bundle, nothing written\n`,
  );
  return 0;
}
