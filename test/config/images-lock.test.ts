import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImagesLock, loadImagesLock } from '../../src/config/images-lock';
import { tempDir } from '../helpers/cli';

const D = 'sha256:' + 'c'.repeat(64);

describe('images lock', () => {
  it('the shipped lock is valid', () => {
    expect(() => loadImagesLock()).not.toThrow();
  });

  it('returns pinned references and reports example pins', () => {
    const lock = new ImagesLock({
      'zen-watcher': { image: `ghcr.io/kube-zen/zen-watcher@${D}`, origin: 'third-party', pin: 'example', source: 'watcher guide' },
      'admission-guard': { image: `registry.example/admission-guard@${D}`, origin: 'own', pin: 'released', source: 'src/runtime/admission-guard' },
    });
    expect(lock.image('zen-watcher')).toBe(`ghcr.io/kube-zen/zen-watcher@${D}`);
    expect(lock.examplePins()).toEqual(['zen-watcher']);
    expect(() => lock.image('zen-wacher')).toThrow(/no image for component "zen-wacher"; did you mean "zen-watcher"\?/);
  });

  it('rejects a tag-only image with the path and what was expected', () => {
    const file = join(tempDir(), 'images.lock.json');
    writeFileSync(file, JSON.stringify({ images: { web: { image: 'nginx:1.25', origin: 'third-party', pin: 'example', source: 'x' } } }));
    expect(() => loadImagesLock(file)).toThrow(/\/images\/web\/image: got "nginx:1.25", expected an image reference pinned by digest/);
  });

  it('says where malformed JSON breaks', () => {
    const file = join(tempDir(), 'images.lock.json');
    writeFileSync(file, '{\n  "images": {\n    "a": }\n}\n');
    expect(() => loadImagesLock(file)).toThrow(/line 3, column/);
  });
});
