import { describe, expect, it } from 'vitest';
import { HelloworldIngress } from '../../../src/systems/shipshape';
import { one, synth } from './synth';

const HOST = 'prod.helloworld.shipshape.example.com';

describe('HelloworldIngress', () => {
  it('defaults: Certificate, Gateway, VirtualService and DestinationRule named after the app environment', () => {
    const objects = synth((c) => new HelloworldIngress(c, 'ing', { appEnv: 'prod', host: HOST, serviceName: 'helloworld-prod', servicePort: 8000 }));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Certificate/helloworld-cert-prod',
      'DestinationRule/helloworld-destinationrule-prod',
      'Gateway/helloworld-gateway-prod',
      'VirtualService/helloworld-virtualservice-prod',
    ]);
    const cert = one(objects, 'Certificate');
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.metadata.namespace).toBe('shipshape');
    expect(cert.spec).toMatchObject({
      dnsNames: [HOST],
      secretName: 'helloworld-cert-prod-tls',
      issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt-prod' },
    });

    const gw = one(objects, 'Gateway');
    expect(gw.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(gw.spec.servers).toEqual([
      {
        port: { number: 443, name: 'https-prod', protocol: 'HTTPS' },
        hosts: [HOST],
        tls: { mode: 'SIMPLE', credentialName: 'helloworld-cert-prod-tls', minProtocolVersion: 'TLSV1_2' },
      },
    ]);

    const vs = one(objects, 'VirtualService');
    expect(vs.spec.hosts).toEqual([HOST]);
    expect(vs.spec.gateways).toEqual(['helloworld-gateway-prod']);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'helloworld-prod.shipshape.svc.cluster.local', port: { number: 8000 } } }]);

    const dr = one(objects, 'DestinationRule');
    expect(dr.spec).toEqual({ host: 'helloworld-prod.shipshape.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
  });

  it('custom: issuer, namespace, port and gateway labels', () => {
    const objects = synth(
      (c) =>
        new HelloworldIngress(c, 'ing', {
          appEnv: 'test',
          host: 'test.example.org',
          serviceName: 'helloworld-test',
          servicePort: 9000,
          issuer: { kind: 'Issuer', name: 'internal-ca' },
          namespace: 'apps',
          httpsPort: 8443,
          gatewayLabels: { app: 'edge' },
        }),
    );
    expect(one(objects, 'Certificate', 'helloworld-cert-test').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'internal-ca' });
    const gw = one(objects, 'Gateway', 'helloworld-gateway-test');
    expect(gw.spec.selector).toEqual({ app: 'edge' });
    expect(gw.spec.servers[0].port.number).toBe(8443);
    expect(one(objects, 'VirtualService').spec.http[0].route[0].destination).toEqual({
      host: 'helloworld-test.apps.svc.cluster.local',
      port: { number: 9000 },
    });
  });

  it('fails if the host is not a lower-case DNS name', () => {
    expect(() => synth((c) => new HelloworldIngress(c, 'ing', { appEnv: 'prod', host: 'Prod.Example.com', serviceName: 's', servicePort: 1 }))).toThrow(
      /host must be a lower-case DNS name/,
    );
  });
});
