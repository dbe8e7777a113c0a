/**
 * Strict schema validation, like `kubeconform -strict`: wrong types, bad enums, missing required fields and
 * unknown (often misspelled) fields, against the target Kubernetes release (1.28 … 1.33), the platform's custom resources, and any
 * CustomResourceDefinition in the same input. All schemas ship with Plimsoll (src/validate/schemas/); nothing is
 * fetched. Not checked: formats, CEL validation rules, and (for the bundled custom resources) integer-ness,
 * patterns and bounds, which their npm-shipped sources do not carry; see src/validate/schemas/README.md.
 */
import { defineRule } from './types';
import { closest } from '../lib/suggest';
import { showValue } from '../lib/show-value';
import { schemaSet, groupOf, type SchemaSet } from '../validate/schemas/registry';
import { lifecycleIn, lifecycleMessage } from '../validate/schemas/api-lifecycle';
import { DEFAULT_KUBERNETES_VERSION } from '../validate/schemas/versions';
import type { ErrorObject } from 'ajv';
import { crdValidator, crdVersions, type CrdVersion } from '../validate/schemas/inventory-crds';
import { objectProblems } from '../validate/schemas/problems';
import { itemKey } from '../check/inventory';
import type { InventoryItem, RuleFinding } from '../check/types';

interface Options {
  strict: boolean;
  ignoreKinds: string[];
  ignoreMissingSchemas: boolean;
}

interface Context {
  readonly schemas: SchemaSet;
  readonly crds: Map<string, CrdVersion>;
  readonly options: Options;
  readonly ignored: ReadonlySet<string>;
  /** deprecated-api runs too, and reports removed APIs of whole objects. */
  readonly deprecatedApiRuns: boolean;
}

function typeProblem(item: InventoryItem, object: Record<string, unknown>, at: string, field: 'apiVersion' | 'kind'): RuleFinding | undefined {
  const value = object[field];
  if (value === undefined || value === null || value === '') return { item, path: at, message: `missing required property "${field}"` };
  if (typeof value !== 'string') return { item, path: `${at}/${field}`, message: `got ${showValue(value)}, expected string` };
  return undefined;
}

/** Why the target release does not serve `apiVersion`/`kind` when a later bundled one does, else undefined. */
function needsNewer(schemas: SchemaSet, what: string, since: string | undefined): string | undefined {
  return since && `${what} needs Kubernetes ≥ ${since}; the target is Kubernetes ${schemas.version} (--kubernetes-version or the policy's kubernetesVersion)`;
}

function* noSchema(item: InventoryItem, apiVersion: string, kind: string, at: string, { schemas, options, deprecatedApiRuns }: Context): Iterable<RuleFinding> {
  // A removed built-in API, with its replacement: deprecated-api's finding where it runs (one finding per object),
  // else this rule's (its policy is off). Not a missing schema either way.
  const lifecycle = lifecycleIn(apiVersion, kind, schemas.version);
  if (lifecycle?.state === 'removed') {
    if (!(deprecatedApiRuns && at === '')) yield { item, path: `${at}/apiVersion`, message: lifecycleMessage(apiVersion, kind, lifecycle) };
    return;
  }
  const newer = needsNewer(schemas, `${apiVersion} ${kind}`, schemas.newerKind(apiVersion, kind));
  if (newer) {
    yield { item, path: `${at}/apiVersion`, message: newer };
    return;
  }
  const group = groupOf(apiVersion);
  if (schemas.isBuiltinGroup(group)) {
    const served = schemas.servedVersions(group, kind);
    if (served.length) {
      yield {
        item,
        path: `${at}/apiVersion`,
        message: `got "${apiVersion}", expected ${served.map((v) => `"${v}"`).join(' or ')}: Kubernetes ${schemas.version} does not serve ${kind} in ${apiVersion}`,
      };
    } else {
      const hint = closest(kind, schemas.builtinKinds(group));
      yield {
        item,
        path: `${at}/kind`,
        message: `got "${kind}", expected a kind of the ${group ? `"${group}"` : 'core'} API group: Kubernetes ${schemas.version} has no ${kind} there${hint ? `; did you mean "${hint}"?` : ''}`,
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
      `no schema for ${apiVersion} ${kind}, so its fields are not checked: not a Kubernetes ${schemas.version} kind, ` +
      `${bundled.length ? `bundled only as ${bundled.join(', ')}` : 'not a bundled custom resource'}, and no CustomResourceDefinition in the input or --crds defines it; ` +
      "supply its CustomResourceDefinition with `--crds PATH` (files or folders), or save a cluster's with `plimsoll schemas pull --context CONTEXT --out DIR` and pass `--crds DIR`",
  };
}

/** Findings for `object` at pointer `at` in the item (Lists are unwrapped at load: an item is never one, see lists.ts). */
function* checkObject(item: InventoryItem, object: Record<string, unknown>, at: string, ctx: Context): Iterable<RuleFinding> {
  const missing = typeProblem(item, object, at, 'apiVersion') ?? typeProblem(item, object, at, 'kind');
  if (missing) {
    yield missing;
    return;
  }
  const apiVersion = object.apiVersion as string;
  const kind = object.kind as string;
  if (ctx.ignored.has(kind) || ctx.ignored.has(`${apiVersion}/${kind}`)) return;
  const crd = ctx.crds.get(`${apiVersion}/${kind}`);
  let validate;
  if (crd) {
    validate = crdValidator(crd, ctx.schemas);
    if (!validate) {
      yield {
        item,
        path: at,
        severity: 'warning',
        message: `not checked: the schema of CustomResourceDefinition ${crd.crd.name} is unusable (${crd.problem?.message})`,
      };
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
  // An unknown field that a later bundled release has: say which release it needs instead of "did you mean".
  // A kustomize patch is merged into the object it targets: what it leaves out, that object has.
  const rest: ErrorObject[] = [];
  for (const e of validate.errors ?? []) {
    if (item.patch && e.keyword === 'required') continue;
    const field = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty?: unknown }).additionalProperty) : undefined;
    const newer =
      field !== undefined && !crd && ctx.options.strict
        ? needsNewer(ctx.schemas, `"${field}"`, ctx.schemas.newerField(apiVersion, kind, e.instancePath, field))
        : undefined;
    if (newer) yield { item, path: `${at}${e.instancePath}/${field!.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: newer };
    else rest.push(e);
  }
  for (const p of objectProblems(rest, object, ctx.options.strict)) yield { item, path: `${at}${p.path}`, message: p.message };
}

export default defineRule<Options>({
  meta: {
    id: 'schema',
    description:
      'An object does not match its schema (the target Kubernetes release, the bundled custom resources, or a CustomResourceDefinition in the input): wrong type, bad enum value, missing required field, unknown field, or a kind or field the target release does not have yet.',
    remediation:
      "Fix the field the finding points at (an unknown field is usually a misspelling: see the suggestion); for a kind with no schema, pass its CustomResourceDefinition with `--crds PATH` (or `plimsoll schemas pull` a cluster's), validate it together with the kind, or list the kind in ignoreKinds.",
    category: 'correctness',
    scope: 'object',
    defaultSeverity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        strict: {
          description: "Report unknown fields (the API server's strict field validation); false only checks known ones.",
          type: 'boolean',
          default: true,
        },
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
  *check({ inventory, options, crds, kubernetesVersion = DEFAULT_KUBERNETES_VERSION, activeRules }): Iterable<RuleFinding> {
    const ctx: Context = {
      schemas: schemaSet(kubernetesVersion),
      crds: crdVersions(crds ?? inventory.ofKind('CustomResourceDefinition')),
      options,
      ignored: new Set(options.ignoreKinds),
      deprecatedApiRuns: activeRules?.has('deprecated-api') ?? false,
    };
    for (const item of inventory.items) yield* checkObject(item, item.object as Record<string, unknown>, '', ctx);
    // A CRD's own problems are reported where it is judged: with the file (inventory) that holds it.
    const here = new Map(inventory.ofKind('CustomResourceDefinition').map((c) => [itemKey(c), c]));
    for (const version of ctx.crds.values()) {
      const crd = here.get(itemKey(version.crd));
      if (version.problem && crd) yield { item: crd, path: version.problem.path, message: version.problem.message };
    }
  },
});
