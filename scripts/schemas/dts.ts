/**
 * Reads the type declarations (.d.ts) the @kubernetes-models packages ship, syntactically (no type checker):
 * string-literal unions are the OpenAPI enums, and the custom resources' interfaces are inline object types that
 * map one-to-one onto a strict JSON Schema.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { JsonSchema } from '../../src/validate/schemas/structural';
import { allowNull } from '../../src/validate/schemas/structural';

export function parseDts(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
}

function propName(name: ts.PropertyName): string {
  if (ts.isStringLiteral(name) || ts.isIdentifier(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`unsupported property name ${name.getText()}`);
}

function stringLiterals(type: ts.TypeNode): string[] | undefined {
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  const out: string[] = [];
  for (const m of members) {
    if (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)) out.push(m.literal.text);
    else return undefined;
  }
  return out;
}

/** `301 | 302` (an integer enum of a CRD). */
function numberLiterals(type: ts.TypeNode): number[] | undefined {
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  const out: number[] = [];
  for (const m of members) {
    if (ts.isLiteralTypeNode(m) && ts.isNumericLiteral(m.literal)) out.push(Number(m.literal.text));
    else return undefined;
  }
  return out;
}

function arrayElement(type: ts.TypeNode): ts.TypeNode | undefined {
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Array' && type.typeArguments?.length === 1) {
    return type.typeArguments[0];
  }
  return undefined;
}

/** Interfaces of a file by their exported alias (`IIoK8sApiCoreV1ServiceSpec`) and by their own name. */
export function interfacesOf(file: ts.SourceFile): Map<string, ts.InterfaceDeclaration> {
  const local = new Map<string, ts.InterfaceDeclaration>();
  const out = new Map<string, ts.InterfaceDeclaration>();
  for (const s of file.statements) if (ts.isInterfaceDeclaration(s)) local.set(s.name.text, s);
  for (const [name, decl] of local) out.set(name, decl);
  for (const s of file.statements) {
    if (!ts.isExportDeclaration(s) || !s.exportClause || !ts.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      const decl = local.get((e.propertyName ?? e.name).text);
      if (decl) out.set(e.name.text, decl);
    }
  }
  return out;
}

/** Enum values of an interface's properties: `{ type: ["ClusterIP", ...] }`, arrays of enums included. */
export function enumsOf(decl: ts.InterfaceDeclaration): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const values = stringLiterals(arrayElement(m.type) ?? m.type);
    if (values && !['apiVersion', 'kind'].includes(propName(m.name))) out.set(propName(m.name), values);
  }
  return out;
}

/** `apiVersion`/`kind` literals and the property names of a top-level kind's interface. */
export function kindOf(decl: ts.InterfaceDeclaration): { apiVersion: string; kind: string; properties: string[] } | undefined {
  const props = new Map<string, ts.TypeNode | undefined>();
  for (const m of decl.members) if (ts.isPropertySignature(m)) props.set(propName(m.name), m.type);
  const apiVersion = props.get('apiVersion');
  const kind = props.get('kind');
  const a = apiVersion && stringLiterals(apiVersion);
  const k = kind && stringLiterals(kind);
  if (!a || !k || a.length !== 1 || k.length !== 1) return undefined;
  return { apiVersion: a[0], kind: k[0], properties: [...props.keys()] };
}

export interface DtsConvertOptions {
  /** Schema for a named type reference (`IObjectMeta`); `node` tells the file it appears in. */
  readonly reference: (name: string, node?: ts.TypeReferenceNode) => JsonSchema | undefined;
}

/**
 * A strict schema from a type: object types close (additionalProperties: false) unless they are `{}` or `any`
 * (the generator's rendering of x-kubernetes-preserve-unknown-fields); `number | string` is int-or-string.
 * Integer-ness, formats, patterns and bounds are not in the declarations, so they are not checked.
 */
export function schemaOfType(type: ts.TypeNode, options: DtsConvertOptions, where: string): JsonSchema {
  const element = arrayElement(type);
  if (element) return { type: 'array', items: schemaOfType(element, options, `${where}[]`) };
  if (ts.isParenthesizedTypeNode(type)) return schemaOfType(type.type, options, where);
  const literals = stringLiterals(type);
  if (literals) return { type: 'string', enum: literals };
  const numbers = numberLiterals(type);
  if (numbers) return { type: 'number', enum: numbers };
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return {};
  }
  if (ts.isUnionTypeNode(type)) {
    const kinds = type.types.map((t) => t.kind).sort();
    if (kinds.length === 2 && kinds[0] === ts.SyntaxKind.NumberKeyword && kinds[1] === ts.SyntaxKind.StringKeyword) return { type: ['integer', 'string'] };
  }
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const ref = options.reference(type.typeName.text, type);
    if (ref) return ref;
  }
  if (ts.isTypeLiteralNode(type)) return objectSchema(type.members, options, where);
  if (ts.isIntersectionTypeNode(type)) {
    const out = objectSchema(intersectionMembers(type, where), options, where);
    const choices = type.types
      .map((t) => (ts.isParenthesizedTypeNode(t) && ts.isUnionTypeNode(t.type) ? requiredConstraint(t.type, 'oneOf') : undefined))
      .filter((c) => c !== undefined);
    if (choices.length === 1) Object.assign(out, choices[0]);
    else if (choices.length) out.allOf = choices;
    return out;
  }
  throw new Error(`${where}: unsupported type ${ts.SyntaxKind[type.kind]}`);
}

/**
 * Members of `{...} & ({...} | {...})`, the declarations' rendering of a CRD's oneOf (mutually exclusive fields):
 * every field of every branch, optional unless the base requires it. The exclusivity itself (oneOf, not) is not checked.
 */
function intersectionMembers(type: ts.IntersectionTypeNode, where: string): ts.NodeArray<ts.TypeElement> {
  const out: ts.TypeElement[] = [];
  const seen = new Set<string>();
  const add = (literal: ts.TypeNode, base: boolean) => {
    if (ts.isParenthesizedTypeNode(literal)) return add(literal.type, base);
    if (ts.isUnionTypeNode(literal)) return literal.types.forEach((t) => add(t, false));
    if (ts.isIntersectionTypeNode(literal)) return literal.types.forEach((t) => add(t, base));
    // `Exclude<X, {...}>` is the rendering of `not`: X's fields are allowed.
    if (ts.isTypeReferenceNode(literal) && ts.isIdentifier(literal.typeName) && literal.typeName.text === 'Exclude' && literal.typeArguments?.length)
      return add(literal.typeArguments[0], base);
    if (!ts.isTypeLiteralNode(literal)) throw new Error(`${where}: unsupported intersection member ${ts.SyntaxKind[literal.kind]}`);
    for (const m of literal.members) {
      const name = m.name && propName(m.name);
      if (name === undefined || seen.has(name)) continue;
      seen.add(name);
      out.push(
        base || !ts.isPropertySignature(m) || m.questionToken
          ? m
          : ts.factory.createPropertySignature(undefined, m.name, ts.factory.createToken(ts.SyntaxKind.QuestionToken), m.type),
      );
    }
  };
  for (const part of type.types) add(part, true);
  return ts.factory.createNodeArray(out);
}

/**
 * Which fields must be present, from the branches of such an intersection: `{a: X}` requires a, a union is the
 * CRD's oneOf (anyOf inside a `not`), `Exclude<X, Y>` is X and not Y. Undefined when it requires nothing.
 */
function requiredConstraint(type: ts.TypeNode, union: 'oneOf' | 'anyOf'): JsonSchema | undefined {
  if (ts.isParenthesizedTypeNode(type)) return requiredConstraint(type.type, union);
  if (ts.isTypeLiteralNode(type)) {
    const required = type.members.filter((m) => ts.isPropertySignature(m) && !m.questionToken).map((m) => propName(m.name!));
    return required.length ? { required } : undefined;
  }
  const all = (parts: (JsonSchema | undefined)[]): JsonSchema | undefined => {
    const defined = parts.filter((p) => p !== undefined);
    return defined.length > 1 ? { allOf: defined } : defined[0];
  };
  if (ts.isIntersectionTypeNode(type)) return all(type.types.map((t) => requiredConstraint(t, union)));
  if (ts.isUnionTypeNode(type)) return { [union]: type.types.map((t) => requiredConstraint(t, union) ?? {}) };
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Exclude' && type.typeArguments?.length === 2) {
    const excluded = requiredConstraint(type.typeArguments[1], 'anyOf');
    return all([requiredConstraint(type.typeArguments[0], union), excluded && { not: excluded }]);
  }
  return undefined;
}

export function objectSchema(members: ts.NodeArray<ts.TypeElement>, options: DtsConvertOptions, where: string): JsonSchema {
  if (!members.length) return { type: 'object' };
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  let additional: JsonSchema | false = false;
  for (const m of members) {
    if (ts.isPropertySignature(m) && m.type) {
      const name = propName(m.name);
      const schema = schemaOfType(m.type, options, `${where}.${name}`);
      if (m.questionToken) properties[name] = allowNull(schema);
      else {
        properties[name] = schema;
        required.push(name);
      }
    } else if (ts.isIndexSignatureDeclaration(m)) {
      additional = schemaOfType(m.type, options, `${where}[*]`);
    } else {
      throw new Error(`${where}: unsupported member ${ts.SyntaxKind[m.kind]}`);
    }
  }
  const out: JsonSchema = { type: 'object' };
  if (Object.keys(properties).length) out.properties = properties;
  if (required.length) out.required = required.sort();
  out.additionalProperties = additional;
  return out;
}
