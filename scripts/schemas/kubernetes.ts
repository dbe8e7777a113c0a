/**
 * Kubernetes 1.28 as strict JSON Schema, from two npm-shipped sources:
 * - the jsii assembly of cdk8s-plus-28 (`node_modules/cdk8s-plus-28/.jsii`): every 1.28 type with its JSON
 *   property names (`docs.custom.schema` = "io.k8s.api.apps.v1.DeploymentSpec#replicas"), required fields (not
 *   `optional`) and property types; the Kube* classes give each kind's apiVersion and kind;
 * - the declarations of `kubernetes-models` (a later Kubernetes release), for what cdk8s leaves out: the enums
 *   (`"ClusterIP" | "NodePort" | ...`) and which kinds have a `status`. Only properties 1.28 has get an enum.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { enumsOf, interfacesOf, kindOf, parseDts } from './dts';
import { allowNull, type JsonSchema } from '../../src/validate/schemas/structural';

export const KUBERNETES_ID = 'kubernetes-1.28';

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

const PREFIX = 'cdk8s-plus-28.k8s.';
/** The only floating-point fields in the 1.28 API (`format: double`); every other number is an integer. */
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

/** Enums by kubernetes-models type name, and the `<apiVersion>/<kind>` of kinds that have a status. */
function readModels(): { enums: Map<string, Map<string, string[]>>; withStatus: Set<string>; version: string } {
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
  return { enums, withStatus, version };
}

export function kubernetesSchemas(): KubernetesSchemas {
  const jsii = JSON.parse(readFileSync(require.resolve('cdk8s-plus-28/.jsii'), 'utf8')) as { types: Record<string, JsiiEntry>; version: string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = require('cdk8s-plus-28').k8s as Record<string, { GVK?: { apiVersion: string; kind: string } } & Record<string, string>>;
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
      $comment: `Generated by \`npm run gen:schemas\` from cdk8s-plus-28 ${jsii.version} (.jsii) and kubernetes-models ${models.version} (enums, status). Do not edit.`,
      kinds: sortedKinds,
      definitions: sortedDefs,
    },
    stats: { definitions: Object.keys(sortedDefs).length, kinds: Object.keys(sortedKinds).length, enums: enumCount },
  };
}
