import { describe, expect, it } from 'vitest';
import { boundText, Logger, logLevelFrom, redact, redactValue } from '../../../src/runtime/lib/log';

describe('runtime logs: the Shipshape redaction policy', () => {
  it.each([
    ['token=abc123', 'token=[REDACTED]'],
    ['password: hunter2', 'password: [REDACTED]'],
    ['{"secret":"s3"}', '{"secret":"[REDACTED]"}'],
    ['api_key=XYZ and more', 'api_key=[REDACTED] and more'],
    ['Authorization: Bearer eyJhbGciOi.payload.sig', 'Authorization: Bearer [REDACTED]'],
    ['calling with bearer abc.def', 'calling with bearer [REDACTED]'],
    ['https://user:pa55@registry.example.com/v2', 'https://[REDACTED]@registry.example.com/v2'],
    ['GET /x?access_token=t0k&page=2', 'GET /x?access_token=[REDACTED]&page=2'],
    ['/cb?code=1&password=p&api_key=k', '/cb?code=1&password=[REDACTED]&api_key=[REDACTED]'],
  ])('redacts %s', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it('leaves ordinary text alone', () => {
    expect(redact('admission deny for Pod shop/app (tokens of appreciation)')).toBe('admission deny for Pod shop/app (tokens of appreciation)');
  });

  it('redacts values under credential-named keys whatever they look like, in nested fields', () => {
    expect(redactValue({ user: 'bob', token: 'x', nested: { client_secret: 'y', note: 'password=z' }, list: ['Bearer q'] })).toEqual({
      user: 'bob',
      token: '[REDACTED]',
      nested: { client_secret: '[REDACTED]', note: 'password=[REDACTED]' },
      list: ['Bearer [REDACTED]'],
    });
  });

  it('writes one JSON object per line with ts, level, logger, msg; errors as redacted messages; below-level lines dropped', () => {
    const lines: string[] = [];
    const log = new Logger('test', 'INFO', { write: (l) => lines.push(l) }, () => new Date('2026-01-02T03:04:05Z'));
    log.debug('hidden');
    log.error('failed with token=abc', { error: new Error('url https://u:p@h/x'), count: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toEqual({
      ts: '2026-01-02T03:04:05.000Z',
      level: 'ERROR',
      logger: 'test',
      msg: 'failed with token=[REDACTED]',
      error: 'url https://[REDACTED]@h/x',
      count: 2,
    });
  });

  it('reads LOG_LEVEL as the runbook names the levels', () => {
    expect(logLevelFrom('critical')).toBe('ERROR');
    expect(logLevelFrom('warning')).toBe('WARNING');
    expect(logLevelFrom(undefined)).toBe('INFO');
    expect(logLevelFrom('nonsense')).toBe('INFO');
  });
});

describe('runtime logs: bounded lines', () => {
  it('boundText shortens a long value in place with its length, keeps the rest, and caps the whole', () => {
    const image = 'a'.repeat(2_860_000);
    expect(boundText(`container "app" image "${image}" is unsigned: not pinned`)).toBe(
      `container "app" image "${'a'.repeat(255)}…" (2,860,002 bytes) is unsigned: not pinned`,
    );
    expect(boundText('short text')).toBe('short text');
    const many = boundText(Array.from({ length: 10_000 }, () => 'word').join(' '));
    expect(many.length).toBeLessThan(2100);
    expect(many).toMatch(/… \(49,999 bytes in all\)$/);
  });

  it('a field echoing megabytes gives a line under the cap, credentials still redacted', () => {
    const lines: string[] = [];
    const log = new Logger('test', 'INFO', { write: (l) => lines.push(l) });
    log.info('admission deny', {
      message: `image "${'b'.repeat(3_000_000)}" token=s3cr3t`,
      list: Array.from({ length: 40 }, () => 'c'.repeat(5000)),
      url: `https://user:${'p'.repeat(5000)}@host/x`,
    });
    expect(Buffer.byteLength(lines[0])).toBeLessThanOrEqual(16384);
    const entry = JSON.parse(lines[0]);
    expect(entry.msg).toBe('admission deny');
    expect(entry.truncated).toMatch(/fields shortened/);
    expect(entry.message).toContain('(3,000,002 bytes)');
    expect(lines[0]).not.toContain('s3cr3t');
    expect(lines[0]).not.toContain('ppppp');
  });
});
