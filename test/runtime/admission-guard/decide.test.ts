import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Guard, TRUSTED_IMAGE_RULE, type AdmissionRequest } from '../../../src/runtime/admission-guard/decide';
import { parseGuardConfig } from '../../../src/runtime/admission-guard/config';
import { admissionResponse } from '../../../src/runtime/admission-guard/review';
import { plimsoll } from '../../helpers/cli';
import { RULES_BY_ID } from '../../../src/rules';
import { admissionCreate, compliantPod, guardConfig, TRUSTED_IMAGE, UNTRUSTED_PINNED, unsignedPod, tempDir } from '../helpers';

const guard = new Guard(guardConfig());

const create = admissionCreate;

function update(object: Record<string, any>, oldObject: Record<string, any>, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return create(object, { operation: 'UPDATE', oldObject, ...extra });
}

const ruleIds = (d: { denying: readonly { rule: string }[] }) => [...new Set(d.denying.map((f) => f.rule))].sort();

describe('admission guard decisions: object rules of the validator', () => {
  it('denies the runbook smoke test "unsigned Pod" with the rule ids and messages `plimsoll validate` prints for the same object', async () => {
    const pod = unsignedPod();
    const decision = guard.reviewObject(create(pod));
    expect(decision.decision).toBe('deny');
    expect(decision.allowed).toBe(false);
    expect(decision.code).toBe(403);
    // A bare Pod runs until deleted (restartPolicy Always by default): probes and resources judge it too.
    expect(ruleIds(decision)).toEqual(['image-digest', 'pod-security', 'probes', 'required-labels', 'resources', TRUSTED_IMAGE_RULE]);

    const dir = tempDir();
    const file = join(dir, 'pod.yaml');
    writeFileSync(file, stringify(pod));
    const cli = await plimsoll(['validate', file, '--format', 'json', '--policy', 'policies/platform.yaml', '--env', 'lab', '--tier', 'lab', '--no-waivers']);
    expect(cli.status).toBe(1);
    const fromValidate = JSON.parse(cli.stdout).findings.map((f: any) => ({ rule: f.rule, path: f.path, message: f.message, severity: f.severity }));
    const fromGuard = decision.findings.filter((f) => f.rule !== TRUSTED_IMAGE_RULE).map((f) => ({ rule: f.rule, path: f.path, message: f.message }));
    const key = (f: { rule: string; path: string; message: string }) => `${f.rule} ${f.path} ${f.message}`;
    // validate also runs the schema rule (the guard skips it by default) and the inventory rules (the guard sees one
    // object: default-service-account); every finding of the object rules is identical, and the errors deny.
    const objectRules = fromValidate.filter((f: any) => f.rule !== 'schema' && RULES_BY_ID.get(f.rule)?.meta.scope === 'object');
    expect(fromGuard.map(key).sort()).toEqual(objectRules.map(key).sort());
    expect(
      decision.denying
        .filter((f) => f.rule !== TRUSTED_IMAGE_RULE)
        .map(key)
        .sort(),
    ).toEqual(
      objectRules
        .filter((f: any) => f.severity === 'error')
        .map(key)
        .sort(),
    );
    expect(decision.message).toContain('plimsoll admission guard denied Pod shop/unsigned: [');
    expect(decision.message).toContain(
      '[image-digest] container "app" image "nginx:1.25" has only the mutable tag :1.25; pin it by @sha256 digest (/spec/containers/0/image)',
    );
  });

  it('allows a compliant Pod whose image digest is trusted (the smoke test "signed Pod")', () => {
    const decision = guard.reviewObject(create(compliantPod()));
    expect(decision).toMatchObject({ decision: 'allow', allowed: true, denying: [], warnings: [] });
    expect(decision.findings).toEqual([]);
  });

  it('denies a compliant Pod pinned to a digest outside the trusted set ("unsigned" → deny), and only for that', () => {
    const decision = guard.reviewObject(create(compliantPod(UNTRUSTED_PINNED)));
    expect(decision.decision).toBe('deny');
    expect(decision.denying).toEqual([
      {
        rule: TRUSTED_IMAGE_RULE,
        severity: 'error',
        path: '/spec/containers/0/image',
        message: `container "app" image "${UNTRUSTED_PINNED}" is unsigned: its digest sha256:${'2'.repeat(64)} is not in the trusted set (images.lock.json and the environment's trusted images)`,
      },
    ]);
  });

  it('judges workload templates too: a Deployment without probes or resources is denied by probes and resources', () => {
    const pod = compliantPod();
    delete pod.spec.containers[0].resources;
    delete pod.spec.containers[0].livenessProbe;
    delete pod.spec.containers[0].readinessProbe;
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app', namespace: 'shop', labels: pod.metadata.labels },
      spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { ...pod.metadata.labels, app: 'x' } }, spec: pod.spec } },
    };
    const decision = guard.reviewObject(create(deployment));
    expect(ruleIds(decision)).toEqual(['probes', 'resources']);
  });

  it('does not honour waiver annotations at admission: an object cannot waive the guard by its own annotations', () => {
    const pod = compliantPod();
    pod.spec.hostPID = true;
    pod.spec.containers[0].securityContext.privileged = true;
    pod.spec.volumes = [{ name: 'root', hostPath: { path: '/' } }];
    pod.spec.containers[0].volumeMounts = [{ name: 'root', mountPath: '/host' }];
    pod.metadata.annotations = { 'plimsoll.dev/waive.pod-security': 'runbook §1 demands it', 'plimsoll.dev/waive.hostpath-readonly': 'trust me' };
    const decision = guard.reviewObject(create(pod));
    expect(decision.decision).toBe('deny');
    expect(ruleIds(decision)).toEqual(['hostpath-readonly', 'pod-security']);
    expect(decision.findings.filter((f) => f.waived)).toEqual([]);
    for (const f of decision.denying) {
      expect(f.message).toContain(
        `(the plimsoll.dev/waive.${f.rule} annotation is ignored at admission: an object cannot waive the guard by its own annotations; add an entry to the waivers file instead)`,
      );
    }
    // The waivers file of the guard configuration still waives.
    const filed = guardConfig({
      waivers: ['pod-security', 'hostpath-readonly'].map((rule) => ({
        rule,
        match: { kind: 'Pod', namespace: 'shop' },
        reason: 'node agent',
        owner: 'sre',
        expires: '2099-01-01',
      })),
    });
    expect(new Guard(filed).reviewObject(create(pod)).decision).toBe('allow');
  });

  it('`plimsoll validate` still honours the same annotations (only the guard turns them off)', async () => {
    const pod = compliantPod();
    pod.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    pod.metadata.annotations = { 'plimsoll.dev/waive.pod-security': 'runbook §1 demands it' };
    const file = join(tempDir(), 'pod.yaml');
    writeFileSync(file, stringify(pod));
    const cli = await plimsoll(['validate', file, '--format', 'json', '--policy', 'policies/platform.yaml', '--env', 'lab', '--tier', 'lab']);
    const findings = JSON.parse(cli.stdout).findings.filter((f: any) => f.rule === 'pod-security');
    expect(findings).toEqual([expect.objectContaining({ rule: 'pod-security', waived: 'runbook §1 demands it' })]);
  });

  it('applies waivers-file entries and their expiry like the engine', () => {
    const config = guardConfig({
      waivers: [{ rule: 'required-labels', match: { kind: 'Pod', namespace: 'shop' }, reason: 'legacy pods', owner: 'team', expires: '2099-01-01' }],
    });
    const pod = compliantPod();
    pod.metadata.labels = {};
    expect(new Guard(config).reviewObject(create(pod)).decision).toBe('allow');
    const expired = guardConfig({
      waivers: [{ rule: 'required-labels', match: { kind: 'Pod' }, reason: 'legacy pods', owner: 'team', expires: '2020-01-01' }],
    });
    const d = new Guard(expired).reviewObject(create(pod));
    expect(d.decision).toBe('deny');
    expect(d.denying[0].message).toContain('expired on 2020-01-01');
  });

  it('fail-open namespaces: a deny becomes an allow with warnings saying what would have been denied', () => {
    const decision = guard.reviewObject(create(unsignedPod('legacy')));
    expect(decision.decision).toBe('fail-open');
    expect(decision.allowed).toBe(true);
    expect(decision.warnings[0]).toBe('fail-open namespace legacy: plimsoll admission guard would deny Pod legacy/unsigned');
    expect(decision.warnings.some((w) => w.startsWith('[trusted-image] container "app" image "nginx:1.25" is unsigned'))).toBe(true);
    expect(decision.warnings.every((w) => w.length <= 256)).toBe(true);
  });

  it('an UPDATE is denied only for problems it introduces; those the stored object had become warnings', () => {
    const old = unsignedPod();
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { team: 'a' } } };
    const d = guard.reviewObject(update(relabelled, old));
    expect(d.decision).toBe('allow');
    expect(d.warnings.some((w) => w.includes('(already present before this update)'))).toBe(true);
    const worse = structuredClone(old);
    worse.spec.hostNetwork = true;
    const d2 = guard.reviewObject(update(worse, old));
    expect(d2.decision).toBe('deny');
    expect(d2.denying.map((f) => f.message)).toEqual(['hostNetwork: true shares the node’s namespace']);
  });

  it('does not judge deletes, objects being deleted, or what the workload controllers create for a judged owner', () => {
    expect(guard.reviewObject({ uid: 'u', operation: 'DELETE', namespace: 'shop', oldObject: unsignedPod() })).toMatchObject({
      decision: 'allow',
      skipped: 'operation DELETE is not judged',
    });
    const deleting = unsignedPod();
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(guard.reviewObject(update(deleting, unsignedPod())).skipped).toBe('the object is being deleted');
    const owned = unsignedPod();
    owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'app-1', uid: 'x', controller: true }];
    const controller = 'system:serviceaccount:kube-system:replicaset-controller';
    expect(guard.reviewObject(create(owned, { userInfo: { username: controller } })).decision).toBe('allow');
    // The same object from anyone else, or without a controller owner, is judged.
    expect(guard.reviewObject(create(owned)).decision).toBe('deny');
    expect(guard.reviewObject(create(unsignedPod(), { userInfo: { username: controller } })).decision).toBe('deny');
  });

  it('uses the request namespace when the object omits it (scoped rules and waivers match on it)', () => {
    const pod = compliantPod();
    delete pod.metadata.namespace;
    const config = guardConfig({ failOpenNamespaces: [] });
    const d = new Guard(config).reviewObject(create(pod, { namespace: 'stellaops' }));
    // platform.yaml requires the stellaops.workload/* identity labels in stellaops.
    expect(d.denying.map((f) => f.message)).toEqual([expect.stringContaining('missing labels stellaops.workload/id')]);
  });

  it('answers a CREATE without an object with a 400 error verdict', () => {
    expect(guard.reviewObject({ uid: 'u', operation: 'CREATE', object: 'nope' })).toMatchObject({ decision: 'error', allowed: false, code: 400 });
  });
});

describe('admission guard decisions: malformed reviews fail closed', () => {
  const pod = () => unsignedPod();
  const bad: Array<[string, Record<string, any>, RegExp]> = [
    ['operation missing', { operation: undefined }, /request.operation is missing; expected one of CREATE, UPDATE, DELETE, CONNECT/],
    ['operation unexpected', { operation: 'PATCH' }, /request.operation "PATCH" is not an admission operation/],
    ['operation lower case', { operation: 'create' }, /request.operation "create" is not an admission operation/],
    ['operation not a string', { operation: ['CREATE'] }, /request.operation is a list/],
    ['uid not a string', { uid: 7 }, /request.uid is a number; expected a string/],
    ['namespace not a string', { namespace: { shop: true } }, /request.namespace is an object; expected a string/],
    ['subResource not a string', { subResource: 1 }, /request.subResource is a number/],
    ['userInfo not an object', { userInfo: 'root' }, /request.userInfo is a string; expected an object/],
    ['username not a string', { userInfo: { username: ['alice'] } }, /request.userInfo.username is a list/],
    ['groups not strings', { userInfo: { username: 'a', groups: [1] } }, /request.userInfo.groups is not a list of strings/],
    ['kind not an object', { kind: 'Pod' }, /request.kind is a string; expected an object with group, version, kind/],
    ['object a list', { object: [] }, /request.object is a list for CREATE/],
    ['oldObject a string', { operation: 'UPDATE', oldObject: 'x' }, /request.oldObject is a string/],
  ];
  for (const [name, extra, message] of bad) {
    it(`denies a review with ${name} (400)`, () => {
      const d = guard.reviewObject({ ...create(pod()), ...extra } as AdmissionRequest);
      expect(d).toMatchObject({ decision: 'error', allowed: false, code: 400 });
      expect(d.message).toMatch(/^plimsoll admission guard cannot judge this request: /);
      expect(d.message).toMatch(message);
      // The guard's own check denies, as a finding the response's causes and the metrics name.
      expect(d.denying).toEqual([{ rule: 'admission-request-well-formed', severity: 'error', path: '', message: expect.stringMatching(message) }]);
      expect(d.findings).toEqual(d.denying);
    });
  }

  it('types an object without kind/apiVersion from request.kind, and denies only when neither gives a type', () => {
    const p = pod();
    delete p.kind;
    delete p.apiVersion;
    const typed = guard.reviewObject(create(p, { kind: { group: '', version: 'v1', kind: 'Pod' } }));
    expect(typed.decision).toBe('deny');
    expect(ruleIds(typed)).toContain('pod-security');
    expect(typed.message).toContain('denied Pod shop/unsigned');
    const untyped = guard.reviewObject(create(p));
    expect(untyped).toMatchObject({ decision: 'error', allowed: false, code: 400 });
    expect(untyped.message).toContain('request.object has no kind and request.kind does not give one (group/version/kind); cannot tell which rules apply');
    expect(guard.reviewObject(create({ ...p, kind: 7 })).message).toContain('request.object.kind is a number; expected a string');
    expect(guard.reviewObject(create({ ...pod(), kind: 'ConfigMap' }, { kind: { group: '', version: 'v1', kind: 'Pod' } })).message).toContain(
      'request.object.kind ConfigMap is not request.kind Pod',
    );
  });

  it('keeps DELETE and CONNECT unjudged when well formed', () => {
    expect(guard.reviewObject({ uid: 'u', operation: 'DELETE', namespace: 'shop', object: null, oldObject: unsignedPod() } as AdmissionRequest)).toMatchObject({
      decision: 'allow',
      skipped: 'operation DELETE is not judged',
    });
    expect(
      guard.reviewObject({
        uid: 'u',
        operation: 'CONNECT',
        namespace: 'shop',
        subResource: 'exec',
        object: { kind: 'PodExecOptions', apiVersion: 'v1', command: ['sh'] },
      }),
    ).toMatchObject({ decision: 'allow', skipped: 'operation CONNECT is not judged' });
  });

  it('the status-integrity endpoint fails closed on a malformed review too', () => {
    expect(guard.reviewStatusIntegrity({ uid: 'u', operation: 5 } as unknown as AdmissionRequest)).toMatchObject({ decision: 'error', code: 400 });
  });
});

describe('admission guard decisions: pod-spec subresources', () => {
  it('denies a privileged ephemeral container added through pods/ephemeralcontainers', () => {
    const before = compliantPod();
    const after = structuredClone(before);
    after.spec.ephemeralContainers = [{ name: 'debug', image: TRUSTED_IMAGE, securityContext: { privileged: true } }];
    const d = guard.reviewObject(update(after, before, { subResource: 'ephemeralcontainers', kind: { group: '', version: 'v1', kind: 'Pod' } }));
    expect(d.decision).toBe('deny');
    expect(d.denying.some((f) => f.rule === 'pod-security' && f.path.startsWith('/spec/ephemeralContainers/0'))).toBe(true);
    expect(d.message).toContain('ephemeralContainers/0');
  });

  it('judges the ephemeral container even when the user is an owner-judged controller and the Pod has a controller owner', () => {
    const before = compliantPod();
    before.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'app-1', uid: 'x', controller: true }];
    const after = structuredClone(before);
    after.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
    const d = guard.reviewObject(
      update(after, before, { subResource: 'ephemeralcontainers', userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller' } }),
    );
    expect(d.decision).toBe('deny');
    expect(d.denying.some((f) => f.rule === TRUSTED_IMAGE_RULE && f.message.startsWith('ephemeral container "debug" image "busybox" is unsigned'))).toBe(true);
  });

  it('denies a pods/ephemeralcontainers request whose object is not the Pod', () => {
    const d = guard.reviewObject(
      update({ apiVersion: 'v1', kind: 'EphemeralContainers', metadata: { name: 'app', namespace: 'shop' }, ephemeralContainers: [] }, compliantPod(), {
        subResource: 'ephemeralcontainers',
      }),
    );
    expect(d).toMatchObject({ decision: 'error', code: 400 });
    expect(d.message).toContain('request.object of a pods/ephemeralcontainers UPDATE is a EphemeralContainers, expected the Pod');
  });
});

describe('admission guard decisions: budgets', () => {
  const nestedParens = (bytes: number) => `${'('.repeat(bytes / 2)}${')'.repeat(bytes / 2)}`;
  const prometheusRule = (expr: string) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'r',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'plimsoll' },
    },
    spec: { groups: [{ name: 'g', rules: [{ record: 'r:x', expr }] }] },
  });

  it('denies a PrometheusRule with a 1 MB nested-parenthesis expr quickly, saying the expr is over its size budget', () => {
    const started = performance.now();
    const d = guard.reviewObject(create(prometheusRule(nestedParens(1024 * 1024))));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(d.decision).toBe('deny');
    expect(d.denying).toEqual([
      expect.objectContaining({
        rule: 'promql-syntax',
        path: '/spec/groups/0/rules/0/expr',
        message: 'recording rule r:x: expr is 1048576 bytes, more than the 16384 this rule judges; split it into recording rules',
      }),
    ]);
  });

  it('does not run out of heap on it in a 153 MB node process', () => {
    const script = [
      "const { Guard } = require('./src/runtime/admission-guard/decide');",
      "const { guardConfig } = require('./test/runtime/helpers');",
      `const expr = '('.repeat(512 * 1024) + ')'.repeat(512 * 1024);`,
      "const object = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r', namespace: 'shop' }, spec: { groups: [{ name: 'g', rules: [{ record: 'r:x', expr }] }] } };",
      "const d = new Guard(guardConfig()).reviewObject({ uid: 'u', operation: 'CREATE', namespace: 'shop', object });",
      'process.stdout.write(JSON.stringify({ decision: d.decision, rules: d.denying.map((f) => f.rule) }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--max-old-space-size=153', '--require', 'tsx/cjs', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(out)).toEqual({ decision: 'deny', rules: expect.arrayContaining(['promql-syntax']) });
  });

  it('denies an object nested deeper than the budget as too large to judge (413)', () => {
    const pod = compliantPod();
    let deep: Record<string, any> = {};
    pod.metadata.annotations = { x: 'y' };
    (pod as any).spec.extra = deep;
    for (let i = 0; i < 100; i++) deep = deep.next = {};
    const d = guard.reviewObject(create(pod));
    expect(d).toMatchObject({ decision: 'error', allowed: false, code: 413 });
    expect(d.message).toBe(
      'plimsoll admission guard denied Pod shop/app: too large to judge: request.object nests more than 64 levels deep, more than this guard judges',
    );
    expect(d.denying).toEqual([
      { rule: 'admission-object-size', severity: 'error', path: '', message: 'request.object nests more than 64 levels deep, more than this guard judges' },
    ]);
    // A fail-open namespace is allowed, with the reason as a warning.
    const legacy = guard.reviewObject(create({ ...pod, metadata: { ...pod.metadata, namespace: 'legacy' } }));
    expect(legacy).toMatchObject({ decision: 'fail-open', allowed: true });
    expect(legacy.warnings).toEqual([
      'fail-open namespace legacy: plimsoll admission guard would deny Pod legacy/app: too large to judge',
      'request.object nests more than 64 levels deep, more than this guard judges',
    ]);
    expect(legacy.denying.map((f) => f.rule)).toEqual(['admission-object-size']);
  });

  it('denies an object over the size budget as too large to judge (413), oldObject included', () => {
    const small = new Guard(guardConfig(), undefined, { maxObjectBytes: 4096 });
    const big = compliantPod();
    big.metadata.annotations = { note: 'x'.repeat(5000) };
    expect(small.reviewObject(create(big)).message).toBe(
      'plimsoll admission guard denied Pod shop/app: too large to judge: request.object is more than 4096 bytes, more than this guard judges',
    );
    expect(small.reviewObject(update(compliantPod(), big)).message).toContain('request.oldObject is more than 4096 bytes');
    expect(small.reviewObject(create(compliantPod())).decision).toBe('allow');
    expect(admissionResponse('u', small.reviewObject(create(big))).response).toMatchObject({
      allowed: false,
      status: { code: 413, reason: 'RequestEntityTooLarge', message: expect.stringContaining('too large to judge') },
    });
    expect((admissionResponse('u', small.reviewObject(create(big))).response as any).status.details.causes).toEqual([
      { reason: 'admission-object-size', field: '', message: 'request.object is more than 4096 bytes, more than this guard judges' },
    ]);
  });

  it('stops between rules once the review time budget is spent and denies as too large to judge', () => {
    let now = 0;
    // Each look at the clock is 600 ms later: the budget of 2000 ms is spent after a few rules.
    const slow = new Guard(guardConfig(), undefined, { timer: () => (now += 600) });
    const d = slow.reviewObject(create(compliantPod()));
    expect(d).toMatchObject({ decision: 'error', allowed: false, code: 413 });
    expect(d.message).toMatch(
      /^plimsoll admission guard denied Pod shop\/app: too large to judge: judging it took more than the 2000 ms budget of a review \(3 of \d+ rules run, next [a-z-]+\)$/,
    );
    expect(d.denying).toEqual([
      expect.objectContaining({
        rule: 'admission-review-budget',
        severity: 'error',
        message: expect.stringMatching(/^judging it took more than the 2000 ms budget/),
      }),
    ]);
  });
});

describe('admission guard decisions: status integrity (Zen Watcher guide, Admission Policy)', () => {
  const ingester = (status: unknown) => ({
    apiVersion: 'zen.kube-zen.io/v1alpha1',
    kind: 'Ingester',
    metadata: { name: 'i', namespace: 'zen-system' },
    spec: { source: 'x' },
    status,
  });

  it('denies a status-subresource update from anyone but the controller service account', () => {
    const d = guard.reviewStatusIntegrity(
      update(ingester({ phase: 'Ready' }), ingester({}), { subResource: 'status', userInfo: { username: 'system:serviceaccount:default:end-user' } }),
    );
    expect(d).toMatchObject({ decision: 'deny', allowed: false });
    expect(d.denying[0]).toMatchObject({ rule: 'status-integrity', path: '/status' });
    expect(d.message).toContain('status updates only allowed from the controller service account (system:serviceaccount:zen-system:zen-watcher)');
  });

  it('allows the controller service account to write status', () => {
    const d = guard.reviewStatusIntegrity(
      update(ingester({ phase: 'Ready' }), ingester({}), { subResource: 'status', userInfo: { username: 'system:serviceaccount:zen-system:zen-watcher' } }),
    );
    expect(d.decision).toBe('allow');
  });

  it('denies a spec update that changes status, allows one that leaves it alone', () => {
    const changed = guard.reviewStatusIntegrity(update(ingester({ phase: 'Hacked' }), ingester({ phase: 'Ready' })));
    expect(changed.decision).toBe('deny');
    expect(changed.message).toContain('status fields cannot be set via spec update');
    const specOnly = ingester({ phase: 'Ready' });
    specOnly.spec.source = 'y';
    expect(guard.reviewStatusIntegrity(update(specOnly, ingester({ phase: 'Ready' }))).decision).toBe('allow');
  });

  it('fail-open namespaces apply here too, with a warning', () => {
    const obj = { ...ingester({ phase: 'Ready' }), metadata: { name: 'i', namespace: 'legacy' } };
    const d = guard.reviewStatusIntegrity(update(obj, { ...obj, status: {} }, { subResource: 'status' }));
    expect(d).toMatchObject({ decision: 'fail-open', allowed: true });
  });
});

describe('admission guard configuration', () => {
  const base = () => JSON.parse(JSON.stringify(guardConfig()));

  it('judges the pod templates of the custom resources the policy names, as validate does', () => {
    const pod = compliantPod();
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'app', namespace: 'shop', labels: pod.metadata.labels },
      spec: { template: { metadata: { labels: pod.metadata.labels }, spec: { ...pod.spec, hostPID: true } } },
    };
    expect(ruleIds(guard.reviewObject(create(rollout)))).toEqual([]);
    const c = base();
    c.policy.podTemplates = [{ kind: 'Rollout', path: '/spec/template' }];
    const decision = new Guard(parseGuardConfig(c, 'test')).reviewObject(create(rollout));
    expect(decision.denying.map((f) => `${f.rule} ${f.path}`)).toEqual(['pod-security /spec/template/spec/hostPID']);
  });

  it('fails if the policy names a rule this guard does not know', () => {
    const c = base();
    c.policy.rules['no-such-rule'] = { severity: 'error' };
    expect(() => parseGuardConfig(c, 'cfg.json')).toThrow(/unknown rule no-such-rule/);
  });

  it('fails if the policy lists an inventory-scope rule (the guard sees one object)', () => {
    const c = base();
    c.policy.rules['dangling-reference'] = { severity: 'error' };
    expect(() => parseGuardConfig(c, 'cfg.json')).toThrow(/dangling-reference relate objects to each other/);
  });

  it('fails if rule options are invalid, through the validator’s own policy resolution', () => {
    const c = base();
    c.policy.rules['required-labels'].options = { keys: 'not-a-list' };
    expect(() => new Guard(parseGuardConfig(c, 'cfg.json'))).toThrow(/invalid options for rule required-labels/);
  });

  it('fails if a trusted digest is not sha256:<64 hex>', () => {
    const c = base();
    c.trustedDigests = ['latest'];
    expect(() => parseGuardConfig(c, 'cfg.json')).toThrow(/cfg.json: \/trustedDigests\/0/);
  });

  it('runs the trusted image check on the trusted set it is given', () => {
    const g = new Guard(guardConfig({ trustedDigests: [] }));
    expect(g.reviewObject(create(compliantPod(TRUSTED_IMAGE))).denying.map((f) => f.rule)).toEqual([TRUSTED_IMAGE_RULE]);
  });
});
