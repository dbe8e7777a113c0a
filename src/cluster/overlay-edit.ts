/**
 * Edits one string-array property of a TypeScript environment overlay in place (`apiServerCidrs: [...]`), keeping
 * everything else byte for byte: comments, the quote style, a one-line or one-element-per-line layout. Where the value
 * is not a literal array of strings (a variable, a spread, a call) nothing is written and the caller gets the reason,
 * so it can tell the user what to change by hand.
 */
import type * as TS from 'typescript';

export type OverlayEdit =
  | { readonly ok: true; readonly text: string; readonly line: number; readonly before: string; readonly after: string }
  | { readonly ok: false; readonly reason: string; readonly line?: number };

/** The exported environment object literal (`export default {...}` or `const env = {...}; export default env;`). */
function exportedObject(ts: typeof TS, source: TS.SourceFile): TS.ObjectLiteralExpression | undefined {
  const variables = new Map<string, TS.Expression>();
  let exported: TS.Expression | undefined;
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) variables.set(d.name.text, d.initializer);
    } else if (ts.isExportAssignment(statement)) exported = statement.expression;
  }
  let e = exported;
  for (let depth = 0; e && depth < 8; depth++) {
    while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) e = variables.get(e.text);
    else break;
  }
  return e && ts.isObjectLiteralExpression(e) ? e : undefined;
}

function propertyName(ts: typeof TS, p: TS.ObjectLiteralElementLike): string | undefined {
  return p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
}

/** Replaces the value of the top-level `property` (an array of string literals) with `values`. */
export function editStringArray(sourceText: string, fileName: string, property: string, values: readonly string[]): OverlayEdit {
  const ts = require('typescript') as typeof TS;
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const lineOf = (node: TS.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const object = exportedObject(ts, source);
  if (!object) return { ok: false, reason: 'the file does not export an object literal (export default { ... } or a const that is exported)' };
  const prop = object.properties.find((p) => propertyName(ts, p) === property);
  if (!prop) return { ok: false, reason: `the exported object has no ${property} property`, line: lineOf(object) };
  if (!ts.isPropertyAssignment(prop)) return { ok: false, reason: `${property} is not a plain "${property}: [...]" assignment`, line: lineOf(prop) };
  let init = prop.initializer;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
  if (!ts.isArrayLiteralExpression(init))
    return { ok: false, reason: `${property} is computed (\`${prop.initializer.getText(source).slice(0, 80)}\`), not a literal array`, line: lineOf(prop) };
  if (!init.elements.every((e) => ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))) {
    return { ok: false, reason: `${property} holds more than string literals (\`${init.getText(source).slice(0, 80)}\`)`, line: lineOf(prop) };
  }

  const before = init.getText(source);
  const quote = quoteStyle(
    sourceText,
    init.elements.map((e) => e.getText(source)),
  );
  const literal = (v: string) => quote + v.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
  let after: string;
  if (before.includes('\n') && values.length) {
    // One element per line: keep the indentation of the first element (or of the property plus two spaces).
    const lineStart = sourceText.lastIndexOf('\n', prop.getStart(source)) + 1;
    const propIndent = sourceText.slice(lineStart, prop.getStart(source));
    const first = init.elements[0];
    const elementIndent = first ? sourceText.slice(sourceText.lastIndexOf('\n', first.getStart(source)) + 1, first.getStart(source)) : `${propIndent}  `;
    const trailing = init.elements.hasTrailingComma || !init.elements.length ? ',' : '';
    after = `[\n${values.map((v, i) => `${elementIndent}${literal(v)}${i < values.length - 1 ? ',' : trailing}`).join('\n')}\n${propIndent}]`;
  } else {
    after = `[${values.map(literal).join(', ')}]`;
  }
  const text = sourceText.slice(0, init.getStart(source)) + after + sourceText.slice(init.getEnd());
  return { ok: true, text, line: lineOf(prop), before, after };
}

/** The quote the array already uses, else the file's most common string quote, else single quotes. */
function quoteStyle(sourceText: string, elements: readonly string[]): string {
  if (elements.length) return elements[0][0] === '"' ? '"' : "'";
  const singles = (sourceText.match(/'[^'\n]*'/g) ?? []).length;
  const doubles = (sourceText.match(/"[^"\n]*"/g) ?? []).length;
  return doubles > singles ? '"' : "'";
}

/** The string values of the top-level `property` after an edit, to check the result parses as intended. */
export function readStringArray(sourceText: string, fileName: string, property: string): string[] | undefined {
  const ts = require('typescript') as typeof TS;
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const object = exportedObject(ts, source);
  const prop = object?.properties.find((p) => propertyName(ts, p) === property);
  if (!prop || !ts.isPropertyAssignment(prop)) return undefined;
  let init = prop.initializer;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
  if (!ts.isArrayLiteralExpression(init)) return undefined;
  const out: string[] = [];
  for (const e of init.elements) {
    if (!ts.isStringLiteral(e) && !ts.isNoSubstitutionTemplateLiteral(e)) return undefined;
    out.push(e.text);
  }
  return out;
}
