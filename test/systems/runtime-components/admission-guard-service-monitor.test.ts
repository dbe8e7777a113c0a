import { describe, expect, it } from 'vitest';
import { AdmissionGuardServiceMonitor } from '../../../src/systems/runtime-components';
import { only, synth } from '../zen-watcher/helpers';

const base = { namespace: 'plimsoll-system', serviceLabels: { 'app.kubernetes.io/name': 'plimsoll-admission-guard' }, portName: 'metrics', envLabel: 'prod' };

describe('AdmissionGuardServiceMonitor', () => {
  it('defaults: scrapes /metrics over plain HTTP on the metrics port every 30 s, adding env', () => {
    const sm = only(
      synth((chart) => new AdmissionGuardServiceMonitor(chart, 'sm', base)),
      'ServiceMonitor',
    );
    expect(sm.metadata).toMatchObject({ name: 'plimsoll-admission-guard', namespace: 'plimsoll-system' });
    expect(sm.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'plimsoll-admission-guard' } },
      namespaceSelector: { matchNames: ['plimsoll-system'] },
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          scheme: 'http',
          interval: '30s',
          scrapeTimeout: '10s',
          relabelings: [{ action: 'replace', targetLabel: 'env', replacement: 'prod' }],
        },
      ],
    });
  });

  it('custom: name and interval', () => {
    const sm = only(
      synth((chart) => new AdmissionGuardServiceMonitor(chart, 'sm', { ...base, name: 'guard', interval: '15s' })),
      'ServiceMonitor',
    );
    expect(sm.metadata.name).toBe('guard');
    expect(sm.spec.endpoints[0].interval).toBe('15s');
  });

  it('fails if the Service selector is empty (it would scrape every Service)', () => {
    expect(() => synth((chart) => new AdmissionGuardServiceMonitor(chart, 'sm', { ...base, serviceLabels: {} }))).toThrow(/serviceLabels is empty/);
  });
});
