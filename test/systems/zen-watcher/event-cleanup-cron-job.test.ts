import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventCleanupCronJob } from '../../../src/systems/zen-watcher';
import { CONSTRUCT_ADDRESS_LABEL } from '../../../src/constructs/common/workload';
import { isDigestPinned } from '../../../src/lib/image-ref';
import { loadImagesLock } from '../../../src/config/images-lock';
import { requireTool, KUBECTL } from '../../helpers/tools';
import { tempDir } from '../../helpers/cli';
import { KUBECTL_IMAGE, only, synth } from './helpers';

function cleanup(props: Partial<ConstructorParameters<typeof EventCleanupCronJob>[2]> = {}) {
  return synth((chart) => new EventCleanupCronJob(chart, 'cleanup', { namespace: 'zen-system', image: KUBECTL_IMAGE, ...props }));
}

const DAY = 86_400_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Arguments of every `kubectl delete`. */
  readonly deletes: string[][];
  /** Arguments of every `kubectl get`. */
  readonly gets: string[][];
}

/**
 * Runs the rendered container command with `kubectl` replaced by a stand-in: `get` answers from `observations`
 * through the real kubectl's jsonpath printer (`kubectl label --local`, per object: the body of the script's
 * `{range .items[*]}` template), `delete` is recorded.
 */
function runScript(cronJob: any, observations: object[]): Run {
  const dir = tempDir('plimsoll-zen-cleanup-');
  const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
  writeFileSync(join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: observations }));
  const kubectl = join(dir, 'bin', 'kubectl');
  mkdirSync(join(dir, 'bin'));
  const real = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    kubectl,
    `#!/bin/sh
log="${dir}/calls"
printf '%s' "$1" >> "$log"; shift_first="$1"; shift
for a in "$@"; do printf '\\t%s' "$a" >> "$log"; done; printf '\\n' >> "$log"
case "$shift_first" in
  get)
    tmpl=""; prev=""
    for a in "$@"; do [ "$prev" = "-o" ] && tmpl="$a"; prev="$a"; done
    body=\${tmpl#jsonpath=}; body=\${body#'{range .items[*]}'}; body=\${body%'{end}'}
    exec "${real}" label --local -f "${dir}/list.json" plimsoll.dev/test=1 -o "jsonpath=$body" ;;
  delete) exit 0 ;;
  *) echo "unexpected kubectl $shift_first" >&2; exit 9 ;;
esac
`,
  );
  chmodSync(kubectl, 0o755);
  const [shell, flag, script] = container.command;
  const r = spawnSync(shell, [flag, script], {
    encoding: 'utf8',
    env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, TMPDIR: dir, KUBECONFIG: '/dev/null', ...env, HOME: dir },
  });
  const calls = existsSync(join(dir, 'calls'))
    ? readFileSync(join(dir, 'calls'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t'))
    : [];
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    deletes: calls.filter((c) => c[0] === 'delete').map((c) => c.slice(1)),
    gets: calls.filter((c) => c[0] === 'get').map((c) => c.slice(1)),
  };
}

function observation(name: string, phase: string | undefined, detectedAt: string | undefined, created = iso(0)): object {
  return {
    apiVersion: 'zen.kube-zen.io/v1',
    kind: 'Observation',
    metadata: { name, namespace: 'zen-system', creationTimestamp: created },
    spec: { source: 'trivy', category: 'security', severity: 'high', eventType: 'vulnerability', ...(detectedAt ? { detectedAt } : {}) },
    ...(phase ? { status: { phase } } : {}),
  };
}

describe('EventCleanupCronJob', () => {
  it('defaults: zen-event-cleanup at 02:00 daily (UTC), OnFailure, no overlapping runs', () => {
    const cj = only(cleanup(), 'CronJob', 'zen-event-cleanup');
    expect(cj.metadata.namespace).toBe('zen-system');
    expect(cj.spec.schedule).toBe('0 2 * * *');
    expect(cj.spec.timeZone).toBe('Etc/UTC');
    expect(cj.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cj.spec.jobTemplate.spec.template;
    expect(pod.spec.restartPolicy).toBe('OnFailure');
    expect(JSON.stringify(cj)).not.toContain(CONSTRUCT_ADDRESS_LABEL);
    const [c] = pod.spec.containers;
    expect(c.env).toEqual(
      expect.arrayContaining([
        { name: 'TTL_DAYS', value: '7' },
        { name: 'TARGET_NAMESPACE', value: 'zen-system' },
      ]),
    );
    expect(c.resources.requests).toBeDefined();
    expect(c.resources.limits).toBeDefined();
  });

  it('defaults: a digest-pinned image, never bitnami/kubectl:latest; the lock pins the kubectl it uses', () => {
    const [c] = only(cleanup(), 'CronJob').spec.jobTemplate.spec.template.spec.containers;
    expect(c.image).toBe(KUBECTL_IMAGE);
    const locked = loadImagesLock().image('kubectl');
    expect(isDigestPinned(locked)).toBe(true);
    expect(locked).not.toMatch(/bitnami|:latest/);
  });

  it("defaults: restricted security and its own least-privilege account (not the controller's)", () => {
    const objects = cleanup();
    const spec = only(objects, 'CronJob').spec.jobTemplate.spec.template.spec;
    expect(spec.serviceAccountName).toBe('zen-event-cleanup');
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(spec.containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(only(objects, 'Role', 'zen-event-cleanup').rules).toEqual([
      { apiGroups: ['zen.kube-zen.io'], resources: ['observations'], verbs: ['get', 'list', 'delete'] },
    ]);
    expect(only(objects, 'RoleBinding', 'zen-event-cleanup').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'zen-event-cleanup', namespace: 'zen-system' },
    ]);
    only(objects, 'ServiceAccount', 'zen-event-cleanup');
  });

  it('custom: schedule, time zone, TTL, target namespace and pod labels', () => {
    const objects = cleanup({
      name: 'zen-gc',
      schedule: '30 3 * * 0',
      timeZone: 'Europe/Berlin',
      ttlDays: 30,
      targetNamespace: 'zen-events',
      podLabels: { tier: 'maintenance' },
    });
    const cj = only(objects, 'CronJob', 'zen-gc');
    expect(cj.spec.schedule).toBe('30 3 * * 0');
    expect(cj.spec.timeZone).toBe('Europe/Berlin');
    expect(cj.spec.jobTemplate.spec.template.metadata.labels).toEqual({ tier: 'maintenance' });
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'TTL_DAYS', value: '30' },
        { name: 'TARGET_NAMESPACE', value: 'zen-events' },
      ]),
    );
    expect(only(objects, 'Role', 'zen-gc').metadata.namespace).toBe('zen-events');
  });

  it('fails if the TTL is zero days', () => {
    expect(() => cleanup({ ttlDays: 0 })).toThrow('ttlDays must be a whole number of days >= 1, got 0');
  });

  it('fails if the schedule does not have five fields', () => {
    expect(() => cleanup({ schedule: '@daily' })).toThrow('schedule must have five fields');
  });

  describe("the rendered script (real sh, GNU date and kubectl's jsonpath printer)", () => {
    const mode = requireTool(KUBECTL);

    it.skipIf(mode === 'skip')('deletes exactly the Resolved observations older than the 7-day TTL', () => {
      const r = runScript(only(cleanup(), 'CronJob'), [
        observation('resolved-10d', 'Resolved', iso(10 * DAY)),
        observation('resolved-8d-offset', 'Resolved', new Date(Date.now() - 8 * DAY).toISOString().replace('Z', '+00:00')),
        observation('resolved-no-detectedat-8d', 'Resolved', undefined, iso(8 * DAY)),
        observation('resolved-6d23h', 'Resolved', iso(7 * DAY - 3_600_000)),
        observation('resolved-1d', 'Resolved', iso(DAY)),
        observation('active-30d', 'Active', iso(30 * DAY)),
        observation('no-status-30d', undefined, iso(30 * DAY)),
      ]);
      expect(r.stderr).toBe('');
      expect(r.status, r.stdout).toBe(0);
      expect(r.gets).toHaveLength(1);
      expect(r.gets[0].slice(0, 3)).toEqual(['observations.zen.kube-zen.io', '-n', 'zen-system']);
      expect(r.deletes.map((d) => d[1]).sort()).toEqual(['resolved-10d', 'resolved-8d-offset', 'resolved-no-detectedat-8d']);
      for (const d of r.deletes) expect(d).toEqual(['observations.zen.kube-zen.io', d[1], '-n', 'zen-system', '--wait=false', '--ignore-not-found']);
      expect(r.stdout).toContain('deleted 3, kept 4, unreadable 0');
    });

    it.skipIf(mode === 'skip')('honours a custom TTL', () => {
      const r = runScript(only(cleanup({ ttlDays: 1 }), 'CronJob'), [
        observation('resolved-2d', 'Resolved', iso(2 * DAY)),
        observation('resolved-1h', 'Resolved', iso(3_600_000)),
      ]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.deletes.map((d) => d[1])).toEqual(['resolved-2d']);
    });

    it.skipIf(mode === 'skip')('fails the run (and deletes nothing it cannot date) if a timestamp is unreadable', () => {
      const r = runScript(only(cleanup(), 'CronJob'), [
        observation('garbled', 'Resolved', 'last tuesday-ish'),
        observation('resolved-9d', 'Resolved', iso(9 * DAY)),
      ]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("garbled: unreadable timestamp 'last tuesday-ish', kept");
      expect(r.deletes.map((d) => d[1])).toEqual(['resolved-9d']);
    });

    it.skipIf(mode === 'skip')('deletes nothing when there are no observations', () => {
      const r = runScript(only(cleanup(), 'CronJob'), []);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.deletes).toEqual([]);
      expect(r.stdout).toContain('deleted 0, kept 0, unreadable 0');
    });
  });
});
