/**
 * Turns a CustomResourceDefinition's `openAPIV3Schema` (a structural schema) into the strict JSON Schema the
 * `schema` rule compiles with ajv, with the API server's semantics:
 * - unknown fields are errors (strict field validation), except below `x-kubernetes-preserve-unknown-fields`;
 * - `x-kubernetes-int-or-string` accepts an integer or a string, `x-kubernetes-embedded-resource` adds
 *   apiVersion/kind/metadata, `x-kubernetes-list-type: set` forbids duplicates;
 * - null is accepted for optional fields (the API server prunes it) and where `nullable: true`;
 * - the root's apiVersion, kind and metadata are implicit, metadata being a strict ObjectMeta.
 * Formats, CEL rules (`x-kubernetes-validations`), defaults and RE2-only patterns are not checked (README.md).
 */

export type JsonSchema = Record<string, unknown>;

export interface ConvertOptions {
  /** `$ref` of the strict ObjectMeta schema. */
  readonly objectMetaRef: string;
  /** `$ref` for a named definition the source refers to (`io.k8s...ObjectMeta#`), when it has one. */
  readonly refFor?: (name: string) => string | undefined;
}

/** The schema cannot be turned into a validator; `path` is a JSON pointer into the openAPIV3Schema. */
export class SchemaConversionError extends Error {
  constructor(
    public readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Deeper than this the schema is refused: no real CRD nests 64 levels, and ajv compiles recursively. */
const MAX_DEPTH = 64;
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Own keys only: a property called `__proto__` must stay a property. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A quantified group that itself contains a quantifier, like `(a+)+` or `(\w*,?){2,}`: the classic ReDoS shape. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

function isJsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Let null through (an optional field, or `nullable: true`). */
export function allowNull(schema: JsonSchema): JsonSchema {
  const type = schema.type;
  if (type === undefined) return schema;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('null')) return schema;
  const out: JsonSchema = { ...schema, type: [...types, 'null'] };
  if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
  return out;
}

/** kubernetes-models writes `nullable` as `oneOf: [X, {type: "null"}]`; unwrap it to X. */
function nullableBranch(node: Node): Node | undefined {
  const branches = node.oneOf;
  if (!Array.isArray(branches) || branches.length !== 2) return undefined;
  const [a, b] = branches;
  if (isNode(b) && b.type === 'null' && Object.keys(b).length === 1 && isNode(a)) return a;
  return undefined;
}

/** `anyOf: [{type: integer}, {type: string}]` (kubernetes-models' int-or-string) as a list of types. */
function typeUnion(node: Node): string[] | undefined {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || !branches.length) return undefined;
  const types: string[] = [];
  for (const b of branches) {
    if (!isNode(b) || Object.keys(b).length !== 1 || typeof b.type !== 'string' || !TYPES.has(b.type)) return undefined;
    types.push(b.type);
  }
  return types;
}

class Converter {
  constructor(private readonly options: ConvertOptions) {}

  public root(schema: unknown): JsonSchema {
    if (!isNode(schema)) throw new SchemaConversionError('', 'openAPIV3Schema is not an object');
    const out = this.node(schema, '', 0, true);
    const properties = (out.properties ?? {}) as Record<string, unknown>;
    // The schema was looked up by apiVersion and kind; an enum here would only break served aliases.
    setOwn(properties, 'apiVersion', { type: 'string' });
    setOwn(properties, 'kind', { type: 'string' });
    // Structural schemas may only restrict metadata.name; the API server validates the rest as ObjectMeta.
    setOwn(properties, 'metadata', { type: ['object', 'null'], $ref: this.options.objectMetaRef });
    out.properties = properties;
    out.type = 'object';
    return out;
  }

  /** `structural`: this node describes fields (so it closes objects); false inside oneOf/anyOf/allOf/not. */
  private node(node: Node, path: string, depth: number, structural: boolean): JsonSchema {
    if (depth > MAX_DEPTH) throw new SchemaConversionError(path, `schema nests deeper than ${MAX_DEPTH} levels`);
    const unwrapped = nullableBranch(node);
    if (unwrapped) return allowNull(this.node(unwrapped, path, depth + 1, structural));
    const out: JsonSchema = {};

    if (typeof node.$ref === 'string') {
      const ref = node.$ref === 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta#' ? this.options.objectMetaRef : this.options.refFor?.(node.$ref);
      if (!ref) throw new SchemaConversionError(path, `unresolvable $ref "${node.$ref}"`);
      return { type: 'object', $ref: ref };
    }

    let types: string[] | undefined = typeof node.type === 'string' && TYPES.has(node.type) ? [node.type] : typeUnion(node);
    if (node['x-kubernetes-int-or-string'] === true) types = ['integer', 'string'];
    const isObject = types ? types.includes('object') : isNode(node.properties);
    if (types && structural) out.type = types.length === 1 ? types[0] : types;

    if (isObject) this.object(node, out, path, depth, structural);
    if (isNode(node.items)) out.items = this.node(node.items, `${path}/items`, depth + 1, structural);
    if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;

    if (Array.isArray(node.enum)) out.enum = node.enum;
    // The API server compiles patterns as Go (RE2) regular expressions, which run in linear time. One JavaScript
    // cannot compile (RE2-only syntax such as `(?i)`) or could backtrack exponentially on (nested quantifiers) is
    // left unchecked rather than blamed on the CRD or allowed to hang validation.
    if (typeof node.pattern === 'string' && isJsRegExp(node.pattern) && !NESTED_QUANTIFIER.test(node.pattern)) out.pattern = node.pattern;
    for (const k of NUMBER_KEYWORDS) if (typeof node[k] === 'number') out[k] = node[k];
    // OpenAPI 3.0's boolean exclusiveMinimum/Maximum are draft-07 numbers.
    if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
      out.exclusiveMinimum = node.minimum;
      delete out.minimum;
    }
    if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
      out.exclusiveMaximum = node.maximum;
      delete out.maximum;
    }
    if (node.uniqueItems === true) out.uniqueItems = true;
    if (Array.isArray(node.required) && !isObject) out.required = node.required.filter((r) => typeof r === 'string');

    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
      const list = node[k];
      if (!Array.isArray(list) || (k === 'anyOf' && types && typeUnion(node))) continue;
      out[k] = list.map((b, i) => (isNode(b) ? this.node(b, `${path}/${k}/${i}`, depth + 1, false) : {}));
    }
    if (isNode(node.not)) out.not = this.node(node.not, `${path}/not`, depth + 1, false);

    return node.nullable === true ? allowNull(out) : out;
  }

  private object(node: Node, out: JsonSchema, path: string, depth: number, structural: boolean): void {
    const required = Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : [];
    const properties: Record<string, unknown> = {};
    let count = 0;
    if (isNode(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (!isNode(child)) continue;
        const converted = this.node(child, `${path}/properties/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1, structural);
        setOwn(properties, key, required.includes(key) ? converted : allowNull(converted));
        count++;
      }
    }
    if (node['x-kubernetes-embedded-resource'] === true && structural) {
      for (const key of ['apiVersion', 'kind']) if (!(key in properties)) setOwn(properties, key, { type: ['string', 'null'] });
      if (!('metadata' in properties)) setOwn(properties, 'metadata', { type: ['object', 'null'], $ref: this.options.objectMetaRef });
      count++;
    }
    if (count) out.properties = properties;
    if (required.length) out.required = required;
    if (!structural) return;
    const extra = node.additionalProperties;
    if (isNode(extra)) out.additionalProperties = this.node(extra, `${path}/additionalProperties`, depth + 1, true);
    else if (extra === true || node['x-kubernetes-preserve-unknown-fields'] === true) return;
    else out.additionalProperties = false;
  }
}

const CHILD_MAPS = ['properties'] as const;
const CHILD_LISTS = ['oneOf', 'anyOf', 'allOf'] as const;
const CHILDREN = ['items', 'additionalProperties', 'not'] as const;

/**
 * CRD schemas repeat whole object types inline (prometheus-operator's AlertmanagerConfig has its TLS config 58
 * times). ajv compiles each occurrence, so identical object types are moved to `definitions` and referenced
 * (the reference site keeps `type`, so nullability stays per site): compile time and code size drop several-fold.
 */
export function hoistRepeated(root: JsonSchema): JsonSchema {
  const ids = new Map<string, number>();
  const counts: number[] = [];
  const idOf = new Map<JsonSchema, number>();
  const intern = (node: JsonSchema): number => {
    const shape: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if ((CHILD_MAPS as readonly string[]).includes(k) && isNode(v))
        shape[k] = Object.fromEntries(Object.entries(v).map(([p, c]) => [p, isNode(c) ? `#${intern(c)}` : c]));
      else if ((CHILD_LISTS as readonly string[]).includes(k) && Array.isArray(v)) shape[k] = v.map((c) => (isNode(c) ? `#${intern(c)}` : c));
      else if ((CHILDREN as readonly string[]).includes(k) && isNode(v)) shape[k] = `#${intern(v)}`;
      else if (k !== 'type') shape[k] = v;
    }
    const key = JSON.stringify(shape);
    let id = ids.get(key);
    if (id === undefined) {
      id = counts.length;
      ids.set(key, id);
      counts.push(0);
    }
    counts[id]++;
    idOf.set(node, id);
    return id;
  };
  intern(root);
  const definitions: Record<string, JsonSchema> = {};
  const rebuild = (node: JsonSchema, top: boolean): JsonSchema => {
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(node)) {
      if ((CHILD_MAPS as readonly string[]).includes(k) && isNode(v)) {
        const map: Record<string, unknown> = {};
        for (const [p, c] of Object.entries(v)) setOwn(map, p, isNode(c) ? rebuild(c, false) : c);
        out[k] = map;
      } else if ((CHILD_LISTS as readonly string[]).includes(k) && Array.isArray(v)) out[k] = v.map((c) => (isNode(c) ? rebuild(c, false) : c));
      else if ((CHILDREN as readonly string[]).includes(k) && isNode(v)) out[k] = rebuild(v, false);
      else out[k] = v;
    }
    const id = idOf.get(node)!;
    if (top || counts[id] < 2 || !isNode(node.properties)) return out;
    const name = `t${id}`;
    if (!definitions[name]) {
      const { type: _type, ...body } = out;
      definitions[name] = body;
    }
    return node.type === undefined ? { $ref: `#/definitions/${name}` } : { type: node.type, $ref: `#/definitions/${name}` };
  };
  const out = rebuild(root, true);
  if (Object.keys(definitions).length) out.definitions = definitions;
  return out;
}

/** The strict validator schema for one version of a custom resource. */
export function strictSchemaFromOpenAPI(openAPIV3Schema: unknown, options: ConvertOptions): JsonSchema {
  return hoistRepeated(new Converter(options).root(openAPIV3Schema));
}
