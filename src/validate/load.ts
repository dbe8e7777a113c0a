/**
 * Reads YAML manifests from files and folders into an Inventory. Parsing is the floor of validation cost, so the
 * fast parser (js-yaml) reads every file; `yaml` is used only to recover the good documents of a file that fails,
 * and (in locate.ts) for positions of files that have findings.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as jsyaml from 'js-yaml';
import type * as Yaml from 'yaml';
import { MANIFEST_SCHEMA } from './yaml-schema';
import { aliasNodeLimit, breachLine, describeBreach, ExpansionBudget, MAX_DEPTH, MergeBudget } from './yaml-limits';
import { InputError } from '../lib/errors';
import { displayPath as display } from '../lib/paths';
import { parseStageDir } from '../lib/stage-dir';
import { Inventory, makeItem } from '../check/inventory';
import { isList, unwrapLists } from './lists';
import { PositionCache } from './locate';
import { documentRange, documentRanges, documentStarts } from './locate-fast';
import { isKustomizePatch } from './kustomization';
import type { InputProblem, InventoryItem, K8sObject } from '../check/types';

/** kustomize's own config files are not Kubernetes objects. */
const SKIPPED_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** The path that names standard input, as kubectl's `-f -` (`helm template … | plimsoll validate -`). */
export const STDIN = '-';
/** How findings name standard input. */
export const STDIN_FILE = '<stdin>';
/** Standard input can be read once: kept for the position lookups after the load. */
let stdinBytes: Buffer | undefined;

/** The bytes of an input path, standard input included (read once); throws when it cannot be read. */
export function readInput(path: string): Buffer {
  if (path !== STDIN) return readFileSync(path);
  stdinBytes ??= readFileSync(0);
  return stdinBytes;
}

/** The path as findings show it. */
export function displayInput(path: string): string {
  return path === STDIN ? STDIN_FILE : display(path);
}

/**
 * Whether a `.json` file found in a folder is Kubernetes input, as kubectl takes a folder's `.json` files: an
 * object with apiVersion and kind (a List too), or an array holding one (which the loader then reports). Other
 * JSON (package.json, tsconfig.json, dashboards) is skipped and listed. Text that does not parse is taken when it
 * names an apiVersion and a kind, so a broken manifest gets its parse error instead of silence.
 */
function holdsKubernetesJson(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return true; // the loader reports why it cannot be read
  }
  const isObject = (v: unknown) =>
    typeof v === 'object' && v !== null && typeof (v as K8sObject).apiVersion === 'string' && typeof (v as K8sObject).kind === 'string';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text);
  }
  return Array.isArray(value) ? value.some(isObject) : isObject(value);
}

export interface LoadResult {
  readonly inventory: Inventory;
  readonly files: string[];
  /** Documents per file (display path), where the fast parser read the whole file; see PositionCache. */
  readonly documentCounts: ReadonlyMap<string, number>;
}

export interface CollectedFiles {
  readonly files: string[];
  /** Entries that exist but cannot be read as files (broken symlinks, sockets, FIFOs): reported, never hung on. */
  readonly problems: InputProblem[];
  /** `.json` files in folders that hold no Kubernetes object (see holdsKubernetesJson): not validated. */
  readonly otherJson: string[];
  /** Input files `--exclude` left out, unread (named ones, and `.yaml`, `.yml`, `.json` files a walk found). */
  readonly excluded: string[];
}

/** Whether an input path is left out (`validate --exclude`, see lib/glob.ts). */
export interface InputFilter {
  excludes(path: string): boolean;
}

/**
 * Files named by `paths` (`-` is standard input), folders walked recursively (sorted, dot-entries skipped,
 * symlinks followed once) for `.yaml`, `.yml` and Kubernetes `.json` files. A path that does not exist is an
 * input error (exit 2); an unreadable entry inside a folder is a finding. What `filter` excludes, a named file
 * too, is not read: only counted (a folder it excludes is still listed, for the count, never reported on).
 */
export function collectFiles(paths: readonly string[], filter?: InputFilter): CollectedFiles {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const otherJson: string[] = [];
  const excluded: string[] = [];
  const visited = new Set<string>();
  // An excluded folder's walk only counts: it must not mark a folder seen that a link elsewhere brings in.
  const visitedOut = new Set<string>();
  const walk = (dir: string, out: boolean) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    const seen = out ? visitedOut : visited;
    if (seen.has(real)) return; // symlink cycle
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (!out)
        problems.push({ file: display(dir), line: null, message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      const skip = out || (filter?.excludes(full) ?? false);
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(full);
          if (target.isDirectory()) {
            walk(full, skip);
            continue;
          }
          if (!target.isFile()) continue;
        } catch (err) {
          if (skip) {
            if (/\.ya?ml$/i.test(entry.name)) excluded.push(full); // counted as the finding it would have been
          } else if (/\.ya?ml$/i.test(entry.name))
            problems.push({
              file: display(full),
              line: null,
              message: `cannot read file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'broken symlink' : (err as Error).message}`,
            });
          continue;
        }
      } else if (entry.isDirectory()) {
        walk(full, skip);
        continue;
      } else if (!entry.isFile()) {
        continue;
      }
      if (skip) {
        if (/\.(ya?ml|json)$/i.test(entry.name) && !SKIPPED_NAMES.has(entry.name)) excluded.push(full);
      } else if (/\.ya?ml$/i.test(entry.name) && !SKIPPED_NAMES.has(entry.name)) files.push(full);
      else if (/\.json$/i.test(entry.name)) {
        (holdsKubernetesJson(full) ? files : otherJson).push(full);
      }
    }
  };
  for (const p of paths) {
    if (p === STDIN) {
      files.push(p);
      continue;
    }
    let stat;
    try {
      stat = statSync(p);
    } catch (err) {
      throw new InputError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
    const skip = filter?.excludes(p) ?? false;
    if (stat.isDirectory()) walk(p, skip);
    else if (stat.isFile()) (skip ? excluded : files).push(p);
    else throw new InputError(`cannot read ${p}: not a regular file or folder`);
  }
  return { files: [...new Set(files)], problems, otherJson, excluded: [...new Set(excluded)] };
}

const decoder = new TextDecoder('utf-8', { fatal: true });
/** `yaml` reads only what js-yaml cannot (broken or odd files): loaded on first use, not by every thread. */
const yaml = (): typeof Yaml => require('yaml');
/**
 * Options for the recovering parser that match js-yaml with MANIFEST_SCHEMA: YAML 1.2 core types, `<<` merge
 * keys honoured (Kubernetes' reader honours them), duplicate keys an error.
 */
const RECOVERING_OPTIONS = { uniqueKeys: true, merge: true } as const;

function describeNonObject(value: unknown, doc: number): string | undefined {
  if (value === null || value === undefined || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  return `document ${doc + 1} is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, expected a Kubernetes object (a mapping with apiVersion and kind)`;
}

/**
 * Whether a parse of `text` can hold a node shared by an alias (or a `<<` merge of one): that needs an anchor
 * (`&`) and an alias (`*`), and both parsers reject an alias without its anchor. Without one nothing is shared, so
 * nesting is the parser's own depth limit and nothing expands. Spares the walk for RBAC `'*'` verbs and cron steps.
 */
function mayShareNodes(text: string): boolean {
  return text.includes('*') && text.includes('&');
}

/**
 * Documents of a js-yaml parse that break a limit of yaml-limits.ts, with the finding's message and (computed on
 * demand, with the `yaml` node tree) its line. Undefined when the text cannot share a node (mayShareNodes).
 */
function checkLimits(
  text: string,
  docs: readonly unknown[],
  limit: number,
  firstDoc = 0,
): Map<number, { message: string; line: () => number | null }> | undefined {
  if (!mayShareNodes(text)) return undefined;
  const budget = new ExpansionBudget(limit);
  const found = new Map<number, { message: string; line: () => number | null }>();
  let parsed: Yaml.Document.Parsed[] | undefined;
  let starts: ReturnType<typeof documentStarts> | null = null;
  docs.forEach((d, i) => {
    const before = budget.added;
    const breach = budget.check(d);
    if (!breach) return;
    found.set(i, {
      message: describeBreach(breach, firstDoc + i, limit),
      line: () => {
        // The breaching document alone when the scan finds the documents js-yaml read: a bomb in a large file
        // cost a `yaml` parse of the whole file (2.4 s for 2.3 MB) just for this line.
        if (starts === null) starts = documentStarts(text);
        if (starts?.length === docs.length) {
          const r = documentRange(text, starts, i);
          const slice = text.slice(r.start, r.end);
          const alone = yaml().parseAllDocuments(slice, RECOVERING_OPTIONS) as Yaml.Document.Parsed[];
          const line = Array.isArray(alone) && alone.length === 1 ? breachLine(slice, alone[0], before, limit) : null;
          if (line !== null) return line + r.line;
        }
        parsed ??= yaml().parseAllDocuments(text, RECOVERING_OPTIONS) as Yaml.Document.Parsed[];
        const doc = Array.isArray(parsed) ? parsed[i] : undefined;
        return doc ? breachLine(text, doc, before, limit) : null;
      },
    });
  });
  return found;
}

/** Whether the `yaml` document, as written (aliases not followed), nests at most `max` nodes deep; no recursion. */
function writtenDepthWithin(doc: Yaml.Document.Parsed, max: number): boolean {
  const { isMap, isPair, isSeq } = yaml();
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return false;
    if (isMap(node)) for (const p of node.items) stack.push([p.key, depth + 1], [p.value, depth + 1]);
    else if (isSeq(node)) for (const item of node.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
  }
  return true;
}

export interface ParsedObject {
  readonly object: K8sObject;
  readonly doc: number;
  /** See InventoryItem.pointer: set for the items of a List, which stand for it (lists.ts). */
  readonly pointer?: string;
}

export interface ParsedText {
  readonly objects: ParsedObject[];
  readonly problems: InputProblem[];
  /** How many documents js-yaml read, empty ones included; undefined when the whole text took the recovering parser. */
  readonly documents?: number;
  /** An alias or merge limit was reached: a part of a file (see parallel.ts) cannot judge that alone. */
  readonly limitReached?: boolean;
}

/**
 * Documents of one file: objects, and problems for what is not an object. Empty documents are skipped. `limit`:
 * the alias and merge allowance (aliasNodeLimit of the whole file's length; a part of a file gets a share).
 */
export function parseManifestText(text: string, file: string, limit = aliasNodeLimit(text.length)): ParsedText {
  const { recovered: _, ...parsed } = parseDocuments(text, file, limit, { doc: 0, line: 0 });
  return parsed;
}

/** Files this large that js-yaml rejects are recovered part by part (see parseInParts). */
export const PART_RECOVERY_MIN_BYTES = 128 * 1024;
const RECOVERY_PART_BYTES = 64 * 1024;

/** Where a text starts in its file: its first document's index and 0-based line; `part` when it is a part already. */
interface TextStart {
  readonly doc: number;
  readonly line: number;
  readonly part?: boolean;
}

function parseDocuments(text: string, file: string, limit: number, at: TextStart): ParsedText & { recovered?: number } {
  const objects: ParsedObject[] = [];
  const problems: InputProblem[] = [];
  // Lines and document numbers of the file, for a text that is a part of it.
  const report = (line: number | null, message: string, path?: string) =>
    problems.push({ file, line: line === null ? null : line + at.line, ...(path !== undefined ? { path } : {}), message });
  const n = (i: number) => at.doc + i;
  let positions: PositionCache | undefined;
  /** A document's object, or a List's items in its place; `documents` as in PositionCache. */
  const take = (object: K8sObject, doc: number, documents: number | undefined) => {
    if (!isList(object)) {
      objects.push({ object, doc: n(doc) });
      return;
    }
    const unwrapped = unwrapLists(object, doc);
    for (const entry of unwrapped.objects)
      objects.push(entry.pointer ? { object: entry.object, doc: n(doc), pointer: entry.pointer } : { object: entry.object, doc: n(doc) });
    for (const p of unwrapped.problems) {
      positions ??= new PositionCache(
        () => text,
        () => documents,
      );
      report(positions.lineOf(file, doc, p.pointer), p.message, p.pointer);
    }
  };
  let docs: unknown[] | undefined = [];
  let failure: jsyaml.YAMLException | undefined;
  try {
    jsyaml.loadAll(text, (d) => docs!.push(d), {
      filename: file,
      maxDepth: MAX_DEPTH,
      schema: MANIFEST_SCHEMA,
      maxTotalMergeKeys: limit,
    } as jsyaml.LoadOptions);
  } catch (err) {
    failure = err instanceof jsyaml.YAMLException ? err : undefined;
    docs = undefined;
  }
  if (docs) {
    const bad: number[] = [];
    const limits = checkLimits(text, docs, limit, at.doc);
    docs.forEach((d, i) => {
      const breach = limits?.get(i);
      if (breach) report(breach.line(), breach.message);
      else if (describeNonObject(d, i)) bad.push(i);
      else if (d !== null && d !== undefined) take(d as K8sObject, i, docs!.length);
    });
    if (bad.length) {
      // Lines for non-object documents come from the slower parser, only in this rare case.
      const located = yaml().parseAllDocuments(text);
      const list = Array.isArray(located) ? located : [];
      for (const i of bad) {
        const offset = list[i]?.contents?.range?.[0];
        report(offset === undefined ? null : text.slice(0, offset).split('\n').length, describeNonObject(docs[i], n(i))!);
      }
    }
    return { objects, problems, documents: docs.length, ...(limits?.size ? { limitReached: true } : {}) };
  }
  // Too deep to recover: the recovering parser below recurses and would overflow the stack on the same input.
  if (failure && /maxDepth/.test(failure.reason ?? '')) {
    report(failure.mark ? failure.mark.line + 1 : null, `invalid YAML: nesting deeper than ${MAX_DEPTH} levels`);
    return { objects, problems };
  }
  if (!at.part && text.length >= PART_RECOVERY_MIN_BYTES) {
    const inParts = parseInParts(text, file, limit);
    if (inParts) return inParts;
  }
  // js-yaml stops at the first error; `yaml` recovers the documents that parse and reports each broken one.
  let located;
  try {
    located = yaml().parseAllDocuments(text, RECOVERING_OPTIONS);
  } catch (err) {
    report(failure?.mark ? failure.mark.line + 1 : null, `invalid YAML: ${failure?.reason ?? (err as Error).message.split('\n')[0]}`);
    return { objects, problems };
  }
  const list = Array.isArray(located) ? located : [];
  let reported = false;
  const budget = new ExpansionBudget(limit);
  // js-yaml stops at its merge-key limit: the merges are counted here first, on the node tree, so no chain of
  // them is ever copied out at `yaml`'s quadratic cost.
  const merges = new MergeBudget(limit);
  let limitReached = false;
  let before = 0;
  // Too deep for toJS (which recurses): reported as js-yaml reports it, before converting anything.
  const valueOf = (d: Yaml.Document.Parsed, i: number): unknown => {
    before = budget.added;
    if (!writtenDepthWithin(d, MAX_DEPTH)) return new Error(`nesting deeper than ${MAX_DEPTH} levels`);
    try {
      return d.toJS({ maxAliasCount: -1 });
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
  list.forEach((d, i) => {
    if (d.errors.length) {
      const e = d.errors[0];
      report(e.linePos?.[0]?.line ?? null, `invalid YAML in document ${n(i) + 1}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
      reported = true;
      return;
    }
    const mergeLine = merges.check(text, d);
    if (mergeLine !== undefined) {
      report(mergeLine, describeBreach('merges', n(i), limit));
      reported = limitReached = true;
      return;
    }
    // Aliases stay shared (no count limit here): the budget below is the one the fast path applies.
    const value = valueOf(d, i);
    if (value instanceof Error) {
      // js-yaml stopped at the same construct (a `<<` of something not a mapping): its mark gives the line.
      const mark = failure?.mark;
      const inDocument = mark && d.range && mark.position >= d.range[0] && mark.position <= d.range[2];
      report(inDocument ? mark.line + 1 : null, `document ${n(i) + 1}: ${value.message.split('\n')[0]}`);
      reported = true;
      return;
    }
    const breach = value !== undefined && mayShareNodes(text) ? budget.check(value) : undefined;
    if (breach) {
      report(breachLine(text, d, before, limit), describeBreach(breach, n(i), limit));
      reported = limitReached = true;
      return;
    }
    const bad = describeNonObject(value, n(i));
    if (bad) {
      const offset = d.contents?.range?.[0];
      report(offset === undefined ? null : text.slice(0, offset).split('\n').length, bad);
    } else if (value !== null && value !== undefined) {
      take(value as K8sObject, i, undefined);
    }
  });
  if (!reported && failure) {
    report(failure.mark ? failure.mark.line + 1 : null, `invalid YAML: ${failure.reason ?? failure.message}`);
  }
  return { objects, problems, recovered: list.length, ...(limitReached ? { limitReached } : {}) };
}

/**
 * A large file js-yaml rejects, parsed in parts cut at its document boundaries (documentStarts): js-yaml reads the
 * parts that parse, and only the part holding a broken document goes to the recovering parser, which is about 17×
 * slower (one broken document in a 2.3 MB file cost 3 s, not 0.7 s). Undefined, so the whole file is recovered as
 * before, whenever a part cannot stand for its documents: a count that differs from the scan's, or a limit reached
 * within a part's share of the file's alias and merge allowance.
 */
function parseInParts(text: string, file: string, limit: number): ParsedText | undefined {
  const starts = documentStarts(text);
  if (!starts || starts.length < 2) return undefined;
  const objects: ParsedObject[] = [];
  const problems: InputProblem[] = [];
  for (const r of documentRanges(text, starts, RECOVERY_PART_BYTES)) {
    const slice = text.slice(r.start, r.end);
    const share = Math.floor((limit * slice.length) / text.length);
    const parsed = parseDocuments(slice, file, share, { doc: r.from, line: r.line, part: true });
    if (parsed.limitReached || (parsed.documents ?? parsed.recovered) !== r.to - r.from) return undefined;
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  // Every part had the scan's count: positions can be looked up document by document (locate.ts).
  return { objects, problems, documents: starts.length };
}

export interface LoadedFile {
  /** The path as displayed in findings. */
  readonly file: string;
  readonly items: InventoryItem[];
  readonly problems: InputProblem[];
  /** The decoded text, kept for position lookups by whoever needs them next. */
  readonly text?: string;
  /** See ParsedText.documents. */
  readonly documents?: number;
}

/**
 * Reads, decodes and parses one file; its folder name (`NN-<stage>`) gives its objects a stage. `onBytes` sees
 * the bytes read (for the cache's key, see cache.ts).
 */
export function loadFile(path: string, onBytes?: (bytes: Buffer) => void): LoadedFile {
  const file = displayInput(path);
  let bytes: Buffer;
  try {
    bytes = readInput(path);
  } catch (err) {
    return { file, items: [], problems: [{ file, line: null, message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }] };
  }
  onBytes?.(bytes);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { file, items: [], problems: [{ file, line: null, message: 'not UTF-8 text (binary file?)' }] };
  }
  const stage = parseStageDir(basename(dirname(path)));
  const parsed = parseManifestText(text, file);
  const patch = isKustomizePatch(path);
  const items = parsed.objects.map(({ object, doc, pointer }) =>
    patch ? { ...makeItem(object, file, doc, stage, pointer), patch } : makeItem(object, file, doc, stage, pointer),
  );
  return { file, items, problems: parsed.problems, text, documents: parsed.documents };
}

export function loadManifests(paths: readonly string[]): LoadResult {
  const { files, problems } = collectFiles(paths);
  return loadFiles(files, problems);
}

/** Loads already collected files (see collectFiles) into one inventory. */
export function loadFiles(files: readonly string[], collectProblems: readonly InputProblem[] = []): LoadResult {
  const problems = [...collectProblems];
  const items: InventoryItem[] = [];
  const documentCounts = new Map<string, number>();
  for (const path of files) {
    const loaded = loadFile(path);
    items.push(...loaded.items);
    problems.push(...loaded.problems);
    if (loaded.documents !== undefined) documentCounts.set(loaded.file, loaded.documents);
  }
  return { inventory: new Inventory(items, problems), files: [...files], documentCounts };
}

/** Reads a file's text for position lookups (paths as displayed are relative to the cwd). */
export function readSource(file: string): string | undefined {
  if (file === STDIN_FILE) return stdinBytes?.toString('utf8');
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
