/**
 * Compiling and evaluating CEL expressions over Kubernetes objects: parse and type-check once (an error then is the
 * author's, reported with its column), evaluate per object. JSON integers become CEL ints (bigint) so that
 * `object.spec.replicas + 1` is int arithmetic as in Kubernetes; the conversion of an object is made once and shared.
 */
import { kubernetesEnvironment, stringOf } from './environment';

export interface CompiledExpression {
  readonly source: string;
  /** The type the checker inferred (`bool`, `string`, `dyn`, …). */
  readonly type: string;
  /** Evaluates with the given variables (CEL values: see celValue); throws CelEvaluationError. */
  evaluate(activation: Readonly<Record<string, unknown>>): unknown;
}

/** A syntax or type error: `summary` is one line, `column` 1-based where the library knows it. */
export class CelCompileError extends Error {
  constructor(
    public readonly summary: string,
    public readonly column?: number,
  ) {
    super(column ? `${summary} (at column ${column})` : summary);
  }
}

export class CelEvaluationError extends Error {}

interface LibraryError {
  readonly summary?: string;
  readonly message: string;
  readonly range?: { readonly start?: number };
}

function summaryOf(err: unknown): { summary: string; column?: number } {
  const e = err as LibraryError;
  const summary = (e.summary ?? e.message ?? String(err)).split('\n')[0];
  const start = e.range?.start;
  return { summary, column: typeof start === 'number' ? start + 1 : undefined };
}

/**
 * Compiles `source` against variables `names` (each of dynamic type). With `expect`, an expression whose checked type
 * can never be that (a validation that yields a string) is a compile error, as the API server's type check makes it.
 */
export function compileCel(source: string, names: readonly string[], expect?: 'bool' | 'string'): CompiledExpression {
  const env = kubernetesEnvironment(names);
  let program: ReturnType<typeof env.parse>;
  try {
    program = env.parse(source);
  } catch (err) {
    const { summary, column } = summaryOf(err);
    throw new CelCompileError(`syntax error: ${summary}`, column);
  }
  const checked = program.check();
  if (!checked.valid) {
    const { summary, column } = summaryOf(checked.error);
    throw new CelCompileError(`type error: ${summary}`, column);
  }
  const type = String(checked.type);
  if (expect && type !== expect && type !== 'dyn') throw new CelCompileError(`the expression yields ${type}; expected ${expect}`);
  return {
    source,
    type,
    evaluate(activation) {
      try {
        return program(activation as Record<string, unknown>);
      } catch (err) {
        throw new CelEvaluationError(summaryOf(err).summary);
      }
    },
  };
}

const converted = new WeakMap<object, unknown>();

/**
 * A JSON value as CEL sees it: integers as int (bigint), the rest as is. An object is converted once (cached by
 * identity), so that every rule judging it shares the conversion.
 */
export function celValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return convert(v);
  let out = converted.get(v);
  if (out === undefined) converted.set(v, (out = convert(v)));
  return out;
}

// Loops, not Object.fromEntries or map callbacks: this runs over every field of every judged object.
function convert(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const list = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) list[i] = convert(v[i]);
    return list;
  }
  const map: Record<string, unknown> = {};
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    const value = convert((v as Record<string, unknown>)[key]);
    // A `__proto__` key of the input is a key like any other, not the map's prototype.
    if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    else map[key] = value;
  }
  return map;
}

/** A CEL result as text for a message (`messageExpression` results, values in errors). */
export function celText(v: unknown): string {
  return stringOf(v);
}
