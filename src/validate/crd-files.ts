/**
 * `validate --crds PATH`: CustomResourceDefinitions read from files or folders (as `schemas pull` saves them, or
 * as a chart ships them) and used only as schemas for the custom resources of the input. They are not objects of
 * the input: no rule judges them and they are not counted. CRDs in the input come first (what is applied with
 * the custom resources wins), then these, then the bundled catalog.
 */
import { collectFiles, loadFile, readSource } from './load';
import { PositionCache } from './locate';
import { makeItem } from '../check/inventory';
import { InputError } from '../lib/errors';
import { showValue } from '../lib/show-value';
import type { Inventory } from '../check/inventory';
import type { ValidateOptions } from './index';
import type { InventoryItem, K8sObject } from '../check/types';

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

function isObject(v: unknown): v is K8sObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Every CustomResourceDefinition in `paths`, `kubectl get crd -o yaml` Lists unwrapped. Anything that keeps a
 * file from being read as CRDs is an input error (exit 2) naming the file, line and what was expected: a schema
 * source that silently lost a CRD would turn into "no schema" warnings far from their cause.
 */
export function loadCrdFiles(paths: readonly string[]): InventoryItem[] {
  const { files, problems } = collectFiles(paths);
  const errors = problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  const crds: InventoryItem[] = [];
  const positions = new PositionCache(readSource);
  for (const path of files) {
    const loaded = loadFile(path);
    for (const p of loaded.problems) errors.push(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    for (const item of loaded.items) {
      const entries = item.kind.endsWith('List') && Array.isArray(item.object.items) ? (item.object.items as unknown[]) : [item.object];
      entries.forEach((entry, i) => {
        const pointer = entry === item.object ? '' : `/items/${i}`;
        if (!isObject(entry) || entry.kind !== 'CustomResourceDefinition' || entry.apiVersion !== CRD_API_VERSION) {
          const got = isObject(entry) ? `kind ${showValue(entry.kind)} and apiVersion ${showValue(entry.apiVersion)}` : showValue(entry);
          const line = positions.lineOf(item.file, item.doc, pointer);
          errors.push(
            `${item.file}${line ? `:${line}` : ''}${pointer ? ` ${pointer}` : ''}: got ${got}, expected a CustomResourceDefinition of ${CRD_API_VERSION}`,
          );
          return;
        }
        crds.push(entry === item.object ? item : makeItem(entry, item.file, item.doc));
      });
    }
  }
  if (errors.length) {
    const shown = errors
      .slice(0, 10)
      .map((e) => `  ${e}`)
      .join('\n');
    throw new InputError(
      `--crds: ${errors.length} problem${errors.length === 1 ? '' : 's'} reading CustomResourceDefinitions:\n${shown}${errors.length > 10 ? `\n  … and ${errors.length - 10} more` : ''}`,
    );
  }
  if (!crds.length)
    throw new InputError(
      `--crds ${paths.join(' ')}: no CustomResourceDefinition found (expected YAML or JSON files of ${CRD_API_VERSION} CustomResourceDefinitions)`,
    );
  return crds;
}

/** The CRDs custom resources are judged against: the input's, then `--crds`'. */
export function schemaCrds(inventory: Inventory, options: Pick<ValidateOptions, 'crdSchemas'>): readonly InventoryItem[] {
  const own = inventory.ofKind('CustomResourceDefinition');
  return options.crdSchemas?.length ? [...own, ...options.crdSchemas] : own;
}
