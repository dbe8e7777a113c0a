import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../src/systems';
import { loadEnvironment } from '../../src/environments/load-environment';
import { ROOT } from '../helpers/cli';

describe('the system registry', () => {
  it('lists every folder of src/systems once, by its folder name, runtime-components last', () => {
    const folders = readdirSync(join(ROOT, 'src/systems'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const folder of folders) expect(existsSync(join(ROOT, 'src/systems', folder, 'system.ts')), `src/systems/${folder}/system.ts`).toBe(true);
    expect(SYSTEMS.map((s) => s.key).sort()).toEqual(folders);
    // It enforces the namespaces every system before it renders.
    expect(SYSTEMS.at(-1)?.key).toBe('runtime-components');
  });

  it('gives each system of a loaded environment settings that pass its invariants', () => {
    for (const name of ['lab', 'prod-fsn']) {
      const { env } = loadEnvironment(name);
      for (const system of SYSTEMS) expect(system.invariants?.(env, system.settings(env)) ?? [], `${name}: ${system.key}`).toEqual([]);
    }
  });
});
