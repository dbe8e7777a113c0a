/**
 * Rendered Plimsoll output carries dist/<env>/manifest.json. Files under such a folder belong to that
 * environment: they are validated as their own inventory (one cluster's objects never resolve references into
 * another's) with that environment's tier and overrides from the policy.
 *
 * Files the manifest lists as `artifacts` (a plain alertmanager.yaml, DNS zone fragments) are not Kubernetes
 * objects and are skipped, but a manifest.json is only a claim: anyone can put one up the folder tree. So an
 * entry is honoured only where it is what synth writes (render-environment.ts): a path where RenderedFile puts
 * artifacts, not one of the manifest's own objects, with the sha256 its `files` list records for the file's
 * actual content, and content that holds no Kubernetes object. Otherwise the file is validated and a warning
 * says why. A file named explicitly on the command line is always validated, and every skipped file is listed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import * as jsyaml from 'js-yaml';
import { displayPath as display } from '../lib/paths';
import { showValue } from '../lib/show-value';
import { RENDERED_FILE_PATH, RESERVED_TOP_FOLDER } from '../lib/rendered-file-paths';
import { MANIFEST_SCHEMA } from './yaml-schema';
import { STDIN } from './load';
import type { EnvironmentSelector } from './policy';
import type { SkippedFile } from '../check/types';

export interface FileGroup {
  /** The environment folder, when the files are Plimsoll output. */
  readonly root?: string;
  readonly environment?: EnvironmentSelector;
  readonly files: string[];
}

export interface Discovery {
  readonly groups: FileGroup[];
  /** Artifacts skipped, in input order. */
  readonly skipped: SkippedFile[];
  /** manifest.json artifact entries not honoured, each saying why. */
  readonly warnings: string[];
}

interface ArtifactEntry {
  readonly type: unknown;
}

interface ManifestFacts {
  readonly file: string;
  readonly environment: EnvironmentSelector;
  /** `artifacts` entries by path (relative, `/`-separated). */
  readonly artifacts: ReadonlyMap<string, ArtifactEntry>;
  /** `files` entries: path → sha256. */
  readonly hashes: ReadonlyMap<string, unknown>;
  /** Paths of the manifest's own objects (`objects[].file`). */
  readonly objectFiles: ReadonlySet<string>;
}

const list = (v: unknown): Array<Record<string, unknown>> =>
  Array.isArray(v) ? v.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && !Array.isArray(e)) : [];

function readManifest(dir: string): ManifestFacts | undefined {
  let facts: ManifestFacts | undefined;
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    if (m?.generator === 'plimsoll' && typeof m.environment === 'string' && (m.tier === 'lab' || m.tier === 'production')) {
      const artifacts = new Map<string, ArtifactEntry>();
      for (const a of list(m.artifacts)) if (typeof a.path === 'string') artifacts.set(a.path, { type: a.type });
      const hashes = new Map<string, unknown>();
      for (const f of list(m.files)) if (typeof f.path === 'string') hashes.set(f.path, f.sha256);
      const objectFiles = new Set(
        list(m.objects)
          .map((o) => o.file)
          .filter((f): f is string => typeof f === 'string'),
      );
      facts = { file: join(dir, 'manifest.json'), environment: { name: m.environment, tier: m.tier }, artifacts, hashes, objectFiles };
    }
  } catch {
    // not an environment folder
  }
  return facts;
}

/** Whether `file` is the manifest.json that makes its folder Plimsoll output: it describes the input, it is none. */
export function isEnvironmentManifest(file: string): boolean {
  return basename(file) === 'manifest.json' && readManifest(dirname(file)) !== undefined;
}

/** Why `file` (at `path` under the environment folder) is not the artifact `facts` says it is; undefined if it is. */
function notAnArtifact(facts: ManifestFacts, path: string, entry: ArtifactEntry, file: string): string | undefined {
  if (!RENDERED_FILE_PATH.test(path) || path.split('/').some((s) => s === '..' || s === '.') || RESERVED_TOP_FOLDER.test(path.split('/')[0])) {
    return 'the path is not one synth renders artifacts to (a lower-case path at least one folder deep, outside the stage folders, flux/, ORDER and manifest.json)';
  }
  if (facts.objectFiles.has(path)) return 'the manifest also lists it under `objects`: it is a Kubernetes manifest, not an artifact';
  if (typeof entry.type !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(entry.type))
    return `its \`type\` is ${entry.type === undefined ? 'missing' : showValue(entry.type)}, expected a kebab-case artifact type`;
  const recorded = facts.hashes.get(path);
  if (typeof recorded !== 'string' || !/^[0-9a-f]{64}$/.test(recorded)) {
    return `\`files\` records ${recorded === undefined ? 'no sha256' : `sha256 ${showValue(recorded)}`} for it, expected the 64-hex-digit sha256 of its content`;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return `it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== recorded) return `\`files\` records sha256 ${recorded}, but the file's content hashes to ${actual} (changed since synth, or not synth's)`;
  // A matching hash proves only that whoever wrote manifest.json saw this content: an artifact is never an object.
  let documents: unknown[];
  try {
    documents = jsyaml.loadAll(bytes.toString('utf8'), undefined, { schema: MANIFEST_SCHEMA, json: false });
  } catch (err) {
    return `it does not parse as YAML (${(err as Error).message.split('\n')[0]}), expected the well-formed file synth renders`;
  }
  const index = documents.findIndex((d) => typeof d === 'object' && d !== null && !Array.isArray(d) && ('apiVersion' in d || 'kind' in d));
  if (index !== -1) return `document ${index + 1} has apiVersion/kind: it is a Kubernetes object, and artifacts are not`;
  return undefined;
}

/**
 * Groups `files` by environment folder and takes out the artifacts their manifest.json honestly lists.
 * `explicit`: resolved paths named on the command line; those are always validated.
 */
export function groupByEnvironment(files: readonly string[], explicit: ReadonlySet<string> = new Set()): Discovery {
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
  const skipped: SkippedFile[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const full = resolve(file);
    // Standard input is in no folder, so in no environment.
    const root = file === STDIN ? null : find(dirname(full));
    if (root && !factsOf.has(root)) factsOf.set(root, readManifest(root));
    const facts = root ? factsOf.get(root) : undefined;
    const path = root ? relative(root, full).split(sep).join('/') : '';
    const entry = facts?.artifacts.get(path);
    if (facts && entry && !explicit.has(full)) {
      const why = notAnArtifact(facts, path, entry, full);
      if (why === undefined) {
        skipped.push({ file: display(full), reason: `plimsoll artifact ${entry.type as string}`, manifest: display(facts.file) });
        continue;
      }
      warnings.push(`${display(facts.file)}: artifact entry "${path}" ignored: ${why}; ${display(full)} is validated as Kubernetes manifests`);
    }
    const key = root ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = root ? { root, environment: facts?.environment, files: [] } : { files: [] }));
    group.files.push(file);
  }
  return { groups: [...groups.values()], skipped, warnings };
}
