import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, validatePaths } from '../../src/validate';
import { validateFilesParallel } from '../../src/validate/parallel';
import { collectFiles } from '../../src/validate/load';
import { tempDir } from '../helpers/cli';

const worker = (name: string, ns: string) =>
  `apiVersion: example.com/v1\nkind: Worker\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app.kubernetes.io/name: ${name}}}\nspec:\n  pod:\n    metadata: {labels: {app: ${name}, app.kubernetes.io/name: ${name}}}\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: "nginx:1"}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app.kubernetes.io/name: ${name}}}\nspec: {selector: {app: ${name}}, ports: [{port: 80}]}\n`;

describe('policy podTemplates', () => {
  it('adds up along the extends chain, and a custom resource there is judged like a workload on both paths', async () => {
    const dir = tempDir('plimsoll-pod-templates-');
    writeFileSync(join(dir, 'base.yaml'), 'extends: recommended\npodTemplates: [{apiVersion: example.com/v1, kind: Worker, path: /spec/pod}]\n');
    writeFileSync(join(dir, 'policy.yaml'), 'extends: ./base.yaml\npodTemplates: [{kind: Other, path: "/spec/templates/*"}]\n');
    const policy = loadPolicy(join(dir, 'policy.yaml'));
    expect(policy.podTemplates.kinds.map((k) => k.kind)).toEqual(['Worker', 'Other']);
    const input = join(dir, 'in');
    mkdirSync(input);
    for (let i = 0; i < 30; i++) writeFileSync(join(input, `w${i}.yaml`), worker(`w${i}`, `team-${i % 3}`));
    const serial = validatePaths([input], { policy, now: new Date('2026-06-01T00:00:00Z') });
    const w0 = serial.findings.filter((f) => f.object?.name === 'w0' && f.object.kind === 'Worker').map((f) => `${f.rule} ${f.path}`);
    expect(w0).toContain('pod-security /spec/pod/spec/hostNetwork');
    expect(w0).toContain('image-digest /spec/pod/spec/containers/0/image');
    expect(w0).toContain('probes /spec/pod/spec/containers/0');
    // The Service selects the Worker's pods: no dangling-reference.
    expect(serial.findings.filter((f) => f.rule === 'dangling-reference')).toEqual([]);
    const { files, problems } = collectFiles([input]);
    expect(await validateFilesParallel(files, problems, { policy, now: new Date('2026-06-01T00:00:00Z') }, 2)).toEqual(serial);
    // Without the entry the Worker is a custom resource Plimsoll knows nothing of.
    const plain = validatePaths([input], { policy: loadPolicy('recommended'), now: new Date('2026-06-01T00:00:00Z') });
    expect(plain.findings.filter((f) => f.object?.kind === 'Worker' && f.rule === 'pod-security')).toEqual([]);
  });

  it('rejects an entry whose path is not a JSON pointer, naming it', () => {
    const dir = tempDir('plimsoll-pod-templates-bad-');
    writeFileSync(join(dir, 'policy.yaml'), 'extends: recommended\npodTemplates:\n  - {kind: Worker, path: spec.pod}\n');
    expect(() => loadPolicy(join(dir, 'policy.yaml'))).toThrow(/policy\.yaml:3: \/podTemplates\/0\/path: /);
  });
});
