/**
 * Evidence artifacts are Markdown for people with a YAML front matter block for the gate. This reads one:
 * front matter parsed with source lines, placeholders found, and the block validated against
 * schemas/<schema>.schema.json. A schema problem at a value that is still a placeholder is reported as the
 * placeholder only (one finding per thing to fill in).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { schemaProblems, schemaValidator } from '../../config/schemas';
import { displayPath } from '../../lib/paths';
import { toPointer, valueAt } from '../../lib/json-pointer';
import { yamlPositions } from '../../validate/locate';
import { parseMarkdown, type MarkdownDoc } from '../../lib/markdown';
import { findPlaceholder } from '../lib/placeholders';
import type { GateFinding, GateTally } from '../types';

export const ACCEPTED_STATUSES: readonly string[] = ['APPROVED', 'PASS', 'PASSED', 'READY', 'COMPLETED'];

/** Keys holding a status: their values are checked against the accepted statuses, not scanned for placeholders. */
const STATUS_KEYS = new Set(['status', 'result', 'smokeResult']);

export const TEMPLATES_DIR = 'docs/operations-artifacts/templates';

export interface Artifact<T> {
  /** Display path. */
  readonly file: string;
  /** The front matter; matches the schema when `valid` (values at `placeholders` excepted). */
  readonly data: T;
  readonly valid: boolean;
  /** Pointers of front matter values that are still placeholders (already reported). */
  readonly placeholders: ReadonlySet<string>;
  readonly doc: MarkdownDoc;
  /** Line of a front matter value (or of its deepest existing parent). */
  lineOf(pointer: string): number | null;
}

function* scalars(node: unknown, path: Array<string | number>): Iterable<{ path: Array<string | number>; value: string }> {
  if (Array.isArray(node)) for (let i = 0; i < node.length; i++) yield* scalars(node[i], [...path, i]);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) yield* scalars(v, [...path, k]);
  else if (typeof node === 'string') yield { path, value: node };
}

export interface ReadResult<T> {
  readonly artifact?: Artifact<T>;
  readonly findings: GateFinding[];
}

/**
 * Reads `<dir>/<name>`. A missing file, missing or broken front matter, placeholders and schema problems are
 * findings; `artifact` is set whenever the front matter is a mapping.
 */
export function readArtifact<T>(dir: string, name: string, schema: string, tally: GateTally, template = name): ReadResult<T> {
  const path = join(dir, name);
  const file = displayPath(path);
  if (!existsSync(path)) {
    return {
      findings: [{ file, line: null, message: `missing: no ${name} in ${displayPath(dir)}; copy ${TEMPLATES_DIR}/${template}, fill it in and commit it` }],
    };
  }
  tally.filesRead.add(file);
  const text = readFileSync(path, 'utf8');
  const doc = parseMarkdown(text);
  const fm = doc.frontMatter;
  if (!fm) {
    return {
      findings: [
        { file, line: 1, message: `no YAML front matter: the file must start with a \`---\` block holding the fields of ${TEMPLATES_DIR}/${template}` },
      ],
    };
  }
  const counter = new LineCounter();
  const parsed = parseDocument(fm.text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (parsed.errors.length) {
    return {
      findings: parsed.errors.map((e) => ({
        file,
        line: fm.firstLine - 1 + counter.linePos(e.pos[0]).line,
        message: `front matter is not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const data = parsed.toJS() as unknown;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { findings: [{ file, line: fm.firstLine, message: "front matter must be a mapping of the template's fields" }] };
  }
  const positions = yamlPositions(fm.text);
  const lineOf = (pointer: string): number | null => {
    const line = positions.lineOf(0, pointer);
    return line === null ? null : fm.firstLine - 1 + line;
  };

  const findings: GateFinding[] = [];
  const placeholders = new Set<string>();
  for (const { path: tokens, value } of scalars(data, [])) {
    if (STATUS_KEYS.has(String(tokens[tokens.length - 1]))) continue;
    const found = findPlaceholder(value);
    if (!found) continue;
    const pointer = toPointer(tokens);
    placeholders.add(pointer);
    findings.push({ file, line: lineOf(pointer), path: pointer, message: `placeholder ${JSON.stringify(found)} left in ${pointer}: fill in the real value` });
  }
  const validate = schemaValidator(schema);
  const problems = validate(data) ? [] : schemaProblems(validate.errors, data);
  const atPlaceholder = (p: string) => [...placeholders].some((q) => p === q || p.startsWith(`${q}/`));
  const real = problems.filter((p) => !atPlaceholder(p.path));
  for (const p of real) findings.push({ file, line: lineOf(p.path), path: p.path, message: `${p.path || '/'}: ${p.message} (schemas/${schema}.schema.json)` });
  return { artifact: { file, data: data as T, valid: real.length === 0, placeholders, doc, lineOf }, findings };
}

/** A finding unless `artifact.data.status` is one of `accepted`. */
export function statusFinding(
  artifact: Artifact<unknown>,
  what: string,
  accepted: readonly string[] = ACCEPTED_STATUSES,
  pointer = '/status',
): GateFinding | undefined {
  const value = valueAt(artifact.data, pointer);
  if (typeof value === 'string' && accepted.includes(value)) return undefined;
  // A status the schema requires is already reported as missing.
  if (value === undefined && !artifact.valid) return undefined;
  const got = value === undefined ? 'missing' : `${JSON.stringify(value)}`;
  return {
    file: artifact.file,
    line: artifact.lineOf(pointer),
    path: pointer,
    message: `${what} is ${got}; the gate needs ${accepted.length === 1 ? accepted[0] : `one of ${accepted.join(', ')}`}`,
  };
}

/**
 * The latest entry of `rows` for `environment` (by its YYYY-MM-DD date; a later entry wins a tie), with its index.
 * An undated entry counts as the newest: it is the one still being written, and it must not let an older dated
 * entry stand in for it.
 */
export function latestFor<R extends { environment: string; date?: string }>(rows: readonly R[], environment: string): { row: R; index: number } | undefined {
  let best: { row: R; index: number } | undefined;
  const key = (row: R) => row.date || '9999-99-99';
  rows.forEach((row, index) => {
    if (row.environment !== environment) return;
    if (!best || key(row) >= key(best.row)) best = { row, index };
  });
  return best;
}
