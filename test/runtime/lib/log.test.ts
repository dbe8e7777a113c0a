import { describe, expect, it } from 'vitest';
import { Logger, logLevelFrom, redact, redactValue } from '../../../src/runtime/lib/log';

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
    expect(JSON.parse(lines[0])).toEqual({ ts: '2026-01-02T03:04:05.000Z', level: 'ERROR', logger: 'test', msg: 'failed with token=[REDACTED]', error: 'url https://[REDACTED]@h/x', count: 2 });
  });

  it('reads LOG_LEVEL as the runbook names the levels', () => {
    expect(logLevelFrom('critical')).toBe('ERROR');
    expect(logLevelFrom('warning')).toBe('WARNING');
    expect(logLevelFrom(undefined)).toBe('INFO');
    expect(logLevelFrom('nonsense')).toBe('INFO');
  });
});
