import { describe, expect, it } from 'vitest';
import { IngressRateLimit, gatewayVhostName } from '../../../src/systems/shipshape';
import { one, synth } from './synth';

const TEST = 'test.helloworld.shipshape.example.com';
const PROD = 'prod.helloworld.shipshape.example.com';

const vhostPatches = (f: any) => f.spec.configPatches.filter((p: any) => p.applyTo === 'VIRTUAL_HOST');
const bucketOf = (p: any) => p.patch.value.typed_per_filter_config['envoy.filters.http.local_ratelimit'].value;

describe('IngressRateLimit', () => {
  it('defaults: 120 requests per 60 s per host, x-shipshape-ratelimited: true, vhosts <host>:443', () => {
    const f = one(
      synth((c) => new IngressRateLimit(c, 'rl', { hosts: [TEST, PROD] })),
      'EnvoyFilter',
    );
    expect(f.apiVersion).toBe('networking.istio.io/v1alpha3');
    expect(f.metadata).toMatchObject({ name: 'helloworld-ingress-ratelimit', namespace: 'istio-system' });
    expect(f.spec.workloadSelector).toEqual({ labels: { istio: 'ingressgateway' } });
    const filter = f.spec.configPatches.find((p: any) => p.applyTo === 'HTTP_FILTER');
    expect(filter.match.context).toBe('GATEWAY');
    expect(filter.patch).toMatchObject({ operation: 'INSERT_BEFORE', value: { name: 'envoy.filters.http.local_ratelimit' } });
    const patches = vhostPatches(f);
    expect(patches.map((p: any) => p.match.routeConfiguration.vhost.name)).toEqual([`${TEST}:443`, `${PROD}:443`]);
    for (const p of patches) {
      expect(p.match.context).toBe('GATEWAY');
      expect(p.match.routeConfiguration.portNumber).toBe(443);
      const bucket = bucketOf(p);
      expect(bucket.token_bucket).toEqual({ max_tokens: 120, tokens_per_fill: 120, fill_interval: '60s' });
      expect(bucket.response_headers_to_add).toEqual([
        { append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: 'x-shipshape-ratelimited', value: 'true' } },
      ]);
      expect(bucket.filter_enforced.default_value).toEqual({ numerator: 100, denominator: 'HUNDRED' });
    }
  });

  it('custom: bucket, port, header, name and gateway labels', () => {
    const f = one(
      synth(
        (c) =>
          new IngressRateLimit(c, 'rl', {
            hosts: [PROD, PROD],
            port: 8443,
            tokenBucket: { maxTokens: 300, tokensPerFill: 50, fillIntervalSeconds: 10 },
            limitedHeader: { name: 'x-limited', value: 'yes' },
            name: 'edge-ratelimit',
            namespace: 'edge',
            gatewayLabels: { app: 'edge-gateway' },
            labels: { team: 'edge' },
          }),
      ),
      'EnvoyFilter',
    );
    expect(f.metadata).toMatchObject({ name: 'edge-ratelimit', namespace: 'edge', labels: { team: 'edge' } });
    expect(f.spec.workloadSelector.labels).toEqual({ app: 'edge-gateway' });
    const patches = vhostPatches(f);
    expect(patches.map((p: any) => p.match.routeConfiguration.vhost.name)).toEqual([`${PROD}:8443`]);
    expect(bucketOf(patches[0]).token_bucket).toEqual({ max_tokens: 300, tokens_per_fill: 50, fill_interval: '10s' });
    expect(bucketOf(patches[0]).response_headers_to_add[0].header).toEqual({ key: 'x-limited', value: 'yes' });
  });

  it('derives vhost names the way Istio names gateway virtual hosts', () => {
    expect(gatewayVhostName(PROD)).toBe(`${PROD}:443`);
    expect(gatewayVhostName(PROD, 80)).toBe(`${PROD}:80`);
  });

  it('fails if no host is given', () => {
    expect(() => synth((c) => new IngressRateLimit(c, 'rl', { hosts: [] }))).toThrow(/hosts is empty/);
  });

  it('fails if a host already carries a port', () => {
    expect(() => synth((c) => new IngressRateLimit(c, 'rl', { hosts: [`${PROD}:443`] }))).toThrow(/must be a bare host name/);
  });

  it('fails if the bucket would never fill', () => {
    expect(() => synth((c) => new IngressRateLimit(c, 'rl', { hosts: [PROD], tokenBucket: { tokensPerFill: 0 } }))).toThrow(
      /tokenBucket.tokensPerFill must be a positive integer, got 0/,
    );
  });
});
