/**
 * The one way a finding of any kind of check becomes a reported Finding: the check's meta names it, so every
 * report (validate, gates, verify, the admission guard, peer parity) carries declared check ids in the same shape.
 */
import type { CheckMeta } from './meta';
import type { Finding, FindingSeverity, ObjectRef } from './types';

/** Where a finding points. */
export interface FindingPlace {
  /** Display path of the file ('' when there is none). */
  readonly file: string;
  readonly line: number | null;
  readonly object: ObjectRef | null;
  /** JSON pointer into the object's document or the file ('' for the whole); a List item's path starts at its `/items/N`. */
  readonly path: string;
}

export function checkFinding(check: Pick<CheckMeta, 'id'>, severity: FindingSeverity, place: FindingPlace, message: string, waived?: string): Finding {
  return { rule: check.id, severity, file: place.file, line: place.line, object: place.object, path: place.path, message, ...(waived ? { waived } : {}) };
}

/** A check that threw: an error finding, so a Plimsoll bug never passes silently. */
export function crashFinding(check: Pick<CheckMeta, 'id'>, message: string, noun: 'rule' | 'check' = 'check'): Finding {
  return checkFinding(check, 'error', NOWHERE, `${noun} crashed (a Plimsoll bug; please report it with the input): ${message}`);
}

/** No file, no object. */
export const NOWHERE: FindingPlace = { file: '', line: null, object: null, path: '' };

/** The four fields of an object's identity (of an inventory item, a rendered item), without the rest. */
export function objectRef(o: ObjectRef): ObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name };
}

/** `Kind namespace/name` of a finding's object, as the text and HTML reports show it ('' when it has none). */
export function findingObjectName(f: Finding): string {
  if (!f.object) return '';
  const ns = f.object.namespace ? `${f.object.namespace}/` : '';
  return `${f.object.kind || '?'} ${ns}${f.object.name || '?'}`;
}
