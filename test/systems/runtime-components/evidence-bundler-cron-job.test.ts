import { describe, expect, it } from 'vitest';
import { EvidenceBundlerCronJob } from '../../../src/systems/runtime-components';
import { only, synth } from '../zen-watcher/helpers';
import { findings } from './helpers';

const IMAGE = `registry.acme.example/platform/plimsoll-evidence-bundler:0.1.0@sha256:${'d'.repeat(64)}`;
const LABELS = { 'app.kubernetes.io/name': 'plimsoll-evidence-bundler', 'app.kubernetes.io/part-of': 'plimsoll', 'app.kubernetes.io/managed-by': 'plimsoll' };
const base = { image: IMAGE, namespace: 'plimsoll-system', claimName: 'runtime-evidence', labels: LABELS };
const build = (props: Partial<ConstructorParameters<typeof EvidenceBundlerCronJob>[2]> = {}) =>
  synth((chart) => new EvidenceBundlerCronJob(chart, 'eb', { ...base, ...props }));

describe('EvidenceBundlerCronJob', () => {
  it('defaults: daily at 03:30 UTC, one at a time, incoming/ → offline/runtime/ on the claim, sorting on a scratch volume', () => {
    const objects = build();
    const cj = only(objects, 'CronJob', 'plimsoll-evidence-bundler');
    expect(cj.spec).toMatchObject({
      schedule: '30 3 * * *',
      timeZone: 'Etc/UTC',
      suspend: false,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    const job = cj.spec.jobTemplate.spec;
    expect(job).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 7200 });
    const pod = job.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false, serviceAccountName: 'plimsoll-evidence-bundler' });
    const [c] = pod.containers;
    expect(c.image).toBe(IMAGE);
    expect(c.args).toEqual([
      '--in',
      '/evidence/incoming',
      '--out',
      '/evidence/offline/runtime',
      '--tmp-dir',
      '/scratch',
      '--memory-mb',
      '64',
      '--skip-if-missing',
    ]);
    expect(c.env).toEqual([{ name: 'NODE_OPTIONS', value: '--max-old-space-size=307' }]);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
    expect(c.volumeMounts).toEqual([
      { name: 'evidence', mountPath: '/evidence' },
      { name: 'scratch', mountPath: '/scratch' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'evidence', persistentVolumeClaim: { claimName: 'runtime-evidence', readOnly: false } },
      { name: 'scratch', emptyDir: { sizeLimit: '4096Mi' } },
    ]);
    expect(Object.keys(job.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
    expect(job.template.metadata.labels).toMatchObject(LABELS);
  });

  it('defaults: passes the platform policy (restricted security, resources, labels, digest-pinned image)', () => {
    expect(findings(build())).toEqual([]);
  });

  it('custom: name, schedule, suspended, claim, scratch and sort memory', () => {
    const cj = only(
      build({
        name: 'eb',
        schedule: '0 * * * *',
        suspend: true,
        claimName: 'ev',
        scratchGibibytes: 20,
        sortMemoryMebibytes: 128,
        resources: { cpuRequestMillis: 100, cpuLimitMillis: 2000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 1024 },
      }),
      'CronJob',
      'eb',
    );
    expect(cj.spec).toMatchObject({ schedule: '0 * * * *', suspend: true });
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].args).toContain('128');
    expect(pod.volumes.map((v: any) => v.persistentVolumeClaim?.claimName ?? v.emptyDir.sizeLimit)).toEqual(['ev', '20480Mi']);
  });

  it('fails if the schedule does not have five fields', () => {
    expect(() => build({ schedule: '@daily' })).toThrow('evidence bundler: schedule must have five fields (minute hour day month weekday), got "@daily"');
  });

  it('fails if the sort buffer would not fit the heap', () => {
    expect(() => build({ sortMemoryMebibytes: 200 })).toThrow(
      'evidence bundler: sortMemoryMebibytes 200 must be at least 1 and at most half the heap (307 MiB of the 512 MiB limit)',
    );
  });
});
