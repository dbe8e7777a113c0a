/** The admission guard runs a policy's own CEL rules (customRules) as it runs the built-in object rules. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Guard } from '../../../src/runtime/admission-guard/decide';
import { parseGuardConfig, resolveGuardPolicy } from '../../../src/runtime/admission-guard/config';
import { loadPolicy } from '../../../src/validate/policy';
import { admissionCreate, compliantPod, guardConfig, tempDir } from '../helpers';

const POLICY = `extends: ../../../policies/platform.yaml
customRules:
  - id: pod-team-label
    match: {kinds: [Pod]}
    expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    messageExpression: "'Pod ' + object.metadata.name + ' has no team label'"
  - id: pod-few-containers
    match: {kinds: [Pod]}
    expression: size(object.spec.containers) <= 3
    severity: warning
`;

function policyFile(): string {
  const dir = tempDir();
  // `extends` is relative to the file: the platform policy of this project.
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, POLICY.replace('../../../policies/platform.yaml', join(__dirname, '../../../policies/platform.yaml')));
  return file;
}

const create = admissionCreate;

describe('admission guard: custom rules', () => {
  const env = { name: 'lab', tier: 'lab' as const };
  const policy = resolveGuardPolicy(loadPolicy(policyFile()), env, ['schema']);

  it('the resolved configuration carries the declarations of the custom rules it names', () => {
    expect(policy.rules['pod-team-label']).toEqual({ severity: 'error', options: {} });
    expect(policy.rules['pod-few-containers']).toEqual({ severity: 'warning', options: {} });
    expect(policy.customRules?.map((r) => r.id)).toEqual(['pod-team-label', 'pod-few-containers']);
  });

  it('denies by a custom rule with its id and message, warns by one at warning, allows what passes', () => {
    const guard = new Guard(guardConfig({ policy }));
    expect(guard.ruleIds).toContain('pod-team-label');
    const pod = compliantPod();
    const denied = guard.reviewObject(create(pod));
    expect(denied.decision).toBe('deny');
    expect(denied.denying.map((f) => [f.rule, f.message])).toEqual([['pod-team-label', 'Pod app has no team label']]);
    const labelled: Record<string, any> = { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, team: 'shop' } } };
    expect(guard.reviewObject(create(labelled)).decision).toBe('allow');
    const many = { ...labelled, spec: { ...labelled.spec, containers: [1, 2, 3, 4].map((i) => ({ ...labelled.spec.containers[0], name: `c${i}` })) } };
    const warned = guard.reviewObject(create(many));
    expect(warned.decision).toBe('allow');
    expect(warned.warnings.some((w) => w.includes('[pod-few-containers]'))).toBe(true);
  });

  it('a configuration naming a custom rule it does not carry is refused', () => {
    const { customRules: _dropped, ...rest } = policy;
    expect(() => parseGuardConfig({ environment: env, policy: rest }, 'test')).toThrow(/unknown rules? .*pod-team-label/);
  });
});
