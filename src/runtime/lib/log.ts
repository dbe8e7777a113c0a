/**
 * Structured JSON logs for the runtime components: one JSON object per line on stdout with `ts`, `level`,
 * `logger`, `msg` and fields (the Shipshape runbook's logging contract), every string redacted before it is
 * serialized (its redaction policy: key/value credentials, bearer tokens, URL credentials).
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

const REDACTED = '[REDACTED]';
/** Field names whose values are credentials whatever they look like. */
const SECRET_KEY = /^(?:.*[_-])?(?:token|password|passwd|secret|api[_-]?key|apikey|authorization|credentials?|cookie)$/i;
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  // Bearer (and other auth scheme) values: `Bearer eyJ…`.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // URL credentials: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
  // URL query credentials: ?access_token=…, &token=…, api_key, password.
  [/([?&](?:access_token|refresh_token|id_token|token|api_key|apikey|password|secret)=)[^&#\s"']+/gi, `$1${REDACTED}`],
  // URL credentials whose end a bounded text cut off (`https://user:pass…`).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]*…/gi, `$1${REDACTED}…`],
  // key=value and key: value (also "key":"value") for credential keys.
  [/(\b(?:token|password|passwd|secret|api[_-]?key|authorization)\b["']?\s*[:=]\s*["']?)(?!\[REDACTED\]|(?:Bearer|Basic)\s)[^\s"',;&}]+/gi, `$1${REDACTED}`],
];

/** Longest run of non-space characters kept whole in a bounded text, and the longest bounded text. */
export const MAX_VALUE_CHARS = 256;
export const MAX_TEXT_CHARS = 2048;
/** Longest log line written, in bytes: a line over it is written again with tighter bounds, then with its fields dropped. */
export const MAX_LINE_BYTES = 16384;

const bytes = (text: string): string => Buffer.byteLength(text).toLocaleString('en-US');

function cut(text: string, max: number): string {
  const end = max > 0 && /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}

/** A long value shortened in place: `"aaaa…" (2,860,000 bytes)`, its closing quote or punctuation kept. */
function shorten(token: string, max: number): string {
  const tail = /["')\]},;:.]{0,3}$/.exec(token)![0];
  return `${cut(token, max)}…${tail} (${bytes(token)} bytes)`;
}

/**
 * `text` with every run of non-space characters longer than `maxValue` shortened (an echoed input value keeps its
 * start and notes its length) and the whole cut at `maxTotal` characters. Linear, and stops reading once the
 * output is full: safe on a message that echoes a multi-megabyte value.
 */
export function boundText(text: string, maxValue = MAX_VALUE_CHARS, maxTotal = MAX_TEXT_CHARS): string {
  if (text.length <= maxValue) return text;
  const token = /\S+/g;
  let out = '';
  let last = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    out += text.slice(last, Math.min(m.index, last + maxValue)) + (m[0].length > maxValue ? shorten(m[0], maxValue) : m[0]);
    last = token.lastIndex;
    if (out.length > maxTotal) return `${cut(out, maxTotal)}… (${bytes(text)} bytes in all)`;
  }
  return out + text.slice(last, last + maxValue);
}

/** A string with every credential pattern of the redaction policy replaced. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}

interface Bounds {
  readonly maxValue: number;
  readonly maxText: number;
  readonly maxItems: number;
}
const FIELD_BOUNDS: Bounds = { maxValue: 1024, maxText: 4096, maxItems: 50 };
const TIGHT_BOUNDS: Bounds = { maxValue: 128, maxText: 512, maxItems: 10 };

/** A string bounded (first, so the patterns never scan megabytes), then redacted. */
function boundedRedacted(text: string, b: Bounds): string {
  return redact(boundText(text, b.maxValue, b.maxText));
}

/**
 * A log field value, bounded and redacted: strings by pattern, values under credential-named keys entirely.
 * Depth-, length- and item-bounded.
 */
export function redactValue(value: unknown, key = '', depth = 0, bounds: Bounds = FIELD_BOUNDS): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return REDACTED;
  if (typeof value === 'string') return boundedRedacted(value, bounds);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, bounds.maxItems).map((v) => redactValue(v, '', depth + 1, bounds));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, bounds.maxItems))
    out[boundText(k, 64, 64)] = redactValue(v, k, depth + 1, bounds);
  return out;
}

export interface LogSink {
  write(line: string): unknown;
}

export class Logger {
  private readonly min: number;

  constructor(
    public readonly name: string,
    public readonly level: LogLevel = 'INFO',
    private readonly sink: LogSink = process.stdout,
    private readonly clock: () => Date = () => new Date(),
    private readonly maxLineBytes: number = MAX_LINE_BYTES,
  ) {
    this.min = RANK[level] ?? RANK.INFO;
  }

  public child(name: string): Logger {
    return new Logger(name, this.level, this.sink, this.clock, this.maxLineBytes);
  }

  public enabled(level: LogLevel): boolean {
    return RANK[level] >= this.min;
  }

  public log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (!this.enabled(level)) return;
    const ts = this.clock().toISOString();
    let line = this.line(ts, level, msg, fields, FIELD_BOUNDS);
    if (Buffer.byteLength(line) > this.maxLineBytes)
      line = this.line(
        ts,
        level,
        msg,
        { ...fields, truncated: `fields shortened: the line was ${Buffer.byteLength(line)} bytes, over ${this.maxLineBytes}` },
        TIGHT_BOUNDS,
      );
    if (Buffer.byteLength(line) > this.maxLineBytes) {
      line = JSON.stringify({
        ts,
        level,
        logger: this.name,
        msg: boundedRedacted(msg, TIGHT_BOUNDS),
        truncated: `fields dropped: the line was ${Buffer.byteLength(line)} bytes with tight bounds, over ${this.maxLineBytes}`,
      });
    }
    this.sink.write(`${line}\n`);
  }

  private line(ts: string, level: LogLevel, msg: string, fields: Record<string, unknown>, bounds: Bounds): string {
    const entry: Record<string, unknown> = { ts, level, logger: this.name, msg: boundedRedacted(msg, bounds) };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined || k in entry) continue;
      entry[k] = k === 'error' && v instanceof Error ? boundedRedacted(v.message, bounds) : redactValue(v, k, 0, bounds);
    }
    return JSON.stringify(entry);
  }

  public debug(msg: string, fields?: Record<string, unknown>): void {
    this.log('DEBUG', msg, fields);
  }
  public info(msg: string, fields?: Record<string, unknown>): void {
    this.log('INFO', msg, fields);
  }
  public warn(msg: string, fields?: Record<string, unknown>): void {
    this.log('WARNING', msg, fields);
  }
  public error(msg: string, fields?: Record<string, unknown>): void {
    this.log('ERROR', msg, fields);
  }
}

/** LOG_LEVEL as the runbook names it (DEBUG, INFO, WARNING, ERROR; CRITICAL counts as ERROR). */
export function logLevelFrom(value: string | undefined): LogLevel {
  const v = (value ?? 'INFO').toUpperCase();
  if (v === 'CRITICAL') return 'ERROR';
  if (v === 'WARN') return 'WARNING';
  return v in RANK ? (v as LogLevel) : 'INFO';
}
