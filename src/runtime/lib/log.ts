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
  // key=value and key: value (also "key":"value") for credential keys.
  [/(\b(?:token|password|passwd|secret|api[_-]?key|authorization)\b["']?\s*[:=]\s*["']?)(?!\[REDACTED\]|(?:Bearer|Basic)\s)[^\s"',;&}]+/gi, `$1${REDACTED}`],
];

/** A string with every credential pattern of the redaction policy replaced. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}

/** A log field value, redacted: strings by pattern, values under credential-named keys entirely. Depth-bounded. */
export function redactValue(value: unknown, key = '', depth = 0): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return REDACTED;
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, '', depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 50)) out[k] = redactValue(v, k, depth + 1);
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
  ) {
    this.min = RANK[level] ?? RANK.INFO;
  }

  public child(name: string): Logger {
    return new Logger(name, this.level, this.sink, this.clock);
  }

  public enabled(level: LogLevel): boolean {
    return RANK[level] >= this.min;
  }

  public log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (!this.enabled(level)) return;
    const entry: Record<string, unknown> = { ts: this.clock().toISOString(), level, logger: this.name, msg: redact(msg) };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined || k in entry) continue;
      entry[k] = k === 'error' && v instanceof Error ? redact(v.message) : redactValue(v, k);
    }
    this.sink.write(`${JSON.stringify(entry)}\n`);
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
