/**
 * ajv errors of a Kubernetes object as findings: src/config/schemas.ts `schemaProblems` (path of the offending
 * value, what was received and expected, "did you mean" for unknown fields), plus the one pattern it cannot word
 * well: Istio's "at most one of these fields" (`oneOf: [{not: {anyOf: [{required: [a]}, ...]}}, {required: [a]}, ...]`),
 * whose raw errors read "must NOT be valid".
 */
import type { ErrorObject } from 'ajv';
import { schemaProblems, type SchemaProblem } from '../../config/schemas';

function requiredNames(branch: unknown): string[] | undefined {
  if (!branch || typeof branch !== 'object') return undefined;
  const b = branch as Record<string, unknown>;
  const keys = Object.keys(b);
  if (keys.length === 1 && Array.isArray(b.required)) return b.required.filter((r): r is string => typeof r === 'string');
  if (keys.length === 1 && b.not && typeof b.not === 'object') {
    const anyOf = (b.not as Record<string, unknown>).anyOf;
    if (!Array.isArray(anyOf)) return undefined;
    const names: string[] = [];
    for (const a of anyOf) {
      const n = requiredNames(a);
      if (!n) return undefined;
      names.push(...n);
    }
    return names;
  }
  return undefined;
}

/** "Exactly/at most one of these fields" for a oneOf made only of `required` branches, else undefined. */
function exclusiveFields(error: ErrorObject): SchemaProblem | undefined {
  if (error.keyword !== 'oneOf' || !Array.isArray(error.schema)) return undefined;
  const fields = new Set<string>();
  let optional = false;
  for (const branch of error.schema as unknown[]) {
    const names = requiredNames(branch);
    if (!names) return undefined;
    if ((branch as Record<string, unknown>).not) optional = true;
    else names.forEach((n) => fields.add(n));
  }
  const data = error.data as Record<string, unknown> | null;
  const present = [...fields].filter((f) => data && typeof data === 'object' && Object.prototype.hasOwnProperty.call(data, f) && data[f] !== null);
  const list = [...fields].map((f) => `"${f}"`).join(', ');
  if (present.length > 1)
    return {
      path: error.instancePath,
      message: `got ${present.map((f) => `"${f}"`).join(' and ')}, expected ${optional ? 'at most' : 'exactly'} one of ${list}`,
    };
  return { path: error.instancePath, message: `got none, expected exactly one of ${list}` };
}

/**
 * Findings for the errors of one validation. `strict: false` drops unknown-field errors (the API server's
 * non-strict mode prunes those fields silently).
 */
export function objectProblems(errors: ErrorObject[] | null | undefined, data: unknown, strict: boolean): SchemaProblem[] {
  if (!errors?.length) return [];
  const special: SchemaProblem[] = [];
  const handled: ErrorObject[] = [];
  for (const e of errors) {
    const problem = exclusiveFields(e);
    if (problem) {
      special.push(problem);
      handled.push(e);
    }
  }
  const rest = errors.filter(
    (e) =>
      (strict || e.keyword !== 'additionalProperties') &&
      !handled.some((h) => e.instancePath === h.instancePath && (e.schemaPath === h.schemaPath || e.schemaPath.startsWith(`${h.schemaPath}/`))),
  );
  return [...special, ...schemaProblems(rest, data)];
}
