/**
 * Strict schemas from @kubernetes-models declarations that name their types across files (the packages generated
 * from Go API types: each type in its own .d.ts, imported by name, interfaces extending embedded structs).
 * Names are followed through `import` statements into other files and packages, syntactically (no type checker);
 * Kubernetes' own types become references to the built-in schemas, so they are as strict as a built-in object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import ts from 'typescript';
import { objectSchema, schemaOfType } from './dts';
import type { JsonSchema } from '../../src/validate/schemas/structural';

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

interface FileIndex {
  /** Local declarations by their own name and by their exported alias. */
  readonly declarations: Map<string, Declaration>;
  /** Imported name → [module specifier, name exported there]. */
  readonly imports: Map<string, [string, string]>;
}

export interface ResolverOptions {
  /**
   * A schema for a type by its long name (`IIoK8sApiCoreV1PodTemplateSpec`) before the declaration is read:
   * ObjectMeta and Kubernetes types with a built-in definition, types with no useful declaration (JSON).
   */
  readonly known: (longName: string) => JsonSchema | undefined;
}

/** `IIoK8sApimachineryPkgApisMetaV1Time` for a declaration: the alias its file exports it as, else its name. */
function exportedName(index: FileIndex, decl: Declaration): string {
  let best = decl.name.text;
  for (const [name, d] of index.declarations) if (d === decl && name.length > best.length) best = name;
  return best;
}

export class DeclarationResolver {
  private readonly files = new Map<string, FileIndex>();
  private readonly done = new Map<Declaration, JsonSchema>();
  private readonly inProgress = new Set<Declaration>();

  constructor(private readonly options: ResolverOptions) {}

  private index(file: string): FileIndex {
    let index = this.files.get(file);
    if (index) return index;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    index = { declarations: new Map(), imports: new Map() };
    for (const s of source.statements) {
      if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) index.declarations.set(s.name.text, s);
      if (
        ts.isImportDeclaration(s) &&
        ts.isStringLiteral(s.moduleSpecifier) &&
        s.importClause?.namedBindings &&
        ts.isNamedImports(s.importClause.namedBindings)
      ) {
        for (const e of s.importClause.namedBindings.elements) index.imports.set(e.name.text, [s.moduleSpecifier.text, (e.propertyName ?? e.name).text]);
      }
    }
    for (const s of source.statements) {
      if (!ts.isExportDeclaration(s) || !s.exportClause || !ts.isNamedExports(s.exportClause)) continue;
      for (const e of s.exportClause.elements) {
        const decl = index.declarations.get((e.propertyName ?? e.name).text);
        if (decl) index.declarations.set(e.name.text, decl);
      }
    }
    this.files.set(file, index);
    return index;
  }

  /** The .d.ts a module specifier names, seen from `from`: relative, or a package in a node_modules above it. */
  private moduleFile(specifier: string, from: string): string {
    const stem = specifier.replace(/\.js$/, '');
    if (stem.startsWith('.')) return join(dirname(from), `${stem}.d.ts`);
    const parts = stem.split('/');
    const pkg = parts.slice(0, stem.startsWith('@') ? 2 : 1).join('/');
    const sub = parts.slice(pkg.split('/').length).join('/');
    for (let dir = dirname(from); ; dir = dirname(dir)) {
      const root = join(dir, 'node_modules', pkg);
      if (existsSync(root)) return join(root, `${sub || 'index'}.d.ts`);
      if (dir === parse(dir).root) throw new Error(`${from}: cannot find module ${specifier}`);
    }
  }

  /** The declaration `name` refers to in `file`, and the file holding it. */
  private lookup(name: string, file: string): { decl: Declaration; file: string } | undefined {
    const index = this.index(file);
    const local = index.declarations.get(name);
    if (local) return { decl: local, file };
    const imported = index.imports.get(name);
    if (!imported) return undefined;
    return this.lookup(imported[1], this.moduleFile(imported[0], file));
  }

  /** Members of an interface and of the interfaces it extends (Go's embedded structs), TypeMeta left out. */
  private members(decl: ts.InterfaceDeclaration, file: string): ts.TypeElement[] {
    const own = [...decl.members];
    const names = new Set(own.map((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : '')));
    for (const clause of decl.heritageClauses ?? []) {
      for (const t of clause.types) {
        if (!ts.isIdentifier(t.expression) || t.expression.text === 'TypeMeta') continue;
        const base = this.lookup(t.expression.text, file);
        if (!base || !ts.isInterfaceDeclaration(base.decl)) throw new Error(`${file}: cannot resolve base interface ${t.expression.text}`);
        for (const m of this.members(base.decl, base.file)) {
          const n = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : '';
          if (!names.has(n)) own.push(m);
        }
      }
    }
    return own;
  }

  private reference = (name: string, node?: ts.TypeReferenceNode): JsonSchema | undefined => {
    if (!node) return undefined;
    const found = this.lookup(name, node.getSourceFile().fileName);
    if (!found) return undefined;
    return this.declaration(found.decl, found.file);
  };

  /** The schema of a declaration; a type met again while it is being read (a recursive type) is left open there. */
  public declaration(decl: Declaration, file: string): JsonSchema {
    const done = this.done.get(decl);
    if (done) return done;
    const known = this.options.known(exportedName(this.index(file), decl));
    if (known) return known;
    if (this.inProgress.has(decl)) return {};
    this.inProgress.add(decl);
    const where = `${file}:${decl.name.text}`;
    const schema = ts.isInterfaceDeclaration(decl)
      ? objectSchema(ts.factory.createNodeArray(this.members(decl, file)), { reference: this.reference }, where)
      : schemaOfType(decl.type, { reference: this.reference }, where);
    this.inProgress.delete(decl);
    this.done.set(decl, schema);
    return schema;
  }

  /** The interface `name` declared in `file` (a kind's `I<Kind>`). */
  public interfaceIn(file: string, name: string): ts.InterfaceDeclaration | undefined {
    const decl = this.index(file).declarations.get(name);
    return decl && ts.isInterfaceDeclaration(decl) ? decl : undefined;
  }
}
