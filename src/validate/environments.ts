/**
 * Rendered Plimsoll output carries dist/<env>/manifest.json. Files under such a folder belong to that
 * environment: they are validated as their own inventory (one cluster's objects never resolve references into
 * another's) with that environment's tier and overrides from the policy. Files the manifest lists as `artifacts`
 * (a plain alertmanager.yaml, DNS zone fragments) are not Kubernetes objects and are skipped.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { EnvironmentSelector } from './policy';

export interface FileGroup {
  /** The environment folder, when the files are Plimsoll output. */
  readonly root?: string;
  readonly environment?: EnvironmentSelector;
  readonly files: string[];
}

interface ManifestFacts {
  readonly environment: EnvironmentSelector;
  /** Paths (relative, `/`-separated) of rendered files that are not Kubernetes objects. */
  readonly artifacts: ReadonlySet<string>;
}

function readManifest(dir: string): ManifestFacts | undefined {
  let facts: ManifestFacts | undefined;
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    if (m?.generator === 'plimsoll' && typeof m.environment === 'string' && (m.tier === 'lab' || m.tier === 'production')) {
      const artifacts = Array.isArray(m.artifacts) ? m.artifacts.map((a: { path?: unknown }) => a?.path).filter((p: unknown): p is string => typeof p === 'string') : [];
      facts = { environment: { name: m.environment, tier: m.tier }, artifacts: new Set(artifacts) };
    }
  } catch {
    // not an environment folder
  }
  return facts;
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
  const factsOf = new Map<string, ManifestFacts | undefined>();
  const groups = new Map<string, { root?: string; environment?: EnvironmentSelector; files: string[] }>();
  for (const file of files) {
    const root = find(dirname(resolve(file)));
    if (root && !factsOf.has(root)) factsOf.set(root, readManifest(root));
    const facts = root ? factsOf.get(root) : undefined;
    if (root && facts?.artifacts.has(relative(root, resolve(file)).split(sep).join('/'))) continue;
    const key = root ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = root ? { root, environment: facts?.environment, files: [] } : { files: [] }));
    group.files.push(file);
  }
  return [...groups.values()];
}
