/**
 * The CustomResourceDefinitions in an inventory, as schemas for their custom resources: each version's
 * `openAPIV3Schema` is converted up front (cheap, and it reports an unusable schema on the CRD even when no
 * custom resource uses it) and compiled only when an object of that group/version/kind is validated.
 */
import type { ValidateFunction } from 'ajv';
import type { InventoryItem } from '../../check/types';
import { SchemaConversionError, strictSchemaFromOpenAPI, type JsonSchema } from './structural';
import { OBJECT_META_REF, type SchemaSet } from './registry';

export interface CrdVersion {
  readonly crd: InventoryItem;
  /** Pointer of the version's openAPIV3Schema inside the CRD. */
  readonly path: string;
  readonly schema?: JsonSchema;
  /** Why there is no usable schema (no openAPIV3Schema, or one that cannot be converted or compiled). */
  problem?: { readonly path: string; readonly message: string };
  validate?: ValidateFunction;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

// Callers that judge several inventories against one list of CRDs (the parallel path finds them, then judges the
// custom resources against them) convert them once, and compile each validator once.
const converted = new WeakMap<readonly InventoryItem[], Map<string, CrdVersion>>();

/**
 * Custom resource schemas by `<group>/<version>/<kind>`; the first CRD defining one wins. Converted once per
 * `crds` array (and its validators compiled once), however many files are checked against it.
 */
export function crdVersions(crds: readonly InventoryItem[]): Map<string, CrdVersion> {
  const cached = converted.get(crds);
  if (cached) return cached;
  const out = new Map<string, CrdVersion>();
  converted.set(crds, out);
  for (const crd of crds) {
    if (crd.apiVersion !== 'apiextensions.k8s.io/v1') continue;
    const spec = obj(crd.object.spec);
    const group = spec?.group;
    const kind = obj(spec?.names)?.kind;
    const versions = spec?.versions;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(versions)) continue;
    versions.forEach((v, i) => {
      const name = obj(v)?.name;
      if (typeof name !== 'string') return;
      const key = `${group}/${name}/${kind}`;
      if (out.has(key)) return;
      const path = `/spec/versions/${i}/schema/openAPIV3Schema`;
      const openAPI = obj(obj(obj(v)?.schema)?.openAPIV3Schema);
      if (!openAPI) {
        out.set(key, { crd, path, problem: { path: `/spec/versions/${i}`, message: `version ${name} has no schema.openAPIV3Schema` } });
        return;
      }
      try {
        out.set(key, { crd, path, schema: strictSchemaFromOpenAPI(openAPI, { objectMetaRef: OBJECT_META_REF }) });
      } catch (e) {
        if (!(e instanceof SchemaConversionError)) throw e;
        out.set(key, { crd, path, problem: { path: `${path}${e.path}`, message: `openAPIV3Schema of ${name} cannot be used: ${e.message}` } });
      }
    });
  }
  return out;
}

/** The compiled validator of a CRD version, or undefined (with `problem` set) when ajv refuses the schema. */
export function crdValidator(version: CrdVersion, schemas: SchemaSet): ValidateFunction | undefined {
  if (version.validate || !version.schema || version.problem) return version.validate;
  try {
    version.validate = schemas.compileCustom(version.schema);
  } catch (e) {
    version.problem = { path: version.path, message: `openAPIV3Schema cannot be compiled: ${(e as Error).message}` };
  }
  return version.validate;
}
