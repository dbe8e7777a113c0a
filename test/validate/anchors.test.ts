/**
 * Anchors and `<<` merge keys on the fast path (js-yaml) and the recovering one (`yaml`, taken when a later
 * document is broken): the same objects as written out plain, lists of merges included, and merge chains bounded
 * in linear time with a merge-limit finding (not a nesting one).
 */
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../src/validate/load';
import { aliasNodeLimit } from '../../src/validate/yaml-limits';
import { corpusDocument } from '../../bench/corpus';

const ANCHORED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels {app: web, tier: front}
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: [*labels, {tier: back, extra: x}]
        own: 1
    spec:
      containers:
        - &c {name: a, image: "i:1", env: [{name: A, value: "1"}]}
        - <<: *c
          name: b
`;

const PLAIN = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    selector: { matchLabels: { app: 'web', tier: 'front' } },
    template: {
      // The first source of a list wins over later ones; the mapping's own keys win over all.
      metadata: { labels: { app: 'web', tier: 'front', extra: 'x', own: 1 } },
      spec: {
        containers: [
          { name: 'a', image: 'i:1', env: [{ name: 'A', value: '1' }] },
          { name: 'b', image: 'i:1', env: [{ name: 'A', value: '1' }] },
        ],
      },
    },
  },
};

/** A chain: each mapping merges the one before and adds a key, so link i copies i keys. */
function chain(links: number): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\nx-chain:\n  a0: &a0 {k0: v}\n';
  for (let i = 1; i < links; i++) text += `  a${i}: &a${i}\n    <<: *a${i - 1}\n    k${i}: v\n`;
  return text;
}

describe('anchors and merge keys', () => {
  it('resolves aliases, merge keys and lists of merges as the plain objects, on both parsers', () => {
    const fast = parseManifestText(ANCHORED, 'a.yaml');
    expect(fast.problems).toEqual([]);
    expect(fast.objects.map((o) => o.object)).toEqual([PLAIN]);
    const slow = parseManifestText(`${ANCHORED}---\nkind: [\n`, 'a.yaml');
    expect(slow.documents).toBeUndefined(); // the recovering parser read it
    expect(slow.objects.map((o) => o.object)).toEqual([PLAIN]);
    expect(slow.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^invalid YAML in document 2/) })]);
  });

  it('allows one large file of anchored objects what the same objects in small files are allowed', () => {
    // Each document reuses a 41-node block twice: 3,000 of them add 246,000 nodes, over the old flat 100,000.
    const block = `{${Array.from({ length: 20 }, (_, i) => `k${i}: v`).join(', ')}}`;
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: n, labels: &l ${block}}\ndata: {}\nx: [*l, *l]\n`;
    const text = Array.from({ length: 3000 }, (_, i) => doc(i)).join('---\n');
    const parsed = parseManifestText(text, 'big.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects).toHaveLength(3000);
  });

  it('stops a chain of merge keys in linear time with a merge-limit finding on both parsers', () => {
    for (const broken of [false, true]) {
      const text = chain(5000) + (broken ? '---\nkind: [\n' : '');
      const start = Date.now();
      const parsed = parseManifestText(text, 'chain.yaml');
      // Before: minutes, and a "nesting deeper than 256" message. Generous for a shared, loaded machine.
      expect(Date.now() - start).toBeLessThan(30_000);
      expect(parsed.objects).toEqual([]);
      const merge = parsed.problems.find((p) => /merge keys/.test(p.message));
      expect(merge).toEqual({
        file: 'chain.yaml',
        line: expect.any(Number),
        message: `invalid YAML: merge keys (<<) copy more than ${aliasNodeLimit(text.length)} (100000 + 1 per character of the file) keys (a YAML merge bomb?) in document 1`,
      });
      // The line is one of the chain's `<<` keys, past the point where the copied keys reach the limit.
      expect(text.split('\n')[merge!.line! - 1]).toMatch(/^ {4}<<: \*a\d+$/);
      expect(parsed.problems.some((p) => /nesting/.test(p.message))).toBe(false);
    }
  }, 120_000);

  it('keeps a chain within the limit', () => {
    const parsed = parseManifestText(chain(300), 'chain.yaml');
    expect(parsed.problems).toEqual([]);
    const links = (parsed.objects[0].object as unknown as { 'x-chain': Record<string, Record<string, string>> })['x-chain'];
    expect(Object.keys(links.a299)).toHaveLength(300);
  });

  it('the bench corpus written with anchors and merge keys parses to the same objects as written plain', () => {
    const text = (anchored: boolean) => Array.from({ length: 400 }, (_, n) => corpusDocument(n, { anchored })).join('---\n');
    expect(text(true)).toMatch(/<<: \*selector/);
    const plain = parseManifestText(text(false), 'c.yaml');
    const anchored = parseManifestText(text(true), 'c.yaml');
    expect(anchored.problems).toEqual([]);
    // Keys in the same order too: the JSON the workers and the cache keep is the same.
    expect(JSON.stringify(anchored.objects)).toBe(JSON.stringify(plain.objects));
  });
});
