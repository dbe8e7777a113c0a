/**
 * Placeholders a template leaves for a person to fill in. An artifact still holding one is not evidence of
 * anything: TBD/TBC/TODO/FIXME/PENDING/XXX/CHANGEME, `<something to fill in>`, `YYYY-MM-DD`, `???`.
 */

const WORDS = /\b(TBD|TBC|TODO|FIXME|PENDING|XXX|CHANGEME|REPLACE[_-]?ME|FILL[_-]?ME[_-]?IN)\b|\?{3,}|\bY{4}-?M{2}-?D{2}\b/;
/** `<reviewer name>`, `<INGRESS_IP>`, `<link>`; not HTML such as `<br>`, `<details>` or `</a>`. */
const ANGLE = /<([^<>\n]+)>/g;
const HTML_TAGS = new Set(
  'a abbr b br code dd del details div dl dt em h1 h2 h3 h4 h5 h6 hr i img ins kbd li ol p picture pre q s samp small source span strong sub summary sup table tbody td tfoot th thead tr tt u ul var'.split(
    ' ',
  ),
);

function angleIsHtml(inner: string): boolean {
  const name = /^\/?([a-z][a-z0-9]*)(?:\s[^>]*)?\/?$/.exec(inner.trim());
  return Boolean(name && HTML_TAGS.has(name[1]));
}

/** The first placeholder in `text`, as written, or undefined. */
export function findPlaceholder(text: string): string | undefined {
  const word = WORDS.exec(text);
  let angle: string | undefined;
  for (const m of text.matchAll(ANGLE)) {
    if (/^(?:https?|mailto):/i.test(m[1]) || angleIsHtml(m[1])) continue;
    if (!word || m.index! < word.index) angle = m[0];
    break;
  }
  return angle ?? word?.[0];
}
