/**
 * Rules a policy declares in CEL (customRules): the rule tester's cases for a compiled declaration, policy errors
 * with their location, the rules' place among the built-in ones (severity settings, waivers, rules list), and the
 * threads' path giving the single-threaded report.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCustomRule, type CustomRuleDeclaration } from '../../src/validate/custom-rules';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';
import { testRule } from '../rules/tester';
import { plimsoll, tempDir } from '../helpers/cli';

const maxReplicas: CustomRuleDeclaration = {
  id: 'max-replicas',
  match: { kinds: ['Deployment', 'StatefulSet'], apiVersions: ['apps/v1'] },
  expression: 'object.spec.replicas <= 5',
  messageExpression: "'replicas ' + string(object.spec.replicas) + ' exceeds 5'",
};
const deployment = (replicas: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {tier: web}${extra}}
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1
          resources: {limits: {memory: 512Mi}}
`;

testRule(compileCustomRule(maxReplicas), {
  valid: [
    { name: 'within the limit', yaml: deployment('3') },
    { name: 'another kind is not judged', yaml: deployment('9').replace('kind: Deployment', 'kind: ReplicaSet') },
    { name: 'another apiVersion is not judged', yaml: deployment('9').replace('apps/v1', 'apps/v1beta2') },
  ],
  invalid: [
    {
      name: 'over the limit, the message from messageExpression',
      yaml: deployment('9'),
      errors: [{ path: '/spec/replicas', message: 'replicas 9 exceeds 5', line: 5 }],
    },
    {
      name: 'a field the expression reads is absent: failurePolicy Fail reports it',
      yaml: deployment('9').replace('  replicas: 9\n', ''),
      errors: [{ path: '/spec', message: 'could not be evaluated on this object: No such key: replicas; failurePolicy Fail rejects it' }],
    },
  ],
});

testRule(
  compileCustomRule({
    id: 'memory-limit',
    match: { kinds: ['Deployment'], namespaces: ['shop'], labels: { tier: 'web' } },
    expression: "object.spec.template.spec.containers.all(c, quantity(c.resources.limits.memory).isLessThan(quantity('1Gi')))",
    message: "every container's memory limit is below 1Gi",
    path: '/spec/template/spec/containers',
    failurePolicy: 'Ignore',
  }),
  {
    valid: [
      { name: 'below 1Gi', yaml: deployment('1') },
      {
        name: 'another namespace is not judged',
        yaml: deployment('1').replace('2Gi', '512Mi').replace('namespace: shop', 'namespace: lab').replace('512Mi', '2Gi'),
      },
      { name: 'without the label it is not judged', yaml: deployment('1').replace('{tier: web}', '{tier: db}').replace('512Mi', '2Gi') },
      { name: 'failurePolicy Ignore: no limits at all passes', yaml: deployment('1').replace('          resources: {limits: {memory: 512Mi}}\n', '') },
    ],
    invalid: [
      {
        name: 'a limit of 2Gi',
        yaml: deployment('1').replace('512Mi', '2Gi'),
        errors: [{ path: '/spec/template/spec/containers', message: "every container's memory limit is below 1Gi" }],
      },
    ],
  },
);

describe('customRules in a policy', () => {
  const write = (dir: string, name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const rule = `customRules:
  - id: max-replicas
    match: {kinds: [Deployment]}
    expression: object.spec.replicas <= 5
    message: at most 5 replicas
`;

  it('a syntax error is a policy error with file, line, JSON path, the expression and the error', () => {
    const dir = tempDir('plimsoll-custom-');
    const file = write(
      dir,
      'policy.yaml',
      'extends: recommended\ncustomRules:\n  - id: max-replicas\n    match: {kinds: [Deployment]}\n    expression: object.spec.replicas <=\n',
    );
    expect(() => loadPolicy(file)).toThrow(
      /invalid custom rule max-replicas in policy .*policy\.yaml:\n {2}.*policy\.yaml:5: \/customRules\/0\/expression: "object\.spec\.replicas <=": syntax error: Unexpected token: EOF \(at column 24\)/,
    );
  });

  it('a type error (an unknown function, a message that is no string) is a policy error', () => {
    const dir = tempDir('plimsoll-custom-');
    const unknown = write(dir, 'a.yaml', rule.replace('object.spec.replicas <= 5', 'quantityy(object.spec.x).isInteger()'));
    expect(() => loadPolicy(unknown)).toThrow(/a\.yaml:4: \/customRules\/0\/expression: .*type error: found no matching overload for 'quantityy\(dyn\)'/);
    const message = write(dir, 'b.yaml', `${rule}    messageExpression: object.spec.replicas + 1\n`);
    expect(() => loadPolicy(message)).toThrow(/b\.yaml:6: \/customRules\/0\/messageExpression: .*yields int; expected string/);
  });

  it("a built-in rule's id, or one id twice, is a policy error", () => {
    const dir = tempDir('plimsoll-custom-');
    expect(() => loadPolicy(write(dir, 'a.yaml', rule.replace('max-replicas', 'probes')))).toThrow(/\/customRules\/0\/id: "probes" is a built-in rule's id/);
    expect(() => loadPolicy(write(dir, 'b.yaml', rule + rule.replace('customRules:\n', '')))).toThrow(
      /\/customRules\/1\/id: custom rule "max-replicas" is declared twice/,
    );
  });

  it('runs at its declared severity; the rules settings of the policy and of one that extends it apply to it', () => {
    const dir = tempDir('plimsoll-custom-');
    const base = write(dir, 'base.yaml', `${rule}    severity: warning\nrules:\n  probes: error\n`);
    expect(
      loadPolicy(base)
        .activeRules()
        .find((a) => a.rule.meta.id === 'max-replicas')?.severity,
    ).toBe('warning');
    const child = write(dir, 'child.yaml', 'extends: ./base.yaml\nrules:\n  max-replicas: error\ntiers:\n  lab:\n    rules:\n      max-replicas: off\n');
    const policy = loadPolicy(child);
    expect(policy.activeRules().find((a) => a.rule.meta.id === 'max-replicas')?.severity).toBe('error');
    expect(policy.activeRules({ name: 'lab-1', tier: 'lab' }).some((a) => a.rule.meta.id === 'max-replicas')).toBe(false);
    expect(() => loadPolicy(write(dir, 'typo.yaml', 'extends: ./base.yaml\nrules:\n  max-replica: error\n'))).toThrow(
      /unknown rule "max-replica"; did you mean "max-replicas"\?/,
    );
  });

  it('reports like a built-in rule, waivable by annotation, in one thread and in several', async () => {
    const dir = tempDir('plimsoll-custom-');
    const input = join(dir, 'input');
    mkdirSync(input);
    for (let i = 0; i < 40; i++) write(input, `d${i}.yaml`, deployment(String(i % 10)).replace('name: web', `name: web-${i}`));
    write(
      input,
      'waived.yaml',
      deployment('8', ', annotations: {plimsoll.dev/waive.max-replicas: "batch job, scaled down at night"}').replace('name: web', 'name: waived'),
    );
    const policy = loadPolicy(write(dir, 'policy.yaml', `allowNoRules: false\n${rule}`));
    const options = { policy, now: new Date('2026-06-01T00:00:00Z') };
    const serial = validatePaths([input], options);
    const found = serial.findings.filter((f) => f.rule === 'max-replicas');
    expect(found).toHaveLength(17);
    expect(found.filter((f) => f.waived)).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', path: '/spec/replicas', line: 5, message: 'at most 5 replicas' });
    const { files, problems } = collectFiles([input]);
    const parallel = await validateFilesParallel(files, problems, options, 3);
    expect(parallel.findings).toEqual(serial.findings);
  });

  it('admission-policy judges the whole workload on the threads’ path too (its containers, not the inventory view)', async () => {
    const dir = tempDir('plimsoll-vap-');
    for (let i = 0; i < 40; i++)
      write(
        dir,
        `d${i}.yaml`,
        deployment('1')
          .replace('name: web', `name: web-${i}`)
          .replace(i % 4 ? '@' : 'registry.example.com/web:1', 'nginx:1'),
      );
    write(
      dir,
      'policy.yaml',
      'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: registry}\nspec:\n  matchConstraints:\n    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]\n  validations:\n    - expression: "object.spec.template.spec.containers.all(c, c.image.startsWith(\'registry.example.com/\'))"\n      message: images from registry.example.com\n' +
        '---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: registry}\nspec: {policyName: registry, validationActions: [Deny]}\n',
    );
    const options = { policy: loadPolicy(), now: new Date('2026-06-01T00:00:00Z') };
    const serial = validatePaths([dir], options);
    const found = serial.findings.filter((f) => f.rule === 'admission-policy');
    expect(found.map((f) => f.object?.name).sort()).toEqual(['web-0', 'web-12', 'web-16', 'web-20', 'web-24', 'web-28', 'web-32', 'web-36', 'web-4', 'web-8']);
    expect(found[0]).toMatchObject({ path: '/spec/template/spec/containers', line: 8 });
    const { files, problems } = collectFiles([dir]);
    expect((await validateFilesParallel(files, problems, options, 3)).findings).toEqual(serial.findings);
  });

  it('the incremental cache keys on the declaration: a changed expression judges the unchanged files again', async () => {
    const dir = tempDir('plimsoll-custom-');
    const input = write(dir, 'd.yaml', deployment('4'));
    const cache = ['--cache-dir', join(dir, 'cache'), '--format', 'json'];
    const policy = write(dir, 'policy.yaml', rule);
    const rules = async () =>
      JSON.parse((await plimsoll(['validate', input, '--policy', policy, ...cache])).stdout).findings.map((f: { rule: string }) => f.rule);
    expect(await rules()).toEqual([]);
    write(dir, 'policy.yaml', rule.replace('<= 5', '<= 3'));
    expect(await rules()).toEqual(['max-replicas']);
  });

  it('a waivers file may name a custom rule of the policy', async () => {
    const dir = tempDir('plimsoll-custom-');
    const input = write(dir, 'd.yaml', deployment('9'));
    const policy = write(dir, 'policy.yaml', `extends: recommended\n${rule}`);
    const waivers = write(
      dir,
      'waivers.yaml',
      'waivers:\n  - rule: max-replicas\n    match: {kind: Deployment, namespace: shop, name: web}\n    reason: "the batch tier scales down at night"\n    owner: shop\n    expires: 2099-01-01\n',
    );
    const out = await plimsoll(['validate', input, '--policy', policy, '--waivers', waivers, '--format', 'json']);
    const finding = JSON.parse(out.stdout).findings.find((f: { rule: string }) => f.rule === 'max-replicas');
    expect(finding.waived).toContain('the batch tier scales down at night');
    const unknown = await plimsoll(['validate', input, '--waivers', waivers]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "max-replicas"');
  });

  it('`rules list --policy` lists the policy’s own rules', async () => {
    const dir = tempDir('plimsoll-custom-');
    const file = write(
      dir,
      'policy.yaml',
      `extends: recommended\n${rule.replace('    message:', '    description: A Deployment runs at most 5 replicas.\n    message:')}`,
    );
    const out = await plimsoll(['rules', 'list', '--policy', file]);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^max-replicas +custom +error +A Deployment runs at most 5 replicas\.$/m);
  });
});
