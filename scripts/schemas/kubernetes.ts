/**
 * One Kubernetes release (1.28 … 1.33) as strict JSON Schema, from two npm-shipped sources:
 * - the jsii assembly of cdk8s-plus-<minor> (`node_modules/cdk8s-plus-30/.jsii` for 1.30): every type of that
 *   release with its JSON property names (`docs.custom.schema` = "io.k8s.api.apps.v1.DeploymentSpec#replicas"), required fields (not
 *   `optional`) and property types; the Kube* classes give each kind's apiVersion and kind;
 * - the declarations of `kubernetes-models` (a later Kubernetes release), for what cdk8s leaves out: the enums
 *   (`"ClusterIP" | "NodePort" | ...`) and which kinds have a `status`. Only properties the release has get an enum.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { enumsOf, interfacesOf, kindOf, parseDts } from './dts';
import { allowNull, type JsonSchema } from '../../src/validate/schemas/structural';

/** The `$id` of every version's document: one version is loaded per run, and custom resources `$ref` its ObjectMeta. */
export const KUBERNETES_ID = 'kubernetes';

interface JsiiType {
  primitive?: string;
  fqn?: string;
  collection?: { kind: 'array' | 'map'; elementtype: JsiiType };
  union?: { types: JsiiType[] };
}

interface JsiiProperty {
  name: string;
  optional?: boolean;
  type: JsiiType;
  docs?: { custom?: { schema?: string } };
}

interface JsiiEntry {
  kind: 'interface' | 'class' | 'enum';
  name: string;
  fqn: string;
  properties?: JsiiProperty[];
  members?: Array<{ name: string }>;
  docs?: { custom?: { schema?: string } };
}

/** The only floating-point fields in the 1.28 … 1.33 APIs (`format: double`); every other number is an integer. */
const FLOAT_FIELDS = new Set(['maximum', 'minimum', 'multipleOf'].map((p) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps#${p}`));

const JSON_SCHEMA_PROPS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
const SCHEMA_REF = { type: 'object', $ref: `#/definitions/${JSON_SCHEMA_PROPS}` };
/**
 * Fields cdk8s types as `any` because they are unions in Go (JSONSchemaPropsOrArray, JSONSchemaPropsOrBool): a
 * nested schema is still checked strictly, so a misspelled keyword deep in a CRD's schema is found.
 */
const FIELD_OVERRIDES: Record<string, JsonSchema> = {
  [`${JSON_SCHEMA_PROPS}#items`]: { if: { type: 'object' }, then: SCHEMA_REF, else: { type: ['array', 'null'], items: SCHEMA_REF } },
  [`${JSON_SCHEMA_PROPS}#additionalProperties`]: { if: { type: 'object' }, then: SCHEMA_REF, else: { type: ['boolean', 'null'] } },
  [`${JSON_SCHEMA_PROPS}#additionalItems`]: { if: { type: 'object' }, then: SCHEMA_REF, else: { type: ['boolean', 'null'] } },
};

export interface KubernetesSchemas {
  /** `$id`, `definitions` keyed by OpenAPI id, `kinds` keyed by `<apiVersion>/<kind>` → definition id. */
  readonly document: JsonSchema;
  readonly stats: { definitions: number; kinds: number; enums: number };
}

/** "io.k8s.api.core.v1.ServiceSpec" → "IoK8sApiCoreV1ServiceSpec", kubernetes-models' name for it. */
function modelsName(id: string): string {
  return id
    .split(/[.-]/)
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
}

function dtsFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (entry === 'node_modules' || entry === '_schemas') continue;
    if (statSync(full).isDirectory()) dtsFiles(full, out);
    else if (entry.endsWith('.d.ts') && entry !== 'index.d.ts') out.push(full);
  }
  return out;
}

interface Models {
  enums: Map<string, Map<string, string[]>>;
  withStatus: Set<string>;
  version: string;
}
let modelsRead: Models | undefined;

/** Enums by kubernetes-models type name, and the `<apiVersion>/<kind>` of kinds that have a status (read once). */
function readModels(): Models {
  if (modelsRead) return modelsRead;
  const pkg = dirname(require.resolve('kubernetes-models/package.json'));
  const enums = new Map<string, Map<string, string[]>>();
  const withStatus = new Set<string>();
  for (const file of dtsFiles(pkg)) {
    for (const [name, decl] of interfacesOf(parseDts(file))) {
      if (!name.startsWith('IIoK8s')) continue;
      const e = enumsOf(decl);
      if (e.size) enums.set(name.slice(1), e);
      const kind = kindOf(decl);
      if (kind?.properties.includes('status')) withStatus.add(`${kind.apiVersion}/${kind.kind}`);
    }
  }
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version as string;
  modelsRead = { enums, withStatus, version };
  return modelsRead;
}

/** `1.30` → `cdk8s-plus-30`, the package whose jsii assembly describes that Kubernetes release. */
export function cdk8sPlusPackage(version: string): string {
  return `cdk8s-plus-${version.split('.')[1]}`;
}

export function kubernetesSchemas(version: string): KubernetesSchemas {
  const pkg = cdk8sPlusPackage(version);
  const PREFIX = `${pkg}.k8s.`;
  const jsii = JSON.parse(readFileSync(require.resolve(`${pkg}/.jsii`), 'utf8')) as { types: Record<string, JsiiEntry>; version: string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = require(pkg).k8s as Record<string, { GVK?: { apiVersion: string; kind: string } } & Record<string, string>>;
  const models = readModels();
  const types = Object.values(jsii.types).filter((t) => t.fqn.startsWith(PREFIX));
  const byFqn = new Map(types.map((t) => [t.fqn, t]));
  let enumCount = 0;

  const ref = (id: string) => `#/definitions/${id}`;

  function typeSchema(type: JsiiType, field: string): JsonSchema {
    if (type.primitive) {
      switch (type.primitive) {
        case 'string':
        case 'date':
          return { type: 'string' };
        case 'boolean':
          return { type: 'boolean' };
        case 'number':
          return { type: FLOAT_FIELDS.has(field) ? 'number' : 'integer' };
        case 'any':
        case 'json':
          return {};
      }
      throw new Error(`${field}: unknown jsii primitive ${type.primitive}`);
    }
    if (type.collection) {
      const element = typeSchema(type.collection.elementtype, field);
      return type.collection.kind === 'array' ? { type: 'array', items: element } : { type: 'object', additionalProperties: element };
    }
    if (type.fqn) {
      const target = byFqn.get(type.fqn);
      if (!target) throw new Error(`${field}: unknown type ${type.fqn}`);
      if (target.name === 'IntOrString') return { type: ['integer', 'string'] };
      if (target.name === 'Quantity') return { type: ['number', 'string'] };
      if (target.kind === 'enum') {
        const values = (target.members ?? []).map((m) => runtime[target.name]?.[m.name]);
        if (values.some((v) => typeof v !== 'string')) throw new Error(`${field}: enum ${target.name} has no runtime values`);
        return { type: 'string', enum: values };
      }
      const id = target.docs?.custom?.schema;
      if (target.kind !== 'interface' || !id) throw new Error(`${field}: cannot describe ${type.fqn}`);
      return { type: 'object', $ref: ref(id) };
    }
    throw new Error(`${field}: unsupported jsii type ${JSON.stringify(type)}`);
  }

  function definition(entry: JsiiEntry, id: string): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const enums = models.enums.get(modelsName(id));
    for (const p of [...(entry.properties ?? [])]) {
      const field = p.docs?.custom?.schema;
      if (!field?.startsWith(`${id}#`)) throw new Error(`${entry.fqn}.${p.name}: no original JSON name (docs.custom.schema)`);
      const json = field.slice(id.length + 1);
      let schema = FIELD_OVERRIDES[field] ?? typeSchema(p.type, field);
      const values = enums?.get(json);
      if (values) {
        if (schema.type === 'string') schema = { ...schema, enum: values };
        else if (schema.type === 'array' && (schema.items as JsonSchema).type === 'string') schema = { ...schema, items: { type: 'string', enum: values } };
        else throw new Error(`${field}: kubernetes-models has enum ${values.join('|')} for a ${JSON.stringify(schema.type)}`);
        enumCount++;
      }
      if (p.optional) properties[json] = allowNull(schema);
      else {
        properties[json] = schema;
        required.push(json);
      }
    }
    const sorted: Record<string, JsonSchema> = {};
    for (const k of Object.keys(properties).sort()) sorted[k] = properties[k];
    const out: JsonSchema = { properties: sorted, additionalProperties: false };
    if (required.length) out.required = required.sort();
    return out;
  }

  const definitions: Record<string, JsonSchema> = {};
  const kinds: Record<string, string> = {};
  for (const t of types) {
    if (t.kind !== 'interface') continue;
    const id = t.docs?.custom?.schema;
    if (!id) throw new Error(`${t.fqn}: no schema id`);
    definitions[id] = definition(t, id);
  }
  for (const t of types) {
    if (t.kind !== 'class' || !t.name.startsWith('Kube')) continue;
    const gvk = runtime[t.name]?.GVK;
    const id = t.docs?.custom?.schema;
    if (!gvk || !id) throw new Error(`${t.fqn}: no GVK or schema id`);
    const def = definitions[id];
    if (!def) throw new Error(`${t.fqn}: no definition ${id} (from ${t.fqn}Props)`);
    const props = def.properties as Record<string, JsonSchema>;
    props.apiVersion = { type: ['string', 'null'] };
    props.kind = { type: ['string', 'null'] };
    // cdk8s drops status; the API server accepts (and ignores) it on kinds that have one.
    if (models.withStatus.has(`${gvk.apiVersion}/${gvk.kind}`)) props.status = {};
    const sorted: Record<string, JsonSchema> = {};
    for (const k of Object.keys(props).sort()) sorted[k] = props[k];
    def.properties = sorted;
    kinds[`${gvk.apiVersion}/${gvk.kind}`] = id;
  }
  const sortedDefs: Record<string, JsonSchema> = {};
  for (const k of Object.keys(definitions).sort()) sortedDefs[k] = definitions[k];
  const sortedKinds: Record<string, string> = {};
  for (const k of Object.keys(kinds).sort()) sortedKinds[k] = kinds[k];
  return {
    document: {
      $id: KUBERNETES_ID,
      version,
      $comment: `Generated by \`npm run gen:schemas\` from ${pkg} ${jsii.version} (.jsii) and kubernetes-models ${models.version} (enums, status). Do not edit.`,
      kinds: sortedKinds,
      definitions: sortedDefs,
    },
    stats: { definitions: Object.keys(sortedDefs).length, kinds: Object.keys(sortedKinds).length, enums: enumCount },
  };
}

type Document = { kinds: Record<string, string>; definitions: Record<string, JsonSchema> } & JsonSchema;

/**
 * What later bundled releases add to `doc`'s: kinds (`<apiVersion>/<kind>`) and fields (`<definition>#<field>`) it
 * lacks, each with the lowest release that has it, for "needs Kubernetes ≥ X". Later releases come oldest first.
 */
function newerThan(
  doc: Document,
  later: ReadonlyArray<{ version: string; doc: Document }>,
): { newerKinds: Record<string, string>; newerFields: Record<string, string> } {
  const kinds = new Map<string, string>();
  const fields = new Map<string, string>();
  for (const { version, doc: next } of later) {
    for (const key of Object.keys(next.kinds)) if (!(key in doc.kinds) && !kinds.has(key)) kinds.set(key, version);
    for (const [id, def] of Object.entries(doc.definitions)) {
      const has = (def.properties ?? {}) as Record<string, unknown>;
      for (const field of Object.keys((next.definitions[id]?.properties ?? {}) as Record<string, unknown>)) {
        const key = `${id}#${field}`;
        if (!(field in has) && !fields.has(key)) fields.set(key, version);
      }
    }
  }
  const sorted = (m: Map<string, string>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { newerKinds: sorted(kinds), newerFields: sorted(fields) };
}

/**
 * Every bundled release's document, by version. The newest is whole; an older one holds its own kinds and only
 * the definitions that differ from the newest's (`base` names it): the releases share most types unchanged, so
 * this keeps the shipped JSON at about a third of six whole copies. A definition of the newest that an older
 * release lacks is inherited but unreachable from that release's kinds.
 */
export function kubernetesDocuments(versions: readonly string[]): Map<string, JsonSchema> {
  const whole = versions.map((version) => ({ version, doc: kubernetesSchemas(version).document as Document }));
  const newest = whole[whole.length - 1];
  const out = new Map<string, JsonSchema>();
  whole.forEach(({ version, doc }, i) => {
    const { newerKinds, newerFields } = newerThan(doc, whole.slice(i + 1));
    if (doc === newest.doc) {
      out.set(version, doc);
      return;
    }
    const definitions: Record<string, JsonSchema> = {};
    for (const [id, def] of Object.entries(doc.definitions)) {
      const inherited = newest.doc.definitions[id];
      if (!inherited || JSON.stringify(inherited) !== JSON.stringify(def)) definitions[id] = def;
    }
    out.set(version, { $id: doc.$id, version, base: newest.version, $comment: doc.$comment, kinds: doc.kinds, newerKinds, newerFields, definitions });
  });
  return out;
}
