/**
 * Strict schema validation, like `kubeconform -strict`: wrong types, bad enums, missing required fields and
 * unknown (often misspelled) fields, against Kubernetes 1.28, the platform's custom resources, and any
 * CustomResourceDefinition in the same input. All schemas ship with Plimsoll (src/validate/schemas/); nothing is
 * fetched. Not checked: formats, CEL validation rules, and (for the bundled custom resources) integer-ness,
 * patterns and bounds, which their npm-shipped sources do not carry; see src/validate/schemas/README.md.
 */
import { defineRule } from './types';
import { closest } from '../lib/suggest';
import { showValue } from '../lib/show-value';
import { schemaSet, groupOf, KUBERNETES_VERSION, type SchemaSet } from '../validate/schemas/registry';
import { crdValidator, crdVersions, type CrdVersion } from '../validate/schemas/inventory-crds';
import { objectProblems } from '../validate/schemas/problems';
import type { InventoryItem, RuleFinding } from '../validate/types';

interface Options {
  kubernetesVersion: string;
  strict: boolean;
  ignoreKinds: string[];
  ignoreMissingSchemas: boolean;
}

interface Context {
  readonly schemas: SchemaSet;
  readonly crds: Map<string, CrdVersion>;
  readonly options: Options;
  readonly ignored: ReadonlySet<string>;
}

function typeProblem(item: InventoryItem, object: Record<string, unknown>, at: string, field: 'apiVersion' | 'kind'): RuleFinding | undefined {
  const value = object[field];
  if (value === undefined || value === null || value === '') return { item, path: at, message: `missing required property "${field}"` };
  if (typeof value !== 'string') return { item, path: `${at}/${field}`, message: `got ${showValue(value)}, expected string` };
  return undefined;
}

function* noSchema(item: InventoryItem, apiVersion: string, kind: string, at: string, { schemas, options }: Context): Iterable<RuleFinding> {
  const group = groupOf(apiVersion);
  if (schemas.isBuiltinGroup(group)) {
    const served = schemas.servedVersions(group, kind);
    if (served.length) {
      yield {
        item,
        path: `${at}/apiVersion`,
        message: `got "${apiVersion}", expected ${served.map((v) => `"${v}"`).join(' or ')}: Kubernetes ${KUBERNETES_VERSION} does not serve ${kind} in ${apiVersion}`,
      };
    } else {
      const hint = closest(kind, schemas.builtinKinds(group));
      yield {
        item,
        path: `${at}/kind`,
        message: `got "${kind}", expected a kind of the ${group ? `"${group}"` : 'core'} API group: Kubernetes ${KUBERNETES_VERSION} has no ${kind} there${hint ? `; did you mean "${hint}"?` : ''}`,
      };
    }
    return;
  }
  if (options.ignoreMissingSchemas) return;
  const bundled = schemas.bundledVersions(group, kind);
  // One warning per kind and run: the cure (a schema for the kind) is the same for all its objects.
  yield {
    item,
    path: at,
    severity: 'warning',
    once: `no-schema ${apiVersion} ${kind}`,
    message:
      `no schema for ${apiVersion} ${kind}, so its fields are not checked: not a Kubernetes ${KUBERNETES_VERSION} kind, ` +
      `${bundled.length ? `bundled only as ${bundled.join(', ')}` : 'not a bundled custom resource'}, and no CustomResourceDefinition in the input or --crds defines it; ` +
      'supply its CustomResourceDefinition with `--crds PATH` (files or folders), or save a cluster\'s with `plimsoll schemas pull --context CONTEXT --out DIR` and pass `--crds DIR`',
  };
}

/** Findings for `object` (the item itself, or an entry of a `v1 List` at pointer `at`). */
function* checkObject(item: InventoryItem, object: Record<string, unknown>, at: string, ctx: Context): Iterable<RuleFinding> {
  const missing = typeProblem(item, object, at, 'apiVersion') ?? typeProblem(item, object, at, 'kind');
  if (missing) {
    yield missing;
    return;
  }
  const apiVersion = object.apiVersion as string;
  const kind = object.kind as string;
  if (ctx.ignored.has(kind) || ctx.ignored.has(`${apiVersion}/${kind}`)) return;
  if (apiVersion === 'v1' && kind === 'List') {
    // kubectl's client-side list (`kubectl get -o yaml`): no server kind, its items are the objects.
    const items = object.items;
    if (!Array.isArray(items)) {
      yield { item, path: `${at}/items`, message: `got ${showValue(items)}, expected an array of objects` };
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const entry = items[i] as unknown;
      if (entry && typeof entry === 'object' && !Array.isArray(entry)) yield* checkObject(item, entry as Record<string, unknown>, `${at}/items/${i}`, ctx);
      else yield { item, path: `${at}/items/${i}`, message: `got ${showValue(entry)}, expected object` };
    }
    return;
  }
  const crd = ctx.crds.get(`${apiVersion}/${kind}`);
  let validate;
  if (crd) {
    validate = crdValidator(crd, ctx.schemas);
    if (!validate) {
      yield { item, path: at, severity: 'warning', message: `not checked: the schema of CustomResourceDefinition ${crd.crd.name} is unusable (${crd.problem?.message})` };
      return;
    }
  } else {
    validate = ctx.schemas.bundled(apiVersion, kind)?.validate;
  }
  if (!validate) {
    yield* noSchema(item, apiVersion, kind, at, ctx);
    return;
  }
  let valid: boolean;
  try {
    valid = validate(object) as boolean;
  } catch (e) {
    // ajv recurses with the data; an absurdly deep object can exhaust the stack.
    yield { item, path: at, message: `could not be validated: ${(e as Error).message}` };
    return;
  }
  if (valid) return;
  // A kustomize patch is merged into the object it targets: what it leaves out, that object has.
  const errors = item.patch ? validate.errors?.filter((e) => e.keyword !== 'required') : validate.errors;
  for (const p of objectProblems(errors, object, ctx.options.strict)) yield { item, path: `${at}${p.path}`, message: p.message };
}

export default defineRule<Options>({
  meta: {
    id: 'schema',
    description:
      'An object does not match its schema (Kubernetes 1.28, the bundled custom resources, or a CustomResourceDefinition in the input): wrong type, bad enum value, missing required field, or unknown field.',
    remediation:
      'Fix the field the finding points at (an unknown field is usually a misspelling: see the suggestion); for a kind with no schema, pass its CustomResourceDefinition with `--crds PATH` (or `plimsoll schemas pull` a cluster\'s), validate it together with the kind, or list the kind in ignoreKinds.',
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kubernetesVersion: { description: 'Kubernetes version of the built-in schemas (the only one bundled).', type: 'string', enum: [KUBERNETES_VERSION], default: KUBERNETES_VERSION },
        strict: { description: 'Report unknown fields (the API server\'s strict field validation); false only checks known ones.', type: 'boolean', default: true },
        ignoreKinds: {
          description: 'Kinds not validated, as `Kind` or `<apiVersion>/<Kind>`.',
          type: 'array',
          items: { type: 'string', minLength: 1 },
          default: [],
        },
        ignoreMissingSchemas: { description: 'Say nothing about kinds without a schema (instead of a warning).', type: 'boolean', default: false },
      },
    },
  },
  *check({ inventory, options, crds }): Iterable<RuleFinding> {
    const ctx: Context = { schemas: schemaSet(), crds: crdVersions(crds ?? inventory.ofKind('CustomResourceDefinition')), options, ignored: new Set(options.ignoreKinds) };
    for (const item of inventory.items) yield* checkObject(item, item.object as Record<string, unknown>, '', ctx);
    // A CRD's own problems are reported where it is judged: with the file (inventory) that holds it.
    const here = new Map(inventory.ofKind('CustomResourceDefinition').map((c) => [`${c.file}\0${c.doc}`, c]));
    for (const version of ctx.crds.values()) {
      const crd = here.get(`${version.crd.file}\0${version.crd.doc}`);
      if (version.problem && crd) yield { item: crd, path: version.problem.path, message: version.problem.message };
    }
  },
});
