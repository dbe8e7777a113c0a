import { describe, expect, it } from 'vitest';
import { AdmissionGuardCertificate } from '../../../src/systems/runtime-components';
import { all, only, synth } from '../zen-watcher/helpers';

const base = { namespace: 'plimsoll-system', serviceName: 'plimsoll-admission-guard', secretName: 'plimsoll-admission-guard-tls' };

describe('AdmissionGuardCertificate', () => {
  it('defaults: a self-signed Issuer and a Certificate for the Service DNS names into the mounted Secret', () => {
    let c!: AdmissionGuardCertificate;
    const objects = synth((chart) => (c = new AdmissionGuardCertificate(chart, 'cert', base)));
    expect(only(objects, 'Issuer', 'plimsoll-admission-guard-selfsigned')).toMatchObject({
      apiVersion: 'cert-manager.io/v1',
      metadata: { namespace: 'plimsoll-system' },
      spec: { selfSigned: {} },
    });
    const cert = only(objects, 'Certificate', 'plimsoll-admission-guard');
    expect(cert.metadata.namespace).toBe('plimsoll-system');
    expect(cert.spec).toMatchObject({
      secretName: 'plimsoll-admission-guard-tls',
      commonName: 'plimsoll-admission-guard.plimsoll-system.svc',
      dnsNames: ['plimsoll-admission-guard.plimsoll-system.svc', 'plimsoll-admission-guard.plimsoll-system.svc.cluster.local'],
      duration: '2160h',
      renewBefore: '360h',
      issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'plimsoll-admission-guard-selfsigned' },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    });
    // The name the Zen Watcher status webhook defaults its caInjectFrom to.
    expect(c.injectCaFrom).toBe('plimsoll-system/plimsoll-admission-guard');
  });

  it("custom: the environment's ClusterIssuer (no Issuer rendered), name and lifetime", () => {
    const objects = synth(
      (chart) =>
        new AdmissionGuardCertificate(chart, 'cert', {
          ...base,
          name: 'guard-cert',
          issuer: { kind: 'ClusterIssuer', name: 'internal-ca' },
          duration: '720h',
          renewBefore: '240h',
          labels: { team: 'x' },
        }),
    );
    expect(all(objects, 'Issuer')).toEqual([]);
    const cert = only(objects, 'Certificate', 'guard-cert');
    expect(cert.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'internal-ca' });
    expect(cert.spec).toMatchObject({ duration: '720h', renewBefore: '240h', secretTemplate: { labels: { team: 'x' } } });
  });

  it('fails if renewBefore is not shorter than duration', () => {
    expect(() => synth((chart) => new AdmissionGuardCertificate(chart, 'cert', { ...base, duration: '24h', renewBefore: '24h' }))).toThrow(
      'admission guard certificate: renewBefore 24h must be shorter than duration 24h',
    );
  });
});
