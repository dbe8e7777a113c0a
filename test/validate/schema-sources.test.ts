/**
 * The custom-resource catalog's packages are pinned data, not devDependencies (scripts/schemas/sources.ts): no
 * `npm ci` installs them (their engines say Node 22), gen:schemas fetches each by version and integrity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourcePins, sourcesRoot } from '../../scripts/schemas/sources';
import { SOURCES } from '../../scripts/schemas/custom-resources';
import { ROOT, tempDir } from '../helpers/cli';

describe('schema sources', () => {
  it('are pinned, none of them a dependency, and unpacked at the pinned versions', () => {
    const pins = sourcePins();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    for (const source of SOURCES) expect(pins[source.pkg], source.pkg).toBeDefined();
    for (const name of Object.keys(pins)) {
      if (name === 'kubernetes-models') continue; // kubernetes-models 4.5.1 is a devDependency of its own (the built-in enums)
      expect({ ...pkg.dependencies, ...pkg.devDependencies }[name], name).toBeUndefined();
    }
    // Nothing npm ci installs asks for a Node newer than 20 (what `engines` of package.json promises).
    const newer = Object.entries(lock.packages).filter(([, p]) => /^>=\s*2[1-9]/.test(p.engines?.node ?? ''));
    expect(newer.map(([path]) => path)).toEqual([]);
    const root = sourcesRoot();
    for (const [name, pin] of Object.entries(pins)) expect(JSON.parse(readFileSync(join(root, name, 'package.json'), 'utf8')).version).toBe(pin.version);
  });

  it('a tarball that is not the pinned one is refused, naming both integrities', () => {
    const pin = sourcePins()['@kubernetes-models/keda'];
    expect(() => sourcesRoot(tempDir(), { '@kubernetes-models/keda': { version: pin.version, integrity: 'sha512-AAAA' } })).toThrow(
      `schema source @kubernetes-models/keda@${pin.version}: tarball integrity ${pin.integrity}, scripts/schemas/sources.json pins sha512-AAAA`,
    );
  });
});
