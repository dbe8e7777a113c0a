import { describe, expect, it } from 'vitest';
import { MetricsServiceMonitor } from '../../../src/systems/shipshape';
import { one, synth } from './synth';

describe('MetricsServiceMonitor', () => {
  it('defaults: plain HTTP /metrics every 30 s from Services in shipshape', () => {
    const sm = one(
      synth(
        (c) => new MetricsServiceMonitor(c, 'sm', { name: 'helloworld-controller', serviceLabels: { app: 'helloworld-controller' }, port: 'http-metrics' }),
      ),
      'ServiceMonitor',
    );
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata).toMatchObject({ name: 'helloworld-controller', namespace: 'shipshape' });
    expect(sm.spec).toEqual({
      selector: { matchLabels: { app: 'helloworld-controller' } },
      namespaceSelector: { matchNames: ['shipshape'] },
      endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
  });

  it('custom: targetLabels [env] and Istio mTLS with the Prometheus mesh certificate', () => {
    const sm = one(
      synth(
        (c) =>
          new MetricsServiceMonitor(c, 'sm', {
            name: 'helloworld',
            serviceLabels: { app: 'helloworld' },
            port: 'http',
            targetLabels: ['env'],
            meshTls: true,
            interval: '15s',
            namespace: 'apps',
          }),
      ),
      'ServiceMonitor',
    );
    expect(sm.metadata.namespace).toBe('apps');
    expect(sm.spec.targetLabels).toEqual(['env']);
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['apps'] });
    expect(sm.spec.endpoints[0]).toMatchObject({
      port: 'http',
      interval: '15s',
      scheme: 'https',
      tlsConfig: { caFile: '/etc/prom-certs/root-cert.pem', insecureSkipVerify: true },
    });
  });

  it('fails if it would scrape every Service in the namespace', () => {
    expect(() => synth((c) => new MetricsServiceMonitor(c, 'sm', { name: 'x', serviceLabels: {}, port: 'http' }))).toThrow(/serviceLabels is empty/);
  });
});
