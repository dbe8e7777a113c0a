import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Duration } from 'cdk8s';
import { FAILOVER_CONFIG_KEY, FailoverControllerConfig, GdprCronJob, GDPR_SCHEDULES } from '../../../src/systems/sre';
import { loadImagesLock } from '../../../src/config/images-lock';
import { isDigestPinned } from '../../../src/lib/image-ref';
import { ROOT } from '../../helpers/cli';
import { objectsIn, only, PEERS, sreObjects, synth } from './helpers';

const WITNESS = {
  provider: 'cloudflare-kv',
  endpoint: 'https://api.cloudflare.com/client/v4/accounts/a/storage/kv/namespaces/w',
  leaseKey: 'acme/failover-lease',
  credentialsSecret: { name: 'failover-witness', key: 'token' },
};
const SELF = { environment: 'prod-fsn', clusterId: 'hz-fsn-rtz-prod', ingressAddresses: ['203.0.113.10'] };
const PEER = { environment: 'prod-hel', clusterId: 'hz-hel-rtz-prod', ingressAddresses: ['198.51.100.10'] };

function failover(props: Partial<ConstructorParameters<typeof FailoverControllerConfig>[2]> = {}) {
  const cm = only(
    synth((chart) => new FailoverControllerConfig(chart, 'f', { namespace: 'catalyst-system', self: SELF, peers: [PEER], witness: WITNESS, ...props })).objects,
    'ConfigMap',
  );
  return { cm, config: parse(cm.data[FAILOVER_CONFIG_KEY]) };
}

describe('FailoverControllerConfig', () => {
  it('defaults: lease renewed every 10 s with a 30 s TTL, 2-of-3 DNS quorum, automatic, peers by name', () => {
    const { cm, config } = failover();
    expect(cm.metadata).toMatchObject({ name: 'failover-controller', namespace: 'catalyst-system' });
    expect(config.witness.lease).toEqual({ renewIntervalSeconds: 10, ttlSeconds: 30 });
    expect(config.fallback.dnsQuorum).toEqual({ resolvers: ['8.8.8.8', '1.1.1.1', '9.9.9.9'], required: 2 });
    expect(config.mode).toBe('automatic');
    expect(config.cluster).toBe('hz-fsn-rtz-prod');
    expect(config.peers).toEqual([{ environment: 'prod-hel', cluster: 'hz-hel-rtz-prod', ingressAddresses: ['198.51.100.10'] }]);
    expect(config.layers.map((l: any) => l.name)).toEqual(['external-traffic', 'internal-traffic', 'stateful-services']);
    // The witness token is a Secret reference, never a value.
    expect(config.witness.credentials).toEqual({ secretName: 'failover-witness', secretKey: 'token' });
    expect(JSON.stringify(config)).not.toMatch(/primary|"dr"|secondary/i);
  });

  it('custom: manual mode (regulated tier), longer lease, five resolvers', () => {
    const { config } = failover({
      mode: 'manual',
      lease: { renewSeconds: 5, ttlSeconds: 11 },
      dnsQuorum: { resolvers: ['a', 'b', 'c', 'd', 'e'], required: 3 },
      gslbHosts: ['b.example.com', 'a.example.com'],
    });
    expect(config.mode).toBe('manual');
    expect(config.witness.lease).toEqual({ renewIntervalSeconds: 5, ttlSeconds: 11 });
    expect(config.fallback.dnsQuorum.required).toBe(3);
    expect(config.layers[0].hosts).toEqual(['a.example.com', 'b.example.com']);
  });

  it('fails if the lease TTL is not more than twice the renewal, the quorum is no majority, or there is no peer', () => {
    expect(() => failover({ lease: { renewSeconds: 10, ttlSeconds: 20 } })).toThrow('lease ttlSeconds must exceed 2 x renewSeconds (20), got 20');
    expect(() => failover({ dnsQuorum: { resolvers: ['a', 'b', 'c', 'd'], required: 2 } })).toThrow(
      'dnsQuorum.required must be a majority of 4 resolvers, got 2',
    );
    expect(() => failover({ peers: [] })).toThrow('no peers');
  });

  it.each(PEERS)('%s: ships the handbook lease timings and names the other peer', (env) => {
    const cm = sreObjects(env).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'failover-controller')!;
    const config = parse(cm.data[FAILOVER_CONFIG_KEY]);
    expect(config.witness.lease).toEqual({ renewIntervalSeconds: 10, ttlSeconds: 30 });
    expect(config.witness.provider).toBe('cloudflare-kv');
    expect(config.peers.map((p: any) => p.environment)).toEqual(PEERS.filter((p) => p !== env));
  });

  it('the lab has no peers and no failover configuration', () => {
    expect(sreObjects('lab').filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  });
});

const IMAGE = `registry.acme.example/catalyst/gdpr-controller@sha256:${'d'.repeat(64)}`;

function gdpr(props: Partial<ConstructorParameters<typeof GdprCronJob>[2]> = {}) {
  return synth(
    (chart) =>
      new GdprCronJob(chart, 'g', {
        namespace: 'catalyst-system',
        task: 'data-subject-requests',
        image: IMAGE,
        schedule: GDPR_SCHEDULES['data-subject-requests'],
        complianceApiUrl: 'http://gdpr.example:8080',
        ...props,
      }),
  ).objects;
}

describe('GdprCronJob', () => {
  it("defaults: the handbook's schedules, a digest-pinned image, restricted, no API token, never overlapping", () => {
    expect(GDPR_SCHEDULES).toEqual({ 'data-subject-requests': '0 2 * * *', 'data-retention': '0 3 * * 0' });
    const objects = gdpr();
    const cj = only(objects, 'CronJob', 'gdpr-data-subject-requests');
    expect(cj.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('gdpr-data-subject-requests');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    const [c] = pod.containers;
    expect(c.image).toBe(IMAGE);
    expect(c.args).toEqual(['run', 'data-subject-requests']);
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources).toMatchObject({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(JSON.stringify(cj)).not.toContain('cdk8s.io/metadata.addr');
  });

  it('custom: the weekly retention job in another time zone with a longer deadline', () => {
    const cj = only(
      gdpr({ task: 'data-retention', schedule: GDPR_SCHEDULES['data-retention'], timeZone: 'Europe/Berlin', activeDeadline: Duration.hours(6) }),
      'CronJob',
      'gdpr-data-retention',
    );
    expect(cj.spec).toMatchObject({ schedule: '0 3 * * 0', timeZone: 'Europe/Berlin' });
    expect(cj.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(21600);
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].env).toContainEqual({ name: 'GDPR_TASK', value: 'data-retention' });
  });

  it('fails if the image is not digest-pinned or the schedule is not five fields', () => {
    expect(() => gdpr({ image: 'registry.acme.example/catalyst/gdpr-controller:latest' })).toThrow(
      'gdpr-data-subject-requests: image must be pinned by digest',
    );
    expect(() => gdpr({ schedule: '@daily' })).toThrow('schedule must have five fields');
  });

  it.each(PEERS)('%s: both jobs run the gdpr-controller digest from images.lock.json', (env) => {
    const jobs = sreObjects(env).filter((o) => o.kind === 'CronJob');
    expect(jobs.map((j) => [j.metadata.name, j.spec.schedule])).toEqual([
      ['gdpr-data-retention', '0 3 * * 0'],
      ['gdpr-data-subject-requests', '0 2 * * *'],
    ]);
    const lock = loadImagesLock().entries['gdpr-controller'].image;
    for (const j of jobs) {
      const image = j.spec.jobTemplate.spec.template.spec.containers[0].image;
      expect(image).toBe(lock);
      expect(isDigestPinned(image)).toBe(true);
    }
    const stageOf = objectsIn(join(ROOT, 'dist', env))
      .filter((o) => o.object.kind === 'CronJob' && o.object.metadata.name.startsWith('gdpr-'))
      .map((o) => o.file.split('/').slice(-2, -1)[0]);
    expect(new Set(stageOf)).toEqual(new Set(['07-controller']));
  });

  it('the lab does not enable them', () => {
    expect(sreObjects('lab').filter((o) => o.kind === 'CronJob')).toEqual([]);
  });
});
