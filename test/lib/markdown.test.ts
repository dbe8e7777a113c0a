import { describe, expect, it } from 'vitest';
import { githubSlug, linksIn, markdownAnchors, parseMarkdown } from '../../src/lib/markdown';
import { findPlaceholder } from '../../src/gates/lib/placeholders';

describe('markdown for the gates and the rules', () => {
  it('slugs headings like GitHub', () => {
    const doc = parseMarkdown(
      [
        '# Plimsoll',
        '## Release & Tagging Process',
        '### `plimsoll gate` (evidence)',
        '## Tests',
        '## Tests',
        '## Tests-1',
        '## [Linked](https://example.com) *emphasis* _under_ snake_case',
        'Setext title',
        '============',
        '## Größe: 5xx ≤ 1 %',
        '## Closing hashes ##',
      ].join('\n'),
    );
    expect(doc.headings.map((h) => h.slug)).toEqual([
      'plimsoll',
      'release--tagging-process',
      'plimsoll-gate-evidence',
      'tests',
      'tests-1',
      'tests-1-1',
      'linked-emphasis-under-snake_case',
      'setext-title',
      'größe-5xx--1-',
      'closing-hashes',
    ]);
    expect(githubSlug('A - B')).toBe('a---b');
  });

  it('does not read headings, links or anchors inside fences, front matter or comments', () => {
    const doc = parseMarkdown(
      [
        '---',
        'title: x',
        '---',
        '# Real',
        '```bash',
        '# not a heading',
        '[x](missing.md)',
        '```',
        '<!-- [y](gone.md)',
        '# nor this -->',
        'see [z](ok.md) and `[w](code.md)`',
        '<a id="custom-anchor"></a>',
      ].join('\n'),
    );
    expect(doc.frontMatter).toEqual({ text: 'title: x', firstLine: 2 });
    expect(doc.headings.map((h) => h.text)).toEqual(['Real']);
    expect(doc.fences).toEqual([
      expect.objectContaining({
        info: 'bash',
        line: 5,
        body: [
          { number: 6, text: '# not a heading' },
          { number: 7, text: '[x](missing.md)' },
        ],
      }),
    ]);
    expect(linksIn(doc)).toEqual([{ target: 'ok.md', line: 11 }]);
    expect([...doc.anchors].sort()).toEqual(['custom-anchor', 'real']);
  });

  it('finds inline, reference and HTML link destinations with their lines', () => {
    const doc = parseMarkdown(['[a](docs/a.md#x "title") ![img](<pic one.png>)', '', '[ref]: ../b.md', '<a href="c.md">c</a> [paren](f(1).md)'].join('\n'));
    expect(linksIn(doc)).toEqual([
      { target: 'docs/a.md#x', line: 1 },
      { target: 'pic one.png', line: 1 },
      { target: '../b.md', line: 3 },
      { target: 'f(1).md', line: 4 },
      { target: 'c.md', line: 4 },
    ]);
  });

  it('labels a fence with the prose line right before it, never across another fence', () => {
    const doc = parseMarkdown(['Canonical order reference:', '', '```', 'a', '```', '```', 'b', '```'].join('\n'));
    expect(doc.fences.map((f) => f.label?.text)).toEqual(['Canonical order reference:', undefined]);
  });

  it('finds placeholders and leaves HTML and real values alone', () => {
    expect(findPlaceholder('reviewer: TBD')).toBe('TBD');
    expect(findPlaceholder('date YYYY-MM-DD')).toBe('YYYY-MM-DD');
    expect(findPlaceholder('by <reviewer name>, TODO')).toBe('<reviewer name>');
    expect(findPlaceholder('status PENDING')).toBe('PENDING');
    expect(findPlaceholder('what ???')).toBe('???');
    expect(findPlaceholder('line<br>break and <https://example.com> and </a>')).toBeUndefined();
    expect(findPlaceholder('Ben Lead, 2026-10-05, 10.96.0.1/32, pending-review-queue')).toBeUndefined();
  });

  it('gives the rules the anchors the doc-links gate checks, where two slug rules used to disagree', () => {
    const text = [
      '## See [the dashboard](https://grafana.example/d/x)',
      '## Tests',
      '## Tests',
      '## Tests-1',
      '## नमस्ते',
      '## a\tb',
      '## 😄 emoji',
      '<div id="manual"></div>',
    ].join('\n');
    // GitHub slugs the rendered text (link syntax gone), keeps marks (the vowel signs), maps only spaces to
    // hyphens, drops symbols, and numbers repeats past slugs already taken.
    const expected = ['see-the-dashboard', 'tests', 'tests-1', 'tests-1-1', 'नमस्ते', 'ab', '-emoji', 'manual'];
    expect([...markdownAnchors(text)].sort()).toEqual([...expected].sort());
    expect(markdownAnchors(text)).toEqual(parseMarkdown(text).anchors);
  });
});
