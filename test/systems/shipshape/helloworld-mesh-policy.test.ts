import { describe, expect, it } from 'vitest';
import { HelloworldMeshPolicy } from '../../../src/systems/shipshape';
import { one, synth } from './synth';

const SELECT = { app: 'helloworld', env: 'prod' };

describe('HelloworldMeshPolicy', () => {
  it('defaults: STRICT mTLS, the ingress gateway may reach all but /metrics, only prometheus-k8s may GET /metrics', () => {
    const objects = synth((c) => new HelloworldMeshPolicy(c, 'mesh', { appEnv: 'prod', selectorLabels: SELECT }));
    const pa = one(objects, 'PeerAuthentication', 'helloworld-strict-mtls-prod');
    expect(pa.spec).toEqual({ selector: { matchLabels: SELECT }, mtls: { mode: 'STRICT' } });
    const ap = one(objects, 'AuthorizationPolicy', 'helloworld-allow-ingress-only-prod');
    expect(ap.metadata.namespace).toBe('shipshape');
    expect(ap.spec.selector).toEqual({ matchLabels: SELECT });
    expect(ap.spec.action).toBe('ALLOW');
    expect(ap.spec.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }],
        to: [{ operation: { notPaths: ['/metrics', '/metrics/*'] } }],
      },
      {
        from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/prometheus-k8s'] } }],
        to: [{ operation: { methods: ['GET'], paths: ['/metrics', '/metrics/*'] } }],
      },
    ]);
    // /metrics is reachable by exactly one principal: public access through the gateway is denied.
    const metricsRules = ap.spec.rules.filter((r: any) => r.to[0].operation.paths?.includes('/metrics'));
    expect(metricsRules.flatMap((r: any) => r.from[0].source.principals)).toEqual(['cluster.local/ns/monitoring/sa/prometheus-k8s']);
  });

  it('custom: other trust domain and monitoring namespace', () => {
    const objects = synth(
      (c) =>
        new HelloworldMeshPolicy(c, 'mesh', {
          appEnv: 'test',
          selectorLabels: { app: 'helloworld', env: 'test' },
          prometheusPrincipal: 'corp.example/ns/observability/sa/prometheus',
          ingressGatewayPrincipal: 'corp.example/ns/edge/sa/gateway',
          namespace: 'apps',
        }),
    );
    const ap = one(objects, 'AuthorizationPolicy', 'helloworld-allow-ingress-only-test');
    expect(ap.metadata.namespace).toBe('apps');
    expect(ap.spec.rules[1].from[0].source.principals).toEqual(['corp.example/ns/observability/sa/prometheus']);
    expect(ap.spec.rules[0].from[0].source.principals).toEqual(['corp.example/ns/edge/sa/gateway']);
  });

  it('fails if a principal is not a SPIFFE-style identity', () => {
    expect(() => synth((c) => new HelloworldMeshPolicy(c, 'mesh', { appEnv: 'prod', selectorLabels: SELECT, prometheusPrincipal: 'prometheus-k8s' }))).toThrow(
      /principal "prometheus-k8s" must look like <trust-domain>\/ns\/<namespace>\/sa\/<service-account>/,
    );
  });

  it('fails if the gateway and Prometheus share an identity (that would make /metrics public)', () => {
    const p = 'cluster.local/ns/x/sa/y';
    expect(() =>
      synth((c) => new HelloworldMeshPolicy(c, 'mesh', { appEnv: 'prod', selectorLabels: SELECT, prometheusPrincipal: p, ingressGatewayPrincipal: p })),
    ).toThrow(/would be public/);
  });

  it('fails if it would select every pod', () => {
    expect(() => synth((c) => new HelloworldMeshPolicy(c, 'mesh', { appEnv: 'prod', selectorLabels: {} }))).toThrow(/selectorLabels is empty/);
  });
});
