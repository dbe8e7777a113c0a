/**
 * The `namespace:` of kustomization files beside the input files: kustomize build sets it on every namespaced
 * object of its folder, so those objects land there (src/lib/apply-namespace.ts). Kustomize's own config is not
 * validated here; a kustomization that cannot be read or parsed gives no namespace.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as jsyaml from 'js-yaml';
import { displayPath as display } from '../lib/paths';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function namespaceOf(folder: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    let text: string;
    try {
      text = readFileSync(join(folder, name), 'utf8');
    } catch {
      continue;
    }
    try {
      const config = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
      const ns = config && typeof config === 'object' ? (config as { namespace?: unknown }).namespace : undefined;
      return typeof ns === 'string' && ns ? ns : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Folder (display path, as InventoryItem.file's dirname) → kustomization namespace, for the folders of `files`. */
export function kustomizeNamespaces(files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const file of files) {
    const folder = dirname(file);
    if (seen.has(folder)) continue;
    seen.add(folder);
    const ns = namespaceOf(folder);
    if (ns) out.set(dirname(display(file)), ns);
  }
  return out;
}
