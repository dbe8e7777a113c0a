/**
 * Finds the line of a JSON path inside a TypeScript overlay (`export default { ... }` or
 * `const env: Environment = { ... }; export default env;`), so a schema error points at the line to edit.
 * Loaded only when there is an error to report: parsing TypeScript is not on the happy path.
 */
import type * as TS from 'typescript';
import { parsePointer } from '../lib/json-pointer';

export function locateInTypeScript(sourceText: string, fileName: string, pointer: string): number | undefined {
  return findInTypeScript(sourceText, fileName, pointer)?.line;
}

/**
 * The line of `pointer` and whether the file states it (`exact`); not exact, the line of the nearest enclosing
 * object, e.g. one that spreads a shared base where the value really is.
 */
export function findInTypeScript(sourceText: string, fileName: string, pointer: string): { line: number; exact: boolean } | undefined {
  let ts: typeof TS;
  try {
    ts = require('typescript');
  } catch {
    return undefined;
  }
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const lineOf = (node: TS.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const variables = new Map<string, TS.Expression>();
  let exported: TS.Expression | undefined;
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) variables.set(d.name.text, d.initializer);
      }
    } else if (ts.isExportAssignment(statement)) {
      exported = statement.expression;
    }
  }
  const unwrap = (e: TS.Expression | undefined, depth = 0): TS.Expression | undefined => {
    while (e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e))) e = e.expression;
    if (e && ts.isIdentifier(e) && depth < 8) return unwrap(variables.get(e.text), depth + 1);
    return e;
  };

  let node = unwrap(exported);
  if (!node) return undefined;
  let line = lineOf(node);
  for (const token of parsePointer(pointer)) {
    node = unwrap(node);
    if (node && ts.isObjectLiteralExpression(node)) {
      const prop = node.properties.find((p) => {
        const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) ? p.name.text : undefined;
        return name === token;
      });
      if (!prop) return { line, exact: false };
      line = lineOf(prop);
      node = ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
    } else if (node && ts.isArrayLiteralExpression(node) && /^\d+$/.test(token) && Number(token) < node.elements.length) {
      node = node.elements[Number(token)];
      line = lineOf(node);
    } else {
      return { line, exact: false };
    }
  }
  return { line, exact: true };
}
