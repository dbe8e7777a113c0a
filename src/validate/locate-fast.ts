/**
 * Source lines from js-yaml's composer events: a node tree with each node's first line, built at js-yaml speed
 * (several times faster than composing `yaml` Documents). Used for files that have findings, one document at a
 * time where the document markers allow; `yaml` stays the fallback for anything this does not understand.
 */
import * as jsyaml from 'js-yaml';
import { parsePointer } from '../lib/json-pointer';
import { MANIFEST_SCHEMA } from './yaml-schema';

interface Node {
  /** 0-based line where the node (or, for a mapping value, its key's line) starts. */
  readonly line: number;
  readonly children: Node[];
  kind: string | null;
  result: unknown;
}

export function nodeTree(text: string): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  const listener = (event: 'open' | 'close', state: { line: number; kind: string | null; result: unknown }) => {
    if (event === 'open') {
      const node: Node = { line: state.line, children: [], kind: null, result: undefined };
      (stack.length ? stack[stack.length - 1].children : roots).push(node);
      stack.push(node);
    } else {
      const node = stack.pop()!;
      node.kind = state.kind;
      node.result = state.result;
    }
  };
  jsyaml.loadAll(text, () => undefined, { listener, maxDepth: 256, schema: MANIFEST_SCHEMA } as jsyaml.LoadOptions);
  return roots;
}

/** The child node holding the value of `key` in a mapping node, or undefined. */
function valueOf(node: Node, key: string): Node | undefined {
  const keys = node.result && typeof node.result === 'object' ? Object.keys(node.result) : [];
  if (!keys.includes(key)) return undefined;
  // Children alternate key, value; failed attempts at a next key leave empty nodes, which never match a key.
  for (let i = 0; i + 1 < node.children.length; i++) {
    const child = node.children[i];
    if (child.kind === 'scalar' && String(child.result) === key) return node.children[i + 1];
  }
  return undefined;
}

/**
 * The node itself where js-yaml kept a node composed inside it: a flow collection (`{...}`, `[...]`: a JSON
 * document) read where a block mapping could start is composed as a would-be key, then kept as the value, so the
 * outer node's one child is the same collection, with the keys and items as its children.
 */
function unwrapKept(node: Node): Node {
  while (node.children.length === 1 && node.children[0].result === node.result && node.children[0].kind === node.kind && node.kind !== 'scalar')
    node = node.children[0];
  return node;
}

/**
 * The 1-based line of `pointer` in document `docIndex` (or of its deepest existing ancestor); undefined where the
 * event tree cannot say: a block sequence with an empty entry (`-` alone) has no node for it, so its children no
 * longer line up with its items.
 */
export function lineOfPointer(roots: Node[], docIndex: number, pointer: string): number | null | undefined {
  const meaningful = roots.filter((r) => r.kind !== null || r.children.length);
  let node: Node | undefined = (meaningful.length === roots.length ? roots : meaningful)[docIndex] ?? roots[docIndex];
  if (!node) return null;
  let best = node.line + 1;
  for (const token of parsePointer(pointer)) {
    node = unwrapKept(node);
    let next: Node | undefined;
    if (node.kind === 'mapping') next = valueOf(node, token);
    else if (node.kind === 'sequence' && /^\d+$/.test(token)) {
      if (node.children.length !== (node.result as unknown[]).length) return undefined;
      next = node.children[Number(token)];
    }
    if (!next) break;
    node = next;
    best = node.line + 1;
  }
  return best;
}

export interface DocumentStart {
  /** Offset of the document's first character (its `---` marker, if it has one). */
  readonly offset: number;
  /** 0-based line of that character. */
  readonly line: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)|^%/gm;
const CONTENT_LINE = /^[ \t]*[^\s#]/m;

/**
 * Where each document of a multi-document text starts, found from the `---` lines alone, so a finding's line
 * needs a parse of its own document only, not of the whole file. Counts documents the way js-yaml's loadAll
 * does; callers compare the count with the parser's before trusting the result. Undefined for texts with `...`
 * end markers or `%` directives, whose effect on numbering this scan does not model.
 */
/** Documents `from` up to `to` (exclusive) of a text as one slice of it, with the line it starts on. */
export interface DocumentRange {
  readonly from: number;
  readonly to: number;
  /** Character offsets in the text; the first range starts at 0, comments before the first marker included. */
  readonly start: number;
  readonly end: number;
  /** 0-based line of `start`. */
  readonly line: number;
}

/** The range of documents `from`…`to` - 1 of `text`, whose document starts are `starts`. */
export function documentRange(text: string, starts: readonly DocumentStart[], from: number, to = from + 1): DocumentRange {
  return {
    from,
    to,
    start: from === 0 ? 0 : starts[from].offset,
    end: to < starts.length ? starts[to].offset : text.length,
    line: from === 0 ? 0 : starts[from].line,
  };
}

/**
 * The documents of `text` in consecutive ranges of about `bytes` characters each (a range closes at the first
 * document start at least that far from its own start), covering every document once, in order.
 */
export function documentRanges(text: string, starts: readonly DocumentStart[], bytes: number): DocumentRange[] {
  const ranges: DocumentRange[] = [];
  let from = 0;
  for (let i = 1; i < starts.length; i++) {
    if (starts[i].offset - (from === 0 ? 0 : starts[from].offset) >= bytes) {
      ranges.push(documentRange(text, starts, from, i));
      from = i;
    }
  }
  if (starts.length) ranges.push(documentRange(text, starts, from, starts.length));
  return ranges;
}

export function documentStarts(text: string): DocumentStart[] | undefined {
  const markers: DocumentStart[] = [];
  let line = 0;
  let counted = 0;
  for (const m of text.matchAll(MARKER)) {
    if (m[0] !== '---') return undefined;
    for (let i = text.indexOf('\n', counted); i !== -1 && i < m.index!; i = text.indexOf('\n', i + 1)) line++;
    counted = m.index!;
    markers.push({ offset: m.index!, line });
  }
  if (!markers.length) return text.trim() ? [{ offset: 0, line: 0 }] : [];
  // Text before the first marker is a document of its own only if it holds more than blank and comment lines.
  return CONTENT_LINE.test(text.slice(0, markers[0].offset)) ? [{ offset: 0, line: 0 }, ...markers] : markers;
}

/** Where documents start in a file's bytes, with what a string scan would need of the text (see documentStartsInBytes). */
export interface ByteDocumentStarts {
  /** Byte offsets in the file (the first document at the BOM's end, or at its marker) and 0-based lines, as documentStarts gives them for the decoded text. */
  readonly starts: DocumentStart[];
  /** Bytes of a leading UTF-8 byte order mark (0 or 3): the decoded text starts after it. */
  readonly bom: number;
}

const DASH = 0x2d;
const DOT = 0x2e;
const LF = 0x0a;
const CR = 0x0d;
const SEPARATOR_PREFIX = Buffer.from([0xe2, 0x80]);

/** A byte that may follow a marker (`[ \t\r\n]` or the end, as MARKER's lookahead; U+2028/9 are declined earlier). */
const endsMarker = (b: number | undefined) => b === undefined || b === 0x20 || b === 0x09 || b === LF || b === CR;

/**
 * documentStarts for a UTF-8 file given as bytes, offsets in bytes: the same documents and lines for a large file
 * without decoding it into one string (a 200 MB file would be held twice, as bytes and as text). Undefined where
 * documentStarts is, and where the text has line breaks other than LF and CRLF (a lone CR, U+2028, U+2029): a
 * JavaScript `^` starts a line after those too, and this scan does not model them; the caller decodes then.
 */
export function documentStartsInBytes(input: Uint8Array): ByteDocumentStarts | undefined {
  // Native scans (memchr speed) rule out the line breaks this does not model, then one jump per line finds the markers.
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] !== LF) return undefined;
  // U+2028 and U+2029 are E2 80 A8 and E2 80 A9: one scan for their first two bytes (other E2 80 characters are rarer).
  for (let i = bytes.indexOf(SEPARATOR_PREFIX); i !== -1; i = bytes.indexOf(SEPARATOR_PREFIX, i + 2))
    if (bytes[i + 2] === 0xa8 || bytes[i + 2] === 0xa9) return undefined;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const markers: DocumentStart[] = [];
  const n = bytes.length;
  let line = 0;
  for (let i = bom; i < n;) {
    const b = bytes[i];
    if (b === 0x25) return undefined; // `%`: a directive
    if ((b === DASH || b === DOT) && bytes[i + 1] === b && bytes[i + 2] === b && endsMarker(bytes[i + 3])) {
      if (b === DOT) return undefined; // `...`: an end marker
      markers.push({ offset: i, line });
    }
    const next = bytes.indexOf(LF, i);
    if (next === -1) break;
    line++;
    i = next + 1;
  }
  if (!markers.length) return { starts: isBlank(bytes, bom) ? [] : [{ offset: bom, line: 0 }], bom };
  return { starts: hasContent(bytes, bom, markers[0].offset) ? [{ offset: bom, line: 0 }, ...markers] : markers, bom };
}

/** `!text.trim()` (documentStarts' test for a text without markers) without decoding it all where an ASCII byte decides. */
function isBlank(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
    return b < 0x80 ? false : !new TextDecoder().decode(bytes.subarray(i)).trim();
  }
  return true;
}

/** CONTENT_LINE on the text of bytes `from`…`to` (what precedes the first marker: usually a few comment lines). */
function hasContent(bytes: Uint8Array, from: number, to: number): boolean {
  return CONTENT_LINE.test(new TextDecoder().decode(bytes.subarray(from, to)));
}

/** UTF-16 code units (a JavaScript string's length) of the UTF-8 bytes `from`…`to`: every byte that starts a character, twice for those beyond U+FFFF. */
export function utf16Length(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let units = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}
