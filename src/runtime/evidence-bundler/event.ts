/**
 * One line of a runtime stream: decoded (strict UTF-8), parsed, checked against schemas/runtime-event.schema.json
 * with ajv, and given its sort key. The key orders by (workloadId, timestamp, edgeType) and then by input position
 * (stream, line), so a plain string comparison is a stable sort: events with equal keys keep their input order.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../../schemas/runtime-event.schema.json';
import { schemaProblems } from '../../config/schemas';

export const STREAMS = ['scanner.entrytrace.ndjson', 'zastava.runtime.ndjson'] as const;
export type StreamName = (typeof STREAMS)[number];

export interface RuntimeEvent {
  readonly workloadId: string;
  readonly namespace: string;
  readonly node: string;
  readonly edgeType: 'syscall' | 'net' | 'fs';
  readonly timestamp: string;
  readonly imageDigest: string;
  readonly code_id?: string;
}

export type ParsedLine = { readonly ok: true; readonly event: RuntimeEvent; readonly text: string } | { readonly ok: false; readonly reasons: string[] };

let validate: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Its own instance: no defaults written into events, every problem reported.
  validate ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return validate;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** `2025-12-08T10:15:30.5Z` → `2025-12-08T10:15:30.500000000`: fixed width, so strings order like instants. */
export function timestampKey(timestamp: string): string | undefined {
  const m = TIMESTAMP.exec(timestamp);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  // Date.UTC rolls 2025-02-30 over to March: a real date survives the round trip.
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    date.getUTCHours() !== Number(h) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(s)
  ) {
    return undefined;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(9, '0')}`;
}

export function parseLine(bytes: Buffer): ParsedLine {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reasons: ['not UTF-8 text'] };
  }
  if (!text.trim()) return { ok: false, reasons: ['empty line'] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, reasons: [`not JSON: ${(err as Error).message}`] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, reasons: [`not a JSON object (got ${Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`})`] };
  const v = validator();
  if (!v(data)) return { ok: false, reasons: schemaProblems(v.errors, data).map((p) => `${p.path || '/'}: ${p.message}`) };
  const event = data as RuntimeEvent;
  if (!timestampKey(event.timestamp)) return { ok: false, reasons: [`/timestamp: got ${JSON.stringify(event.timestamp)}, expected a real UTC date and time`] };
  return { ok: true, event, text };
}

/** The total order of the bundle; field values carry no control characters (schema), so a tab separates them. */
export function sortKey(event: RuntimeEvent, stream: number, line: number): string {
  return `${event.workloadId}\t${timestampKey(event.timestamp)}\t${event.edgeType}\t${stream}\t${String(line).padStart(12, '0')}`;
}
