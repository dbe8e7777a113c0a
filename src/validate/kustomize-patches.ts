/**
 * Files a kustomization lists as patches (`patches[].path`, `patchesStrategicMerge`) hold fragments of objects,
 * not whole ones: kustomize merges them into the objects they target. Only the kustomization in the patch's own
 * folder is read (where kustomize overlays keep their patches).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseManifestText } from './load';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Absolute paths of the patch files a folder's kustomization names, by folder. */
const byFolder = new Map<string, ReadonlySet<string>>();

function patchFiles(folder: string): ReadonlySet<string> {
  const cached = byFolder.get(folder);
  if (cached) return cached;
  const out = new Set<string>();
  byFolder.set(folder, out);
  for (const name of KUSTOMIZATION_FILES) {
    let text: string;
    try {
      text = readFileSync(join(folder, name), 'utf8');
    } catch {
      continue;
    }
    const doc = parseManifestText(text, name).objects[0]?.object as Record<string, unknown> | undefined;
    const patches = Array.isArray(doc?.patches) ? doc.patches : [];
    for (const p of patches) {
      const path = p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined;
      if (typeof path === 'string') out.add(resolve(folder, path));
    }
    // Entries are file paths or inline patches (YAML text, which has a newline or a colon).
    for (const p of Array.isArray(doc?.patchesStrategicMerge) ? doc.patchesStrategicMerge : []) if (typeof p === 'string' && !/[\n:]/.test(p)) out.add(resolve(folder, p));
    break;
  }
  return out;
}

/** True when the kustomization beside `path` lists it as a patch. */
export function isKustomizePatch(path: string): boolean {
  return patchFiles(dirname(resolve(path))).has(resolve(path));
}
