/**
 * Just enough Markdown for the gates and for the rules that link into docs (one slug rule for both), line-based
 * and CommonMark-shaped: YAML front matter, fenced code blocks, HTML comments, ATX and setext headings with
 * GitHub's anchor slugs, and link destinations with their lines. Prose lines are what is left outside front
 * matter, fences and comments (comment text blanked in place so columns stay put).
 */

export interface MarkdownLine {
  /** 1-based. */
  readonly number: number;
  readonly text: string;
}

export interface Fence {
  /** The info string after the opening fence (` ```bash canonical-order ` → `bash canonical-order`). */
  readonly info: string;
  /** Line of the opening fence. */
  readonly line: number;
  readonly body: MarkdownLine[];
  /** The nearest non-blank prose line before the fence, if no other fence sits between (a label such as "Canonical order reference:"). */
  readonly label?: MarkdownLine;
}

export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
  /** GitHub's anchor for it, de-duplicated within the document (`-1`, `-2`, …). */
  readonly slug: string;
}

export interface FrontMatter {
  readonly text: string;
  /** Line of the first YAML line (the line after the opening `---`). */
  readonly firstLine: number;
}

export interface MarkdownDoc {
  readonly lines: string[];
  readonly frontMatter?: FrontMatter;
  readonly prose: MarkdownLine[];
  readonly fences: Fence[];
  readonly headings: Heading[];
  /** Every anchor a link may target: heading slugs and explicit HTML `id`/`name` attributes. */
  readonly anchors: Set<string>;
}

/** github-slugger's rule: lower-case, drop what is not a letter, mark, number, connector, space or hyphen, spaces → hyphens. */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The text GitHub renders for a heading's inline Markdown (what the slug is computed from). */
function headingText(raw: string): string {
  return raw
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/(^|[^\p{L}\p{N}])_+(?=[\p{L}\p{N}])/gu, '$1')
    .replace(/([\p{L}\p{N}])_+(?=[^\p{L}\p{N}_]|$)/gu, '$1')
    .trim();
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const NOT_PARAGRAPH = /^\s*(?:$|#|>|[-*+][ \t]|\d+[.)][ \t]|\||<)/;
const HTML_ID = /<[a-z][^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi;

export function parseMarkdown(text: string): MarkdownDoc {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const prose: MarkdownLine[] = [];
  const fences: Fence[] = [];
  const headings: Heading[] = [];
  const anchors = new Set<string>();
  const slugCount = new Map<string, number>();
  const addHeading = (level: number, raw: string, line: number) => {
    const base = githubSlug(headingText(raw));
    let slug = base;
    const seen = slugCount.get(base);
    if (seen !== undefined) {
      let n = seen;
      do slug = `${base}-${++n}`;
      while (slugCount.has(slug));
      slugCount.set(base, n);
    }
    slugCount.set(slug, slugCount.get(slug) ?? 0);
    headings.push({ level, text: headingText(raw), line, slug });
    anchors.add(slug);
  };

  let i = 0;
  let frontMatter: FrontMatter | undefined;
  if (lines[0] === '---') {
    const end = lines.findIndex((l, n) => n > 0 && (l === '---' || l === '...'));
    if (end > 0) {
      frontMatter = { text: lines.slice(1, end).join('\n'), firstLine: 2 };
      i = end + 1;
    }
  }

  let fence: { marker: string; info: string; line: number; body: MarkdownLine[]; label?: MarkdownLine } | undefined;
  let inComment = false;
  let previous: MarkdownLine | undefined;
  let lastProse: MarkdownLine | undefined;
  for (; i < lines.length; i++) {
    const number = i + 1;
    const line = lines[i];
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[2][0] === fence.marker[0] && close[2].length >= fence.marker.length && close[3].trim() === '') {
        fences.push({ info: fence.info, line: fence.line, body: fence.body, ...(fence.label ? { label: fence.label } : {}) });
        fence = undefined;
      } else {
        fence.body.push({ number, text: line });
      }
      previous = undefined;
      continue;
    }
    // Blank out HTML comments (possibly spanning lines), keeping columns.
    let visible = '';
    let rest = line;
    while (rest.length) {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) {
          visible += ' '.repeat(rest.length);
          rest = '';
        } else {
          visible += ' '.repeat(end + 3);
          rest = rest.slice(end + 3);
          inComment = false;
        }
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) {
          visible += rest;
          rest = '';
        } else {
          visible += rest.slice(0, start);
          rest = rest.slice(start);
          inComment = true;
          visible += '    ';
          rest = rest.slice(4);
        }
      }
    }
    const open = FENCE.exec(visible);
    if (open && !(open[2][0] === '`' && open[3].includes('`'))) {
      fence = { marker: open[2], info: open[3].trim(), line: number, body: [], ...(lastProse ? { label: lastProse } : {}) };
      previous = undefined;
      lastProse = undefined;
      continue;
    }
    const current = { number, text: visible };
    prose.push(current);
    for (const m of visible.matchAll(HTML_ID)) anchors.add(m[1]);
    const atx = ATX.exec(visible);
    const setext = SETEXT.exec(visible);
    if (atx) {
      addHeading(atx[1].length, atx[2] ?? '', number);
    } else if (setext && previous && !NOT_PARAGRAPH.test(previous.text)) {
      addHeading(setext[1][0] === '=' ? 1 : 2, previous.text.trim(), previous.number);
    }
    previous = visible.trim() ? current : undefined;
    if (visible.trim()) lastProse = current;
  }
  if (fence) fences.push({ info: fence.info, line: fence.line, body: fence.body, ...(fence.label ? { label: fence.label } : {}) });
  // Headings found via setext are recorded after their text line; keep document order.
  headings.sort((a, b) => a.line - b.line);
  return { lines, ...(frontMatter ? { frontMatter } : {}), prose, fences, headings, anchors };
}

/** Blanks inline code spans (`` `x` ``, ``` ``x`` ```) so their contents are not read as links or placeholders. */
export function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (m) => ' '.repeat(m.length));
}

export interface LinkRef {
  /** The destination as written (`../x.md#y`, `#tests`, `https://…`). */
  readonly target: string;
  readonly line: number;
}

const INLINE = /\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)/g;
const REFERENCE = /^ {0,3}\[[^\]]+\]:\s*(<[^>\n]*>|\S+)/;
const HTML_LINK = /<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']/gi;

/** Link and image destinations in prose (inline, reference definitions, HTML `href`/`src`), code spans excluded. */
export function linksIn(doc: MarkdownDoc): LinkRef[] {
  const out: LinkRef[] = [];
  for (const { number, text } of doc.prose) {
    const visible = withoutCodeSpans(text);
    const push = (raw: string) => out.push({ target: raw.replace(/^<|>$/g, ''), line: number });
    for (const m of visible.matchAll(INLINE)) push(m[1]);
    const ref = REFERENCE.exec(visible);
    if (ref) push(ref[1]);
    for (const m of visible.matchAll(HTML_LINK)) push(m[1]);
  }
  return out;
}

/** Every anchor a markdown document defines (heading slugs and HTML ids), for links into it such as runbook URLs. */
export function markdownAnchors(text: string): Set<string> {
  return parseMarkdown(text).anchors;
}
