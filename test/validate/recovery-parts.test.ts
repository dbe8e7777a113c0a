/**
 * A large file with a broken document: js-yaml reads the parts that parse, only the part holding the broken
 * document takes the (much slower) recovering parser, and the result names the same documents and lines as a
 * recovery of the whole file.
 */
import { describe, expect, it } from 'vitest';
import { parseManifestText, PART_RECOVERY_MIN_BYTES } from '../../src/validate/load';
import { ALIAS_BOMB } from '../helpers/yaml';

const configMap = (i: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: team\ndata:\n  key: "value ${i}"\n  script: |\n    echo ${i}\n`;

/** `count` documents; `broken` indices hold the given text instead of a ConfigMap. */
function file(count: number, broken: Record<number, string>): { text: string; lineOfDoc: (i: number) => number } {
  const docs = Array.from({ length: count }, (_, i) => broken[i] ?? configMap(i));
  const text = docs.join('---\n');
  const starts: number[] = [];
  let line = 1;
  docs.forEach((d, i) => {
    starts.push(line + (i > 0 ? 1 : 0)); // the document's first line, after its `---`
    line += d.split('\n').length - 1 + (i > 0 ? 1 : 0);
  });
  return { text, lineOfDoc: (i) => starts[i] };
}

describe('recovering a large file part by part', () => {
  it('reports each broken document by its number and line, keeps every other object, and counts the documents', () => {
    const broken = { 400: 'apiVersion: v1\nkind: [\n', 2500: 'metadata: {name: x\n', 2900: '"just a string"\n' };
    const { text, lineOfDoc } = file(3000, broken);
    // The line each problem has in a file of that document alone, moved to where the document is.
    const lineIn = (i: keyof typeof broken) => lineOfDoc(i) - 1 + parseManifestText(broken[i], 'alone.yaml').problems[0].line!;
    expect(text.length).toBeGreaterThan(2 * PART_RECOVERY_MIN_BYTES);
    const parsed = parseManifestText(text, 'big.yaml');
    expect(parsed.objects).toHaveLength(2997);
    // Object documents keep their index in the file.
    expect(parsed.objects.every((o) => o.object.metadata?.name === `cm-${o.doc}`)).toBe(true);
    expect(parsed.problems.map((p) => [p.line, p.message.replace(/:.*/, '')])).toEqual([
      [lineIn(400), 'invalid YAML in document 401'],
      [lineIn(2500), 'invalid YAML in document 2501'],
      [lineIn(2900), 'document 2901 is a string, expected a Kubernetes object (a mapping with apiVersion and kind)'],
    ]);
    // Counted by the parts, so positions are looked up document by document.
    expect(parsed.documents).toBe(3000);
  });

  it('gives the messages a small file with the same broken document gets, renumbered', () => {
    const small = parseManifestText(file(3, { 1: 'apiVersion: v1\nkind: [\n' }).text, 'small.yaml');
    const { text, lineOfDoc } = file(3000, { 1801: 'apiVersion: v1\nkind: [\n' });
    const big = parseManifestText(text, 'big.yaml');
    expect(small.problems).toHaveLength(1);
    expect(big.problems).toEqual([
      {
        file: 'big.yaml',
        line: small.problems[0].line! - lineOfDoc(1) + lineOfDoc(1801),
        message: small.problems[0].message.replace('document 2', 'document 1802'),
      },
    ]);
  });
});

describe('the line of an alias expansion over the limit', () => {
  const bomb = ALIAS_BOMB;

  it('is the same wherever the document is in its file (found from the document alone)', () => {
    const alone = parseManifestText(bomb, 'alone.yaml');
    expect(alone.problems).toHaveLength(1);
    const { text, lineOfDoc } = file(40, { 25: bomb });
    const inFile = parseManifestText(text, 'many.yaml');
    expect(inFile.problems.map((p) => p.line)).toEqual([lineOfDoc(25) - 1 + alone.problems[0].line!]);
    // The allowance grows with the file's length; the rest of the message is the same.
    const limitless = (m: string) => m.replace(/exceeds \d+/, 'exceeds N');
    expect(limitless(inFile.problems[0].message)).toBe(limitless(alone.problems[0].message).replace('document 1', 'document 26'));
  });
});
