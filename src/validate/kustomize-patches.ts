/**
 * Files a kustomization lists as patches (`patches[].path`, `patchesStrategicMerge`) hold fragments of objects,
 * not whole ones: kustomize merges them into the objects they target. Only the kustomization in the patch's own
 * folder is read (where kustomize overlays keep their patches).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseManifestText } from './load';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Per folder: the kustomization file read (and its mtime, so an edit is seen by a later run) and its patch files. */
const byFolder = new Map<string, { readonly file: string; readonly mtimeMs: number; readonly patches: ReadonlySet<string> }>();
const NONE: ReadonlySet<string> = new Set();

function patchFiles(folder: string): ReadonlySet<string> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(folder, name);
    // No exception for a missing file: this runs for every file validated.
    const mtimeMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) continue;
    const cached = byFolder.get(folder);
    if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached.patches;
    const patches = new Set<string>();
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // unreadable: no patches known
    }
    const doc = parseManifestText(text, name).objects[0]?.object as Record<string, unknown> | undefined;
    for (const p of Array.isArray(doc?.patches) ? doc.patches : []) {
      const path = p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined;
      if (typeof path === 'string') patches.add(resolve(folder, path));
    }
    // Entries are file paths or inline patches (YAML text, which has a newline or a colon).
    for (const p of Array.isArray(doc?.patchesStrategicMerge) ? doc.patchesStrategicMerge : []) if (typeof p === 'string' && !/[\n:]/.test(p)) patches.add(resolve(folder, p));
    byFolder.set(folder, { file, mtimeMs, patches });
    return patches;
  }
  return NONE;
}

/** True when the kustomization beside `path` lists it as a patch. */
export function isKustomizePatch(path: string): boolean {
  return patchFiles(dirname(resolve(path))).has(resolve(path));
}
