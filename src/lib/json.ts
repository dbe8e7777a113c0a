/** JSON.parse with an error that says where (line and column), for files people edit by hand. */

/** Offset of the error from V8's message: "at position N", or the quoted context and the unexpected token. */
function errorOffset(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const context = /^Unexpected token '([\s\S])', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!context) return undefined;
  const start = text.indexOf(context[2]);
  if (start < 0) return undefined;
  return start + Math.max(0, context[2].indexOf(context[1]));
}

export function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const reason = message
      .replace(/, (?:\.\.\.)?"[\s\S]*$/, '')
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/\n/g, '\\n');
    const offset = errorOffset(text, message);
    if (offset === undefined) throw new Error(`invalid JSON: ${reason}`);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    throw new Error(`invalid JSON at line ${line}, column ${offset - before.lastIndexOf('\n')}: ${reason}`);
  }
}
