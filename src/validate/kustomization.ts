/**
 * What the kustomization file beside the input says about the input files of its folder, read once per folder
 * (and again only when the file changes): its `namespace:` (kustomize build sets it on every namespaced object of
 * the folder, so those objects land there, see src/lib/apply-namespace.ts) and the files it lists as patches
 * (`patches[].path`, `patchesStrategicMerge`: fragments kustomize merges into the objects they target, not whole
 * objects). Kustomize's own config is not validated here; one that cannot be read or parsed says nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as jsyaml from 'js-yaml';
import { displayPath as display } from '../lib/paths';
import { MANIFEST_SCHEMA } from './yaml-schema';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface Kustomization {
  readonly namespace?: string;
  /** Absolute paths of the patch files it lists. */
  readonly patches: ReadonlySet<string>;
}

const NOTHING: Kustomization = { patches: new Set() };
/** Per folder: the kustomization file read, its mtime (so an edit is seen by a later run in the process) and what it says. */
const byFolder = new Map<string, { readonly file: string; readonly mtimeMs: number; readonly says: Kustomization }>();

function parse(file: string, folder: string): Kustomization {
  let doc: Record<string, unknown> | undefined;
  try {
    const value = jsyaml.load(readFileSync(file, 'utf8'), { schema: MANIFEST_SCHEMA });
    doc = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return NOTHING;
  }
  if (!doc) return NOTHING;
  const patches = new Set<string>();
  for (const p of Array.isArray(doc.patches) ? doc.patches : []) {
    const path = p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined;
    if (typeof path === 'string') patches.add(resolve(folder, path));
  }
  // Entries are file paths or inline patches (YAML text, which has a newline or a colon).
  for (const p of Array.isArray(doc.patchesStrategicMerge) ? doc.patchesStrategicMerge : [])
    if (typeof p === 'string' && !/[\n:]/.test(p)) patches.add(resolve(folder, p));
  const ns = doc.namespace;
  return typeof ns === 'string' && ns ? { namespace: ns, patches } : { patches };
}

/** The kustomization of `folder` (absolute), cached. */
function kustomizationIn(folder: string): Kustomization {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(folder, name);
    // No exception for a missing file: this runs for every file validated.
    const mtimeMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) continue;
    const cached = byFolder.get(folder);
    if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached.says;
    const says = parse(file, folder);
    byFolder.set(folder, { file, mtimeMs, says });
    return says;
  }
  return NOTHING;
}

/** True when the kustomization beside `path` lists it as a patch. */
export function isKustomizePatch(path: string): boolean {
  return kustomizationIn(dirname(resolve(path))).patches.has(resolve(path));
}

/** Folder (display path, as InventoryItem.file's dirname) → kustomization namespace, for the folders of `files`. */
export function kustomizeNamespaces(files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const file of files) {
    const folder = dirname(file);
    if (seen.has(folder)) continue;
    seen.add(folder);
    const ns = kustomizationIn(resolve(folder)).namespace;
    if (ns) out.set(dirname(display(file)), ns);
  }
  return out;
}
