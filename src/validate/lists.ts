/**
 * Lists as kubectl reads them. kubectl's decoder (apimachinery's unstructuredJSONScheme) takes any document with
 * an `items` field as a list, and its resource builder (FlattenListVisitor) applies the items, flattening Lists
 * inside Lists; the wrapper itself is never sent to a server. So a `v1 List` (`kubectl get -o yaml`), a
 * ConfigMapList or a RoleBindingList stands for its items: each is an object of its own, and the wrapper is
 * nothing to judge. Taken as a List here: a kind ending in `List` with an `items` field, and `v1 List` always (a
 * Deployment with a stray `items` stays a Deployment, for the schema rule to name the field). Unlike kubectl, an
 * item takes nothing from its List (kubectl fills in the kind and apiVersion of an item that has neither from
 * the List's): an item is judged as written.
 */
import { showValue } from '../lib/show-value';
import type { K8sObject } from '../check/types';

export interface ListEntry {
  readonly object: K8sObject;
  /** Where the object is in its document: '' for the document itself, `/items/3` for a List's fourth item. */
  readonly pointer: string;
}

export interface ListProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface UnwrappedDocument {
  readonly objects: ListEntry[];
  readonly problems: ListProblem[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isList(object: K8sObject): boolean {
  const kind = object.kind;
  return typeof kind === 'string' && kind.endsWith('List') && (kind === 'List' || Object.prototype.hasOwnProperty.call(object, 'items'));
}

/**
 * The objects document `doc` (0-based) stands for: itself, or the items of a List, in document order; and what
 * in a List is not an object. Iterative: a List may nest as deep as the parser allowed.
 */
export function unwrapLists(document: K8sObject, doc: number): UnwrappedDocument {
  if (!isList(document)) return { objects: [{ object: document, pointer: '' }], problems: [] };
  const objects: ListEntry[] = [];
  const problems: ListProblem[] = [];
  const stack: ListEntry[] = [{ object: document, pointer: '' }];
  while (stack.length) {
    const { object, pointer } = stack.pop()!;
    if (!isList(object)) {
      objects.push({ object, pointer });
      continue;
    }
    const items = object.items;
    const where = `the ${object.kind as string}${pointer ? ` at ${pointer}` : ''} in document ${doc + 1}`;
    if (!Array.isArray(items)) {
      problems.push({
        pointer: `${pointer}/items`,
        message: `items of ${where} is ${items === undefined ? 'missing' : showValue(items)}, expected an array of Kubernetes objects (kubectl applies a List's items)`,
      });
      continue;
    }
    for (let i = items.length - 1; i >= 0; i--) {
      const entry = items[i] as unknown;
      const at = `${pointer}/items/${i}`;
      if (isObject(entry)) stack.push({ object: entry as K8sObject, pointer: at });
      else
        problems.push({
          pointer: at,
          message: `item ${i} of ${where} is ${showValue(entry)}, expected a Kubernetes object (a mapping with apiVersion and kind)`,
        });
    }
  }
  return { objects, problems };
}
