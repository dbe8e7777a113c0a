/**
 * Rendered Plimsoll output carries dist/<env>/manifest.json. Files under such a folder belong to that
 * environment: they are validated as their own inventory (one cluster's objects never resolve references into
 * another's) with that environment's tier and overrides from the policy.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EnvironmentSelector } from './policy';

export interface FileGroup {
  /** The environment folder, when the files are Plimsoll output. */
  readonly root?: string;
  readonly environment?: EnvironmentSelector;
  readonly files: string[];
}

function readManifest(dir: string): EnvironmentSelector | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    if (m?.generator === 'plimsoll' && typeof m.environment === 'string' && (m.tier === 'lab' || m.tier === 'production')) return { name: m.environment, tier: m.tier };
  } catch {
    // not an environment folder
  }
  return undefined;
}

export function groupByEnvironment(files: readonly string[]): FileGroup[] {
  const rootOf = new Map<string, string | null>();
  const find = (dir: string): string | null => {
    const known = rootOf.get(dir);
    if (known !== undefined) return known;
    const parent = dirname(dir);
    const found = readManifest(dir) ? dir : parent === dir ? null : find(parent);
    rootOf.set(dir, found);
    return found;
  };
  const groups = new Map<string, { root?: string; environment?: EnvironmentSelector; files: string[] }>();
  for (const file of files) {
    const root = find(dirname(resolve(file)));
    const key = root ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = root ? { root, environment: readManifest(root), files: [] } : { files: [] }));
    group.files.push(file);
  }
  return [...groups.values()];
}
