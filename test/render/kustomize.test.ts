import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KUBECTL, requireTool } from '../helpers/tools';
import { ROOT } from '../helpers/cli';

const mode = requireTool(KUBECTL);
const dist = join(ROOT, 'dist');
const folders = readdirSync(dist)
  .filter((e) => !e.startsWith('.') && statSync(join(dist, e)).isDirectory())
  // Folders with a kustomization (stages and flux/); files rendered next to them (gslb/, alertmanager/) are not manifests.
  .flatMap((env) =>
    readdirSync(join(dist, env))
      .filter((s) => existsSync(join(dist, env, s, 'kustomization.yaml')))
      .map((s) => `${env}/${s}`),
  );

describe.skipIf(mode === 'skip')('kubectl kustomize builds every stage as Flux would', () => {
  it('finds stage folders to build', () => {
    expect(folders.length).toBeGreaterThanOrEqual(4);
  });
  for (const folder of folders) {
    it(folder, () => {
      const r = spawnSync('kubectl', ['kustomize', join(dist, folder)], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const built = parseAllDocuments(r.stdout)
        .map((d) => d.toJS())
        .filter(Boolean);
      const listed = readFileSync(join(dist, folder, 'kustomization.yaml'), 'utf8').match(/^ {2}- .+$/gm) ?? [];
      expect(built.length).toBe(listed.length);
      for (const o of built) expect(o.metadata.name, JSON.stringify(o)).toBeTruthy();
    });
  }
});
