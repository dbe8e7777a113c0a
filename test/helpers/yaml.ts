/**
 * YAML documents as the validator reads them (js-yaml with MANIFEST_SCHEMA: YAML 1.2 core types and merge keys), for
 * helpers that read rendered output or fixtures many times: several times faster than `yaml`'s document API.
 */
import { load, loadAll } from 'js-yaml';
import { MANIFEST_SCHEMA } from '../../src/validate/yaml-schema';

/** The documents of `text`, empty ones left out. */
export function yamlDocuments<T = Record<string, unknown>>(text: string): T[] {
  return (loadAll(text, undefined, { schema: MANIFEST_SCHEMA }) as unknown[]).filter((d): d is T => d !== null && d !== undefined);
}

/** The one document of `text`. */
export function yamlDocument<T = Record<string, unknown>>(text: string): T {
  return load(text, { schema: MANIFEST_SCHEMA }) as T;
}

/** A ConfigMap of nine levels of nine aliases: 9^9 nodes once expanded, far over any file's allowance. */
export const ALIAS_BOMB =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: x}\ndata:\n' +
  Array.from({ length: 9 }, (_, i) =>
    i === 0
      ? '  a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]'
      : `  a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
  ).join('\n') +
  '\n';
