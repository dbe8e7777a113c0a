import { describe, expect, it } from 'vitest';
import * as jsyaml from 'js-yaml';
import { documentStarts, documentStartsInBytes, utf16Length } from '../../src/validate/locate-fast';
import { PositionCache, yamlPositions, type DocumentSource } from '../../src/validate/locate';

const documentCount = (text: string) => {
  let n = 0;
  jsyaml.loadAll(text, () => n++);
  return n;
};

describe('documentStarts', () => {
  const cases: Record<string, string> = {
    'one document': 'a: 1\n',
    'two documents': 'a: 1\n---\nb: 2\n',
    'leading marker': '---\na: 1\n',
    'comment before the first marker': '# header\n---\na: 1\n',
    'trailing marker': 'a: 1\n---\n',
    'empty documents': '---\n---\n',
    'empty text': '',
    'comment only': '# only\n',
    'comment-only document between two': 'a: 1\n---\n# nothing here\n---\nb: 1\n',
    'content on the marker line': '--- {a: 1}\n--- b\n',
    'indented --- inside a block scalar': 'a: |\n  x\n  ---\n',
    'blank lines around': '\n\n---\na: 1\n---\n\n',
    'marker with trailing space': 'a: 1\n--- \n',
    'CRLF line ends': 'a: 1\r\n---\r\nb: 1\r\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`counts documents as js-yaml does: ${name}`, () => {
      expect(documentStarts(text)?.length).toBe(documentCount(text));
    });
  }

  it('gives each document its first line', () => {
    expect(documentStarts('a: 1\n---\nb: 2\n\n---\nc: 3\n')).toEqual([
      { offset: 0, line: 0 },
      { offset: 5, line: 1 },
      { offset: 15, line: 4 },
    ]);
  });

  it('declines texts whose numbering it does not model (end markers, directives)', () => {
    expect(documentStarts('a: 1\n...\n---\nb: 1\n')).toBeUndefined();
    expect(documentStarts('%YAML 1.2\n---\na: 1\n')).toBeUndefined();
  });
});

describe('documentStartsInBytes', () => {
  const texts = [
    'a: 1\n',
    'a: 1\n---\nb: 2\n',
    '---\na: 1\n',
    '# header\n---\na: 1\n',
    '# only\n',
    '',
    '\n \t\n',
    '\u00a0\n',
    '---\n---\n',
    '--- {a: 1}\n--- b\n---\tc\n',
    '----\na: 1\n---x\n',
    'a: |\n  x\n  ---\n',
    'a: 1\r\n---\r\nb: 1\r\n',
    'name: café\n---\nname: 日本\n---\nemoji: "😀"\n',
    '# ü\n---\na: 1\n',
    'a: 1\n...\n---\nb: 1\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\n--- ',
  ];
  /** documentStarts of the decoded text, offsets turned into bytes of the file. */
  const expected = (text: string, bom: boolean) =>
    documentStarts(text)?.map((s) => ({ offset: Buffer.byteLength(text.slice(0, s.offset)) + (bom ? 3 : 0), line: s.line }));

  for (const text of texts)
    for (const bom of [false, true])
      it(`finds what documentStarts finds in the text: ${JSON.stringify(text)}${bom ? ' after a BOM' : ''}`, () => {
        const bytes = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
        const got = documentStartsInBytes(bytes);
        expect(got?.starts).toEqual(expected(text, bom));
        if (got) expect(got.bom).toBe(bom ? 3 : 0);
      });

  it('declines line breaks a JavaScript `^` knows and it does not model (a lone CR, U+2028, U+2029)', () => {
    for (const text of ['a: 1\r---\rb: 1\r', 'a: "x\u2028y"\n---\nb: 1\n', 'a: "\u2029"\n']) expect(documentStartsInBytes(Buffer.from(text))).toBeUndefined();
  });

  it('counts UTF-16 units as a decoded string has them', () => {
    for (const text of texts) expect(utf16Length(Buffer.from(text))).toBe(text.length);
  });
});

describe('PositionCache', () => {
  const text = [
    '# rendered by a tool',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: a}',
    'spec:',
    '  ports:',
    '    - port: 80',
    '    - {port: 81, name: b}',
    '---',
    '# nothing',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: d',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1',
    '',
  ].join('\n');
  const lookups: Array<[number, string]> = [
    [0, ''],
    [0, '/metadata/name'],
    [0, '/spec/ports/1/name'],
    [0, '/spec/ports/7'],
    [2, '/spec/template/spec/containers/0/image'],
    [2, '/spec/missing/deeper'],
  ];
  const reference = yamlPositions(text);

  it('gives the lines of a whole-file parse when it parses one document at a time', () => {
    const perDocument = new PositionCache(
      () => text,
      () => documentCount(text),
    );
    for (const [doc, pointer] of lookups)
      expect([doc, pointer, perDocument.lineOf('f.yaml', doc, pointer)]).toEqual([doc, pointer, reference.lineOf(doc, pointer)]);
    expect(perDocument.lineOf('f.yaml', 2, '/spec/template/spec/containers/0/image')).toBe(22);
  });

  it('falls back to the whole file when the document count does not match the scan', () => {
    const mismatched = new PositionCache(
      () => text,
      () => 7,
    );
    for (const [doc, pointer] of lookups) expect(mismatched.lineOf('f.yaml', doc, pointer)).toBe(reference.lineOf(doc, pointer));
  });

  it('fails if a JSON document or an empty sequence entry is located otherwise than by the whole-file parse', () => {
    // A flow collection at the top is composed inside a node js-yaml keeps; `-` alone has no node of its own.
    const json =
      '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {\n    "name": "a"\n  },\n  "data": {"k": 1}\n}\n---\nitems:\n  -\n  - name: b\n';
    const jsonLookups: Array<[number, string]> = [
      [0, '/kind'],
      [0, '/metadata/name'],
      [0, '/data/k'],
      [1, '/items/0'],
      [1, '/items/1/name'],
    ];
    const whole = yamlPositions(json);
    const fast = new PositionCache(
      () => json,
      () => 2,
    );
    for (const [doc, pointer] of jsonLookups) expect([doc, pointer, fast.lineOf('f.json', doc, pointer)]).toEqual([doc, pointer, whole.lineOf(doc, pointer)]);
    expect(fast.lineOf('f.json', 0, '/metadata/name')).toBe(5);
    expect(fast.lineOf('f.json', 1, '/items/1/name')).toBe(12);
  });

  it('has no lines for a file it cannot read', () => {
    expect(
      new PositionCache(
        () => undefined,
        () => 1,
      ).lineOf('gone.yaml', 0, '/kind'),
    ).toBeNull();
  });
});

describe('PositionCache: large files and many files', () => {
  const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  key: "${'é'.repeat(i % 3)}v"\n  other: x\n`;
  const text = `# header\n${Array.from({ length: 40 }, (_, i) => `---\n${doc(i)}`).join('')}`;
  const queries = Array.from({ length: 40 }, (_, i) => [i, i % 2 ? '/data/other' : '/metadata/name'] as const);

  it('locates findings of a split file by reading their documents alone, as from the whole text', () => {
    const bytes = Buffer.from(text);
    const starts = documentStartsInBytes(bytes)!.starts;
    const read: Array<[number, number | undefined]> = [];
    const source: DocumentSource = {
      starts,
      text: (start, end) => {
        read.push([start, end]);
        return bytes.subarray(start, end).toString('utf8');
      },
    };
    const whole = new PositionCache(
      () => text,
      () => 40,
    );
    const alone = new PositionCache(
      () => undefined,
      () => 40,
      () => source,
    );
    for (const [d, pointer] of queries) expect(alone.lineOf('f', d, pointer), `${d} ${pointer}`).toBe(whole.lineOf('f', d, pointer));
    expect(read).toHaveLength(40); // one read per document, none of the whole file
    expect(read.every(([s, e]) => e === undefined || e - s < 200)).toBe(true);
  });

  it('gives the same lines when files are evicted and read again', () => {
    let reads = 0;
    const cache = new PositionCache(
      () => {
        reads++;
        return text;
      },
      () => 40,
    );
    const first = queries.map(([d, p]) => cache.lineOf('f0', d, p));
    for (let f = 1; f <= 20; f++) cache.lineOf(`f${f}`, 0, '/metadata/name');
    expect(queries.map(([d, p]) => cache.lineOf('f0', d, p))).toEqual(first);
    expect(reads).toBe(22); // f0 twice: it was evicted by the 20 files after it
  });
});
