import { describe, expect, it } from 'vitest';
import { ZastavaRuntimeConfig, zastavaRuntimeValues, type RuntimeSettings } from '../../../src/systems/runtime-plane';
import { only, settingsOf, synth } from './helpers';

function config(s: RuntimeSettings, props: { name?: string; namespace?: string } = {}) {
  let checksum = '';
  const objects = synth((chart) => {
    checksum = new ZastavaRuntimeConfig(chart, 'config', { settings: s, labels: { a: 'b' }, ...props }).checksum;
  });
  const cm = only(objects, 'ConfigMap');
  return { cm, checksum, values: JSON.parse(cm.data['zastava-runtime.json']) };
}

describe('ZastavaRuntimeConfig', () => {
  it('defaults: ConfigMap zastava-runtime in stellaops with the runbook values', () => {
    const s = settingsOf('prod-fsn');
    const { cm, values } = config(s);
    expect(cm.metadata).toMatchObject({ name: 'zastava-runtime', namespace: 'stellaops' });
    expect(values).toEqual(zastavaRuntimeValues(s));
    const runtime = values.zastava.runtime;
    expect(runtime).toMatchObject({
      tenant: 'acme',
      environment: 'prod-fsn',
      deployment: 'hz-fsn-rtz-prod',
      metrics: { commonTags: { cluster: 'hz-fsn-rtz-prod' } },
    });
    expect(runtime.authority).toMatchObject({
      issuer: 'https://authority.acme.example',
      clientId: 'zastava-runtime',
      audience: 'scanner',
      scopes: ['aud:scanner', 'api:scanner.runtime.write'],
      requireDpop: true,
      requireMutualTls: true,
      allowStaticTokenFallback: false,
    });
    expect(runtime.authority.dpopKey.secretName).toBe('zastava-authority-dpop');
    expect(runtime.authority.clientCertificate.secretName).toBe('zastava-authority-mtls');
    expect(values.zastava.webhook.tls.secretName).toBe('zastava-webhook-tls');
    expect(values.zastava.webhook.replicas).toBe(3);
    expect(values.zastava.attach).toEqual({ enabled: false });
    expect(values.zastava.observer.scratchDirectory).toBe('/var/run/zastava');
  });

  it('custom: name and namespace; the checksum follows the content', () => {
    const lab = config(settingsOf('lab'), { name: 'cfg', namespace: 'ns' });
    expect(lab.cm.metadata).toMatchObject({ name: 'cfg', namespace: 'ns' });
    const prod = config(settingsOf('prod-fsn'));
    expect(lab.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(prod.checksum).not.toBe(lab.checksum);
    expect(config(settingsOf('prod-fsn')).checksum).toBe(prod.checksum);
  });
});
