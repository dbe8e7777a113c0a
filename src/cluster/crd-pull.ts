/**
 * `plimsoll schemas pull`: a live cluster's CustomResourceDefinitions, saved as YAML files for later offline
 * `validate --crds DIR` runs. Only what a schema needs is kept (group, names, scope, versions with their schemas);
 * server state (status, managedFields, uid, resourceVersion, timestamps, last-applied annotations) is dropped, so
 * pulling an unchanged cluster again writes the same bytes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '../lib/yaml';
import { MalformedResponseError, excerpt, isObject, typeName } from './response-shape';
import type { ClusterClient, JsonObject } from './client';

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
/** First line of every file a pull writes: a later pull into the same folder replaces exactly these. */
const HEADER = '# Saved by `plimsoll schemas pull`';
/** A CRD's name is `<plural>.<group>`: DNS labels, so a file name that cannot leave the folder. */
const CRD_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

export interface PulledCrd {
  readonly name: string;
  /** `<group>/<version>/<Kind>` of every version with a schema. */
  readonly kinds: string[];
  readonly object: JsonObject;
}

/** The fields of one listed CRD that `--crds` reads, checked; anything else is a malformed answer naming the item. */
function schemaPart(item: JsonObject, index: number): PulledCrd {
  const request = `GET /apis/${CRD_API_VERSION}/customresourcedefinitions`;
  const at = (field: string) => `items[${index}]${field}`;
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new MalformedResponseError(request, `${at(field)} is ${typeof value === 'string' ? excerpt(value, 80) : typeName(value)}, expected ${expected}`);
  };
  const metadata = item.metadata as JsonObject;
  const name = metadata.name;
  if (typeof name !== 'string' || !CRD_NAME.test(name) || name.length > 253) fail('.metadata.name', name, 'a CustomResourceDefinition name (<plural>.<group>)');
  const spec = isObject(item.spec) ? item.spec : fail('.spec', item.spec, 'an object');
  if (typeof spec.group !== 'string') fail('.spec.group', spec.group, 'a string');
  const names = isObject(spec.names) ? spec.names : fail('.spec.names', spec.names, 'an object');
  if (typeof names.kind !== 'string') fail('.spec.names.kind', names.kind, 'a string');
  if (!Array.isArray(spec.versions)) fail('.spec.versions', spec.versions, 'an array');
  const kinds: string[] = [];
  (spec.versions as unknown[]).forEach((v, i) => {
    if (!isObject(v)) fail(`.spec.versions[${i}]`, v, 'an object');
    const version = v as JsonObject;
    if (typeof version.name !== 'string') fail(`.spec.versions[${i}].name`, version.name, 'a string');
    if (version.schema !== undefined && !isObject(version.schema)) fail(`.spec.versions[${i}].schema`, version.schema, 'an object');
    if (isObject(version.schema) && version.schema.openAPIV3Schema !== undefined && !isObject(version.schema.openAPIV3Schema)) {
      fail(`.spec.versions[${i}].schema.openAPIV3Schema`, version.schema.openAPIV3Schema, 'an object');
    }
    if (isObject(version.schema)) kinds.push(`${spec.group}/${version.name}/${names.kind}`);
  });
  const labels = isObject(metadata.labels) ? metadata.labels : undefined;
  const object: JsonObject = {
    apiVersion: CRD_API_VERSION,
    kind: 'CustomResourceDefinition',
    metadata: { name, ...(labels && Object.keys(labels).length ? { labels } : {}) },
    spec: {
      group: spec.group,
      names,
      scope: spec.scope,
      versions: (spec.versions as JsonObject[]).map((v) => {
        const { name: vName, served, storage, deprecated, deprecationWarning, schema, subresources } = v;
        return Object.fromEntries(
          Object.entries({ name: vName, served, storage, deprecated, deprecationWarning, schema, subresources }).filter(([, x]) => x !== undefined),
        );
      }),
    },
  };
  return { name: name as string, kinds, object };
}

/** Every CustomResourceDefinition the cluster serves, sorted by name. */
export async function pullCrds(client: ClusterClient): Promise<PulledCrd[]> {
  const items = await client.list(CRD_API_VERSION, 'CustomResourceDefinition');
  return items.map((item, i) => schemaPart(item, i)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Writes one `<name>.yaml` per CRD into `dir` and removes the files an earlier pull wrote there that are no longer
 * served (recognised by their first line; nothing else in the folder is touched). Returns the files written.
 */
export function saveCrds(crds: readonly PulledCrd[], dir: string, source: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written = new Set<string>();
  for (const crd of crds) {
    const file = `${crd.name}.yaml`;
    writeFileSync(join(dir, file), `${HEADER} from ${source}.\n${toYaml(crd.object)}`);
    written.add(file);
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.yaml') || written.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (readFileSync(path, 'utf8').startsWith(HEADER)) rmSync(path);
  }
  return [...written];
}
