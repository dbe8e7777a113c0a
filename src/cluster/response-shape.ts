/**
 * Shape checks on every API answer the client reads. Nothing an API server sends is trusted: a wrong-typed field
 * must be a message naming the request, the field and what came back, not a TypeError deep in a command.
 */
import { ClusterError } from './errors';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

type Json = Record<string, unknown>;

/** The API server sent a 2xx answer Plimsoll cannot read (not JSON, or not the shape the request returns). */
export class MalformedResponseError extends ClusterError {
  constructor(
    /** `GET /apis/apps/v1`, with the RBAC description for resource URLs. */
    readonly request: string,
    readonly problem: string,
  ) {
    super(`malformed answer from the API server: ${request}: ${problem}`);
    this.name = 'MalformedResponseError';
  }
}

/** `a number`, `null`, `an array`, ... for messages. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v === undefined) return 'missing';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** At most `max` characters of `text`, JSON-escaped (control characters, quotes), with `…` when cut. */
export function excerpt(text: string, max = 200): string {
  const cut = text.length > max;
  return `${JSON.stringify(cut ? text.slice(0, max) : text)}${cut ? '…' : ''}`;
}

class Checker {
  constructor(readonly request: string) {}

  fail(field: string, value: unknown, expected: string): never {
    throw new MalformedResponseError(this.request, `${field ? `${field} is` : 'the body is'} ${typeName(value)}, expected ${expected}`);
  }

  object(v: unknown, field: string): Json {
    if (!isObject(v)) this.fail(field, v, 'an object');
    return v;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, v, 'a string');
    return v;
  }

  optionalString(v: unknown, field: string): void {
    if (v !== undefined && typeof v !== 'string') this.fail(field, v, 'a string');
  }

  optionalStrings(v: unknown, field: string): void {
    if (v === undefined) return;
    if (!Array.isArray(v)) this.fail(field, v, 'an array of strings');
    const bad = v.findIndex((s) => typeof s !== 'string');
    if (bad >= 0) this.fail(`${field}[${bad}]`, v[bad], 'a string');
  }
}

/** An APIResourceList (GET /api/v1, GET /apis/<group>/<version>), with every field the client reads checked. */
export function checkResourceList(body: unknown, request: string): K8s.V1APIResourceList {
  const c = new Checker(request);
  const list = c.object(body, '');
  c.optionalString(list.groupVersion, 'groupVersion');
  if (!Array.isArray(list.resources)) c.fail('resources', list.resources, 'an array');
  (list.resources as unknown[]).forEach((raw, i) => {
    const at = `resources[${i}]`;
    const r = c.object(raw, at);
    c.string(r.name, `${at}.name`);
    c.string(r.kind, `${at}.kind`);
    if (typeof r.namespaced !== 'boolean') c.fail(`${at}.namespaced`, r.namespaced, 'a boolean');
    c.optionalStrings(r.verbs, `${at}.verbs`);
    c.optionalStrings(r.shortNames, `${at}.shortNames`);
    c.optionalStrings(r.categories, `${at}.categories`);
    c.optionalString(r.singularName, `${at}.singularName`);
    c.optionalString(r.group, `${at}.group`);
    c.optionalString(r.version, `${at}.version`);
  });
  return list as unknown as K8s.V1APIResourceList;
}

function checkMetadata(c: Checker, v: unknown, at: string): void {
  const m = c.object(v, at);
  c.optionalString(m.name, `${at}.name`);
  c.optionalString(m.namespace, `${at}.namespace`);
  for (const key of ['labels', 'annotations'] as const) {
    if (m[key] === undefined || m[key] === null) continue;
    const map = c.object(m[key], `${at}.${key}`);
    for (const [k, val] of Object.entries(map)) c.string(val, `${at}.${key}[${JSON.stringify(k)}]`);
  }
}

/** One object (get, apply): a JSON object with a metadata object. */
export function checkObject(body: unknown, request: string): Json {
  const c = new Checker(request);
  const o = c.object(body, '');
  checkMetadata(c, o.metadata, 'metadata');
  return o;
}

/** One page of a list: items an array of objects with metadata, metadata.continue a string when present. */
export function checkListPage(body: unknown, request: string): { items: Json[]; continueToken: string } {
  const c = new Checker(request);
  const page = c.object(body, '');
  let continueToken = '';
  if (page.metadata !== undefined) {
    const m = c.object(page.metadata, 'metadata');
    c.optionalString(m.continue, 'metadata.continue');
    continueToken = (m.continue as string | undefined) ?? '';
  }
  // Go encodes an empty slice as [] but a nil one as null: both are an empty page.
  if (page.items !== null && !Array.isArray(page.items)) c.fail('items', page.items, 'an array');
  const items = (page.items as unknown[] | null) ?? [];
  items.forEach((item, i) => {
    const o = c.object(item, `items[${i}]`);
    checkMetadata(c, o.metadata, `items[${i}].metadata`);
  });
  return { items: items as Json[], continueToken };
}
