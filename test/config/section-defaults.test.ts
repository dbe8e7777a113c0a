import { describe, expect, it } from 'vitest';
import { sectionWithDefaults } from '../../src/config/section-defaults';
import { loadEnvironment } from '../../src/environments/load-environment';
import { InputError } from '../../src/lib/errors';

describe('sectionWithDefaults', () => {
  const { env } = loadEnvironment('lab');

  it('fills an absent section with the schema defaults, the same the loader fills in', () => {
    // lab sets featureFlags to {}: what it has after loading is the defaults alone.
    const { featureFlags, ...bare } = structuredClone(env);
    expect(featureFlags).toEqual({ 'scanner.runtime.capture.enabled': false, 'zastava.attach.enabled': false });
    expect(sectionWithDefaults(bare as typeof env, 'featureFlags')).toEqual(featureFlags);
    expect(sectionWithDefaults(env, 'sre')).toEqual(env.sre);
  });

  it('keeps what the environment sets and leaves the environment alone', () => {
    const edited = { ...structuredClone(env), zenWatcher: { cleanup: { ttlDays: 3 } } };
    const settings = sectionWithDefaults(edited, 'zenWatcher');
    expect(settings.cleanup).toEqual({ enabled: true, schedule: '0 2 * * *', timeZone: 'Etc/UTC', ttlDays: 3 });
    expect(edited.zenWatcher).toEqual({ cleanup: { ttlDays: 3 } });
  });

  it('fails on a value the schema rejects, naming the environment, the JSON path and what was expected', () => {
    const bad = { ...structuredClone(env), shipshape: { rateLimit: { maxTokens: 'many' } } } as unknown as typeof env;
    expect(() => sectionWithDefaults(bad, 'shipshape')).toThrow(InputError);
    expect(() => sectionWithDefaults(bad, 'shipshape')).toThrow(
      /invalid shipshape settings in environment lab:\n {2}\/shipshape\/rateLimit\/maxTokens: got "many", expected integer/,
    );
  });
});
