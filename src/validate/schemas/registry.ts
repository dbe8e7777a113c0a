/**
 * The schemas the `schema` rule validates against, compiled lazily (a kind is compiled the first time an object of
 * that kind is seen, then reused for the life of the process) with one dedicated ajv instance:
 * - one Kubernetes release, the run's target (generated/kubernetes-<version>.json, from cdk8s-plus-<minor>'s type
 *   metadata; only that release is read and compiled);
 * - the platform's custom resources (generated/custom-resources.json, from @kubernetes-models packages);
 * - CRDs found in the input (see structural.ts), which take precedence for their group/version/kind.
 * Regenerate the JSON with `npm run gen:schemas`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Ajv from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import type { JsonSchema } from './structural';
import { PROJECT_ROOT } from '../../lib/paths';
import { hashValue } from '../../lib/show-value';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from './versions';

/** Every release's document has this `$id` (one is loaded per schema set), so custom resources' refs fit them all. */
const KUBERNETES_ID = 'kubernetes';
export const OBJECT_META_REF = `${KUBERNETES_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

export interface KindSchema {
  readonly validate: ValidateFunction;
  /** Where the schema comes from, for messages. */
  readonly source: string;
}

interface KubernetesDocument {
  version: string;
  kinds: Record<string, string>;
  definitions: Record<string, JsonSchema>;
  /** An older release is stored as its difference from this one (see scripts/schemas/kubernetes.ts). */
  base?: string;
  /** Kinds (`<apiVersion>/<kind>`) and fields (`<definition>#<field>`) of later bundled releases, by first release. */
  newerKinds?: Record<string, string>;
  newerFields?: Record<string, string>;
}

interface CustomResourcesDocument {
  kinds: Record<string, { source: string; schema?: JsonSchema; alias?: string }>;
}

const GENERATED_DIR = join(PROJECT_ROOT, 'src', 'validate', 'schemas', 'generated');
/** Validators compiled ahead of time by `npm run build` (scripts/build.ts), one file per release; used while they match the JSON. */
export function precompiledFile(version: KubernetesVersion): string {
  return join(PROJECT_ROOT, 'lib', `schemas-${version}.cjs`);
}
/**
 * Each bundled custom resource's validator, one module per schema, compiled against the newest release's
 * definitions (the Kubernetes types a custom resource embeds): used for that release only, so a run against an
 * older one compiles them with its own definitions and gives the same findings with or without lib/.
 */
export const PRECOMPILED_CUSTOM_DIR = join(PROJECT_ROOT, 'lib', 'schemas-custom');

// Not the shared ajv of src/config: no defaults may be written into the objects under validation, the generated
// schemas are trusted (no meta-validation: it would cost more than compiling them), and formats are not checked
// (the API server's formats are not JSON Schema's). Each definition compiles to one function (inlineRefs: false)
// without ajv's code optimisation pass: measured, both compile faster (Deployment ~0.2 s instead of ~0.5 s) and
// validate no slower.
// ajv itself is loaded only to compile (lib/ missing or stale, CRDs of the input): a validation thread that only
// runs the ahead-of-time validators does not pay for loading it.
const newAjv = (options: Options): Ajv => new (require('ajv') as typeof import('ajv')).default(options);

function ajvOptions(source: boolean): Options {
  return {
    allErrors: true,
    verbose: true,
    strict: false,
    allowUnionTypes: true,
    validateSchema: false,
    validateFormats: false,
    useDefaults: false,
    inlineRefs: false,
    code: { optimize: false, source },
    // CRD patterns are RE2; JavaScript's non-unicode mode accepts more of their escapes (`\-`) than `u` does.
    unicodeRegExp: false,
  };
}

interface DocumentTexts {
  readonly kubernetes: string;
  readonly base?: string;
  readonly custom: string;
  readonly hash: string;
}

/** The generated JSON of one release as text, and its hash (what the ahead-of-time validators were built from). */
function readTexts(dir: string, version: KubernetesVersion): DocumentTexts {
  const hash = createHash('sha256');
  const read = (file: string) => {
    const text = readFileSync(join(dir, file), 'utf8');
    hash.update(text).update('\0');
    return text;
  };
  const kubernetes = read(`kubernetes-${version}.json`);
  // An older release names its base among the fields before `kinds` (scripts/schemas/kubernetes.ts writes them so).
  const baseName = /"base":\s*"([^"]+)"/.exec(kubernetes.slice(0, kubernetes.indexOf('"kinds"')))?.[1];
  const base = baseName ? read(`kubernetes-${baseName}.json`) : undefined;
  const custom = read('custom-resources.json');
  return { kubernetes, ...(base !== undefined ? { base } : {}), custom, hash: hash.digest('hex') };
}

function parseKubernetes(texts: DocumentTexts): KubernetesDocument {
  const kubernetes = JSON.parse(texts.kubernetes) as KubernetesDocument;
  if (kubernetes.base) {
    if (texts.base === undefined) throw new Error(`the schema document of Kubernetes ${kubernetes.version} names its base ${kubernetes.base} after \`kinds\``);
    const base = JSON.parse(texts.base) as KubernetesDocument;
    kubernetes.definitions = { ...base.definitions, ...kubernetes.definitions };
  }
  return kubernetes;
}

function readDocuments(dir: string, version: KubernetesVersion): { kubernetes: KubernetesDocument; custom: CustomResourcesDocument; hash: string } {
  const texts = readTexts(dir, version);
  return { kubernetes: parseKubernetes(texts), custom: JSON.parse(texts.custom) as CustomResourcesDocument, hash: texts.hash };
}

interface Precompiled {
  readonly hash: string;
  /** `<apiVersion>/<kind>` → validator */
  readonly kinds: Record<string, ValidateFunction>;
  /** `<apiVersion>/<kind>` of a bundled custom resource → its module in PRECOMPILED_CUSTOM_DIR, loaded on first use. */
  readonly custom: Record<string, string>;
}

/** The ahead-of-time validators when they were built from exactly these schemas; else undefined (compile lazily). */
function loadPrecompiled(file: string, hash: string): Precompiled | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const mod = require(file) as { __hash: string; __kinds: Record<string, string>; __custom?: Record<string, string> } & Record<string, ValidateFunction>;
    if (mod.__hash !== hash) return undefined;
    return { hash, kinds: Object.fromEntries(Object.entries(mod.__kinds).map(([key, name]) => [key, mod[name]])), custom: mod.__custom ?? {} };
  } catch {
    return undefined;
  }
}

/** A bundled custom resource's ahead-of-time validator, or undefined (missing or unloadable: compile it instead). */
function loadPrecompiledCustom(file: string): ValidateFunction | undefined {
  try {
    return (require(join(PRECOMPILED_CUSTOM_DIR, file)) as { validate: ValidateFunction }).validate;
  } catch {
    return undefined;
  }
}

/**
 * JavaScript source of a module holding every Kubernetes kind's validator of one release (ajv standalone code), for
 * lib/ at build time: a run then loads validators instead of compiling them (compiling is most of a cold validate's
 * cost). The bundled custom resources are in modules of their own (precompiledCustomModules), named here for the
 * newest release only: a run loads just those of the kinds it meets, not the whole catalog.
 */
export function precompiledModule(version: KubernetesVersion, dir = GENERATED_DIR): string {
  const { kubernetes, custom, hash } = readDocuments(dir, version);
  const ajv = newAjv(ajvOptions(true));
  ajv.addSchema(ajvDocument(kubernetes));
  const exportsByKey: Record<string, string> = {};
  const ids: Record<string, string> = {};
  Object.keys(kubernetes.kinds).forEach((key, i) => {
    const id = `plimsoll-kind-${i}`;
    ajv.addSchema({ $id: id, type: 'object', $ref: `${KUBERNETES_ID}#/definitions/${kubernetes.kinds[key]}` });
    ids[`k${i}`] = id;
    exportsByKey[key] = `k${i}`;
  });
  const code = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default(ajv, ids);
  const customFiles =
    version === DEFAULT_KUBERNETES_VERSION ? Object.fromEntries(Object.keys(custom.kinds).map((key) => [key, customModuleName(custom, key)])) : {};
  return `${code}\nexports.__hash = ${JSON.stringify(hash)};\nexports.__kinds = ${JSON.stringify(exportsByKey)};\nexports.__custom = ${JSON.stringify(customFiles)};\n`;
}

/** File name of a custom resource's module; kinds that share a schema (`alias`) share the module. */
function customModuleName(custom: CustomResourcesDocument, key: string): string {
  const target = custom.kinds[key].alias ?? key;
  return `${target.replace(/[^A-Za-z0-9.-]+/g, '_')}.cjs`;
}

/** File name → JavaScript source of each bundled custom resource's validator module (`exports.validate`), against the newest release. */
export function precompiledCustomModules(dir = GENERATED_DIR): Map<string, string> {
  const { kubernetes, custom } = readDocuments(dir, DEFAULT_KUBERNETES_VERSION);
  const ajv = newAjv(ajvOptions(true));
  ajv.addSchema(ajvDocument(kubernetes));
  const standalone = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const out = new Map<string, string>();
  Object.keys(custom.kinds).forEach((key, i) => {
    const entry = custom.kinds[key];
    if (entry.alias) return;
    const id = `plimsoll-custom-${i}`;
    ajv.addSchema({ ...(entry.schema as object), $id: id });
    out.set(customModuleName(custom, key), standalone(ajv, { validate: id }));
  });
  return out;
}

/** The part of a release's document ajv reads (the rest is for messages). */
function ajvDocument(doc: KubernetesDocument): JsonSchema {
  return { $id: KUBERNETES_ID, definitions: doc.definitions };
}

/** A JSON pointer's tokens, unescaped (`/a~1b/0` → `a/b`, `0`). */
function pointerTokens(pointer: string): string[] {
  return pointer
    ? pointer
        .slice(1)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    : [];
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export class SchemaSet {
  private ajvInstance?: Ajv;
  private readonly texts: DocumentTexts;
  private kubernetesDocument?: KubernetesDocument;
  private customDocument?: CustomResourcesDocument;
  private readonly compiled = new Map<string, KindSchema>();
  private readonly compiledCustom = new Map<string, ValidateFunction>();
  private groups?: Map<string, string[]>;

  private readonly precompiled: Precompiled | undefined;

  /** `dir` holds the generated JSON; `precompiled`, the ahead-of-time validators (default: lib/schemas-<version>.cjs). */
  constructor(
    public readonly version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
    dir = GENERATED_DIR,
    precompiled = precompiledFile(version),
  ) {
    // Read and hashed now, parsed on first need: with the ahead-of-time validators, a run that meets only known
    // kinds never parses the documents (700 KB of JSON: a tenth of a one-file validate).
    this.texts = readTexts(dir, version);
    this.precompiled = loadPrecompiled(precompiled, this.texts.hash);
  }

  private get kubernetes(): KubernetesDocument {
    return (this.kubernetesDocument ??= parseKubernetes(this.texts));
  }

  private get custom(): CustomResourcesDocument {
    return (this.customDocument ??= JSON.parse(this.texts.custom) as CustomResourcesDocument);
  }

  /** Built-in API group → `<apiVersion>/<kind>` keys, for "not served in <version>" messages. */
  private get builtinGroups(): Map<string, string[]> {
    if (!this.groups) {
      this.groups = new Map();
      for (const key of Object.keys(this.precompiled?.kinds ?? this.kubernetes.kinds)) {
        const group = groupOf(key.slice(0, key.lastIndexOf('/')));
        const list = this.groups.get(group) ?? [];
        list.push(key);
        this.groups.set(group, list);
      }
    }
    return this.groups;
  }

  /** The compiler, for what was not compiled ahead of time (CRDs of the input; everything without lib/). */
  private get ajv(): Ajv {
    if (!this.ajvInstance) {
      this.ajvInstance = newAjv(ajvOptions(false));
      this.ajvInstance.addSchema(ajvDocument(this.kubernetes));
    }
    return this.ajvInstance;
  }

  /** The bundled schema for an apiVersion and kind (the target Kubernetes release or a bundled custom resource), compiled once. */
  public bundled(apiVersion: string, kind: string): KindSchema | undefined {
    const key = `${apiVersion}/${kind}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    let result: KindSchema | undefined;
    const has = (record: object, k: string) => Object.prototype.hasOwnProperty.call(record, k);
    // A release's kind compiled ahead of time needs neither document.
    if (this.precompiled && has(this.precompiled.kinds, key)) {
      result = { validate: this.precompiled.kinds[key], source: `Kubernetes ${this.version}` };
      this.compiled.set(key, result);
      return result;
    }
    const id = has(this.kubernetes.kinds, key) ? this.kubernetes.kinds[key] : undefined;
    const aheadFile = this.precompiled && has(this.precompiled.custom, key) ? this.precompiled.custom[key] : undefined;
    const ahead = aheadFile && loadPrecompiledCustom(aheadFile);
    if (ahead) {
      result = { validate: ahead, source: this.custom.kinds[key].source };
    } else if (id) {
      result = { validate: this.ajv.compile({ type: 'object', $ref: `${KUBERNETES_ID}#/definitions/${id}` }), source: `Kubernetes ${this.version}` };
    } else if (Object.prototype.hasOwnProperty.call(this.custom.kinds, key)) {
      const entry = this.custom.kinds[key];
      const schema = entry.alias ? this.custom.kinds[entry.alias].schema : entry.schema;
      result = { validate: this.ajv.compile(schema!), source: entry.source };
    }
    if (result) this.compiled.set(key, result);
    return result;
  }

  /** True when `group` is an API group of the target release (so an unknown version or kind in it is not served). */
  public isBuiltinGroup(group: string): boolean {
    return this.builtinGroups.has(group);
  }

  /** apiVersions of the target release that serve `kind` in `group`. */
  public servedVersions(group: string, kind: string): string[] {
    return (this.builtinGroups.get(group) ?? []).filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, k.lastIndexOf('/')));
  }

  /** Kinds of an API group of the target release (for "did you mean"). */
  public builtinKinds(group: string): string[] {
    return [...new Set((this.builtinGroups.get(group) ?? []).map((k) => k.slice(k.lastIndexOf('/') + 1)))];
  }

  /** apiVersions of `kind` in `group` that have a bundled custom resource schema. */
  public bundledVersions(group: string, kind: string): string[] {
    return Object.keys(this.custom.kinds)
      .filter((k) => k.endsWith(`/${kind}`) && groupOf(k.slice(0, k.lastIndexOf('/'))) === group)
      .map((k) => k.slice(0, k.lastIndexOf('/')));
  }

  /** The lowest later bundled release that serves `apiVersion` `kind`, when the target does not. */
  public newerKind(apiVersion: string, kind: string): string | undefined {
    return this.kubernetes.newerKinds?.[`${apiVersion}/${kind}`];
  }

  /**
   * The lowest later bundled release that has `field` in the object at `pointer` of an `apiVersion` `kind` (a
   * field the target lacks), found by walking the target's schema along the pointer.
   */
  public newerField(apiVersion: string, kind: string, pointer: string, field: string): string | undefined {
    const newer = this.kubernetes.newerFields;
    const root = Object.prototype.hasOwnProperty.call(this.kubernetes.kinds, `${apiVersion}/${kind}`)
      ? this.kubernetes.kinds[`${apiVersion}/${kind}`]
      : undefined;
    if (!newer || !root) return undefined;
    let id = root;
    let node: JsonSchema | undefined = this.kubernetes.definitions[id];
    const resolve = () => {
      while (node && typeof node.$ref === 'string') {
        id = node.$ref.slice('#/definitions/'.length);
        node = this.kubernetes.definitions[id];
      }
    };
    for (const token of pointerTokens(pointer)) {
      resolve();
      if (!node) return undefined;
      const properties = node.properties as Record<string, JsonSchema> | undefined;
      if (/^\d+$/.test(token) && node.items && typeof node.items === 'object') node = node.items as JsonSchema;
      else if (properties && Object.prototype.hasOwnProperty.call(properties, token)) node = properties[token];
      else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = node.additionalProperties as JsonSchema;
      else return undefined;
    }
    resolve();
    return node ? newer[`${id}#${field}`] : undefined;
  }

  /**
   * A validator for a schema converted from a CRD in the input. Compiled once per distinct schema: the same CRD
   * validated again (another run in the same process, or the same CRD in two files) costs a lookup.
   * Throws when ajv cannot compile it (the caller reports that on the CRD).
   */
  public compileCustom(schema: JsonSchema): ValidateFunction {
    const key = hashValue(schema);
    let fn = this.compiledCustom.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.compiledCustom.set(key, fn);
    }
    return fn;
  }
}

const shared = new Map<KubernetesVersion, SchemaSet>();

/** The process-wide schema set of a Kubernetes release, loaded on first use (a run uses one). */
export function schemaSet(version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): SchemaSet {
  let set = shared.get(version);
  if (!set) {
    set = new SchemaSet(version);
    shared.set(version, set);
  }
  return set;
}
