/**
 * Limits on what one YAML file may make the validator build, applied to the parsed values whichever parser read
 * them: nesting depth, and the nodes that aliases (and `<<` merge keys) add by reusing a node elsewhere. Both
 * parsers share an aliased node by reference, so a "billion laughs" file parses small; it explodes only in what
 * walks or serialises the values later (rules, the worker's JSON), which is why the limit is checked on the values.
 */
import type * as Yaml from 'yaml';

/** Deepest nesting accepted, in nodes from the document's root (js-yaml's maxDepth counts the same way). */
export const MAX_DEPTH = 256;
/**
 * Nodes that alias expansion may add to one file, on top of the nodes written in it, plus one per character of the
 * file (aliasNodeLimit). Real manifests that share selectors or resource blocks by anchor add a few nodes per
 * object, so a large file of them stays well inside; a billion-laughs file passes this in its first levels.
 */
export const MAX_ALIAS_NODES = 100_000;

/**
 * What aliases may add to a file of `length` characters, and what `<<` merge keys may copy (keys counted as
 * js-yaml counts them): linear in the input, so neither explodes, and one large file of anchored objects (a few
 * reused nodes each) is judged like the same objects in many small files.
 */
export function aliasNodeLimit(length: number): number {
  return MAX_ALIAS_NODES + length;
}

export type LimitBreach = 'aliases' | 'merges' | 'depth' | 'cycle';

export function describeBreach(breach: LimitBreach, doc: number, limit: number): string {
  if (breach === 'depth') return `invalid YAML: nesting deeper than ${MAX_DEPTH} levels once aliases are expanded (document ${doc + 1})`;
  if (breach === 'cycle') return `invalid YAML: an alias refers to a node that contains it (recursive alias, document ${doc + 1})`;
  const allowance = `${limit} (${MAX_ALIAS_NODES} + 1 per character of the file)`;
  if (breach === 'merges') return `invalid YAML: merge keys (<<) copy more than ${allowance} keys (a YAML merge bomb?) in document ${doc + 1}`;
  return `invalid YAML: alias expansion exceeds ${allowance} nodes (a YAML alias bomb?) in document ${doc + 1}`;
}

interface Measure {
  /** Nodes in the value as a tree, aliases expanded. */
  readonly size: number;
  /** Levels of nodes, the value itself included (a scalar is 1). */
  readonly height: number;
}

class Breach extends Error {
  constructor(readonly breach: LimitBreach) {
    super(breach);
  }
}

/**
 * Measures the documents of one file in turn against one budget. Each value is walked once (results are kept
 * per object), so the check costs the size of the file as written, not as expanded.
 */
export class ExpansionBudget {
  /** Nodes added by reuse so far in this file. */
  public added = 0;
  private readonly seen = new Map<object, Measure>();
  private readonly open = new Set<object>();

  /** `limit`: see aliasNodeLimit. */
  constructor(readonly limit: number) {}

  /** The limit a document's value breaks, if any; after a breach the budget stays spent for later documents. */
  public check(value: unknown): LimitBreach | undefined {
    try {
      this.measure(value, 0);
      return undefined;
    } catch (err) {
      if (err instanceof Breach) {
        this.open.clear();
        return err.breach;
      }
      throw err;
    }
  }

  private measure(value: unknown, depth: number): Measure {
    if (value === null || typeof value !== 'object') {
      if (depth + 1 > MAX_DEPTH) throw new Breach('depth');
      return { size: 1, height: 1 };
    }
    const known = this.seen.get(value);
    if (known) {
      this.added += known.size;
      if (this.added > this.limit) throw new Breach('aliases');
      if (depth + known.height > MAX_DEPTH) throw new Breach('depth');
      return known;
    }
    if (this.open.has(value)) throw new Breach('cycle');
    if (depth + 1 > MAX_DEPTH) throw new Breach('depth');
    this.open.add(value);
    let size = 1;
    let height = 1;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      const m = this.measure(child, depth + 1);
      size += m.size;
      if (m.height + 1 > height) height = m.height + 1;
    }
    this.open.delete(value);
    const measured = { size, height };
    this.seen.set(value, measured);
    return measured;
  }
}

/**
 * The line of the alias in `doc` at which a breach found by ExpansionBudget happens, measured again on the
 * `yaml` node tree (which keeps positions): the first alias whose target takes the file past `added` + budget,
 * too deep, or into its own ancestor. Falls back to the first alias of the document, then to its start.
 */
export function breachLine(text: string, doc: Yaml.Document.Parsed, addedBefore: number, limit: number): number | null {
  const { isAlias, isMap, isPair, isSeq } = require('yaml') as typeof Yaml;
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : text.slice(0, offset).split('\n').length);
  const seen = new Map<unknown, Measure>();
  const open = new Set<unknown>();
  const childrenOf = (node: unknown): unknown[] => {
    if (isMap(node)) return node.items.flatMap((p) => [p.key, p.value]);
    if (isSeq(node)) return node.items.map((i) => (isPair(i) ? i.value : i));
    return [];
  };
  // Node measure with aliases followed; cycles and runaway depth measure as infinite.
  const measure = (node: unknown, depth: number): Measure => {
    if (isAlias(node)) node = node.resolve(doc);
    if (!isMap(node) && !isSeq(node)) return { size: 1, height: 1 };
    const known = seen.get(node);
    if (known) return known;
    if (open.has(node) || depth > MAX_DEPTH) return { size: Infinity, height: Infinity };
    open.add(node);
    let size = 1;
    let height = 1;
    for (const child of childrenOf(node)) {
      const m = measure(child, depth + 1);
      size += m.size;
      height = Math.max(height, m.height + 1);
    }
    open.delete(node);
    const measured = { size, height };
    seen.set(node, measured);
    return measured;
  };
  let added = addedBefore;
  let first: number | null = null;
  // Document order, depth known: an explicit stack of [node, depth], children pushed in reverse.
  const stack: Array<[unknown, number]> = [[doc.contents, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isAlias(node)) {
      const line = lineAt(node.range?.[0]);
      first ??= line;
      const m = measure(node, depth);
      added += m.size;
      if (added > limit || depth + m.height > MAX_DEPTH) return line;
      continue;
    }
    if (depth >= MAX_DEPTH) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
  return first ?? lineAt(doc.contents?.range?.[0]);
}

/** Whether a `yaml` pair key is a `<<` merge key (parsed with `merge: true`, `yaml` gives it a symbol value). */
function isMergeKey(key: unknown, isScalar: (n: unknown) => n is Yaml.Scalar): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/**
 * The `<<` merge keys of the documents of one file, counted on `yaml`'s node tree before anything is converted
 * (`yaml`'s toJS copies merged keys again for every link of a chain: 5,000 chained merges took seconds). Counts as
 * js-yaml's maxTotalMergeKeys does, or more: each merge costs 1 plus the keys of its source, whose own merged keys
 * are counted as copied (an upper bound where keys override). Linear: each mapping's key count is computed once,
 * in document order, where an alias can only name a node already closed.
 */
export class MergeBudget {
  /** Keys counted so far in this file. */
  public copied = 0;
  private readonly keys = new Map<unknown, number>();

  constructor(readonly limit: number) {}

  /** The 1-based line of the `<<` at which the file passes its limit in `doc`, null if unknown, undefined if within. */
  public check(text: string, doc: Yaml.Document.Parsed): number | null | undefined {
    const { isAlias, isMap, isPair, isScalar, isSeq } = require('yaml') as typeof Yaml;
    const open = new Set<unknown>();
    // Anchors as met in document order: an alias names the latest one before it (Alias.resolve searches the
    // whole document for each alias, which made long chains quadratic).
    const anchors = new Map<string, unknown>();
    const keysOf = (source: unknown): number => {
      const node = isAlias(source) ? anchors.get(source.source) : source;
      if (!isMap(node)) return 0;
      // Not closed yet: the alias is inside the node it names (js-yaml rejects that too).
      if (open.has(node)) return Infinity;
      return this.keys.get(node) ?? node.items.length;
    };
    // Post-order without recursion: [node, children pushed?].
    const stack: Array<[unknown, boolean]> = [[doc.contents, false]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, expanded] = top;
      if (!isMap(node) && !isSeq(node)) {
        if (isScalar(node) && node.anchor) anchors.set(node.anchor, node);
        stack.pop();
        continue;
      }
      if (!expanded) {
        top[1] = true;
        if (node.anchor) anchors.set(node.anchor, node);
        open.add(node);
        // Reversed, so children close in document order (an alias's node closes before the alias is met).
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          if (isPair(item)) stack.push([item.value, false], [item.key, false]);
          else stack.push([item, false]);
        }
        continue;
      }
      stack.pop();
      open.delete(node);
      if (!isMap(node)) continue;
      let count = 0;
      for (const pair of node.items) {
        if (!isMergeKey(pair.key, isScalar)) {
          count++;
          continue;
        }
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          const n = keysOf(source);
          count += n;
          this.copied += 1 + n;
          if (this.copied > this.limit) {
            const offset = (pair.key as Yaml.Scalar).range?.[0];
            return offset === undefined ? null : text.slice(0, offset).split('\n').length;
          }
        }
      }
      this.keys.set(node, count);
    }
    return undefined;
  }
}
