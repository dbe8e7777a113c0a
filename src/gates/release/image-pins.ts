/**
 * Immutable release: every image in every environment's rendered output (dist/<env>/manifest.json's objects) is
 * pinned by digest and is exactly the images.lock.json entry of its component (for an air-gapped environment, whose
 * manifest.json names `airGap.registry`, the entry mirrored by digest to that registry). Example pins in the lock are
 * warnings: they render and validate, but nobody verified them for a release.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listEnvironments } from '../../environments/load-environment';
import { parse as parseJson } from '../../lib/json';
import { mirrorImage } from '../../config/images-lock';
import { isDigestPinned } from '../../lib/image-ref';
import { displayPath } from '../../lib/paths';
import { toPointer } from '../../lib/json-pointer';
import { containersOf, podSpecOf } from '../../lib/pod-specs';
import { loadManifests } from '../../validate/load';
import { PositionCache, yamlPositions } from '../../validate/locate';
import type { GateCheck, GateFinding } from '../types';
import type { ReleaseContext } from './context';

/** `registry/repo:tag@sha256:…` → `registry/repo`. */
function repository(image: string): string {
  const noDigest = image.replace(/@.*$/, '');
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', slash + 1);
  return colon >= 0 ? noDigest.slice(0, colon) : noDigest;
}

const check: GateCheck<ReleaseContext> = {
  id: 'release-image-pins',
  description:
    "Every image in every environment's rendered output is pinned by digest and equals its component's images.lock.json entry; example pins are warnings.",
  remediation:
    "Pin the image by digest in images.lock.json (`name@sha256:...`, the component's entry) and re-run `plimsoll synth`, so every environment renders exactly the locked image; replace example digests before a production release.",
  category: 'security',
  *check(ctx): Iterable<GateFinding> {
    const lock = ctx.lock();
    const lockFile = displayPath(lock.file);
    const lockText = ctx.read(lock.file) ?? '';
    const lockLines = yamlPositions(lockText);
    const byImage = new Map<string, string>();
    const byRepository = new Map<string, string[]>();
    for (const [component, entry] of Object.entries(lock.entries)) {
      byImage.set(entry.image, component);
      const repo = repository(entry.image);
      byRepository.set(repo, [...(byRepository.get(repo) ?? []), component]);
    }
    const usedBy = new Map<string, Set<string>>();

    const dist = join(ctx.root, 'dist');
    const rendered = ctx.renderedEnvironments();
    const envDir = join(ctx.root, 'environments');
    const declared = existsSync(envDir) ? listEnvironments(envDir) : [];
    for (const name of declared.filter((n) => !rendered.includes(n))) {
      yield {
        file: displayPath(join(dist, name)),
        line: null,
        message: `environment ${name} has no rendered output (no manifest.json): run \`npm run synth\` and commit dist/`,
      };
    }
    if (!rendered.length && !declared.length)
      yield { file: displayPath(dist), line: null, message: 'no rendered output: run `npm run synth` and commit dist/' };

    const positions = new PositionCache((f) => ctx.read(f));
    for (const env of rendered) {
      const manifestPath = join(dist, env, 'manifest.json');
      const manifestFile = displayPath(manifestPath);
      let manifest: { objects?: Array<{ file?: unknown }>; airGap?: { registry?: unknown } };
      try {
        manifest = parseJson(ctx.read(manifestPath) ?? '') as typeof manifest;
      } catch (err) {
        yield { file: manifestFile, line: null, message: `${(err as Error).message}; re-run \`npm run synth\`` };
        continue;
      }
      const mirror = typeof manifest.airGap?.registry === 'string' ? manifest.airGap.registry : undefined;
      const mirrored = new Map<string, string>();
      if (mirror) for (const [component, entry] of Object.entries(lock.entries)) mirrored.set(mirrorImage(entry.image, mirror), component);
      const listed = [...new Set((manifest.objects ?? []).map((o) => o.file).filter((f): f is string => typeof f === 'string'))].sort();
      const files: string[] = [];
      for (const rel of listed) {
        const path = join(dist, env, rel);
        if (existsSync(path)) files.push(path);
        else yield { file: manifestFile, line: null, message: `lists ${rel}, which does not exist: re-run \`npm run synth\`` };
      }
      if (!files.length) continue;
      const { inventory } = loadManifests(files);
      for (const f of files) ctx.filesRead.add(displayPath(f));
      ctx.objects += inventory.items.length;
      for (const item of inventory.items) {
        const pod = podSpecOf(item);
        if (!pod) continue;
        for (const { container, path } of containersOf(pod)) {
          const image = container.image;
          if (typeof image !== 'string') continue;
          const at = { file: item.file, line: positions.lineOfItem(item, `${path}/image`), path: `${path}/image` };
          const who = `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name} container "${String(container.name ?? '?')}"`;
          const component = mirror ? mirrored.get(image) : byImage.get(image);
          if (component) {
            if (!usedBy.has(component)) usedBy.set(component, new Set());
            usedBy.get(component)!.add(env);
            continue;
          }
          const candidates = byRepository.get(repository(image));
          if (mirror && isDigestPinned(image)) {
            yield {
              ...at,
              message: `${who}: image ${image} is not an entry of ${lockFile} mirrored to ${mirror} (the environment is air-gapped); re-run synth so every image comes from the lock through the mirror`,
            };
          } else if (!isDigestPinned(image)) {
            yield {
              ...at,
              message: `${who}: image ${image} is not pinned by digest; take it from ${lockFile}${candidates ? ` (component ${candidates.join(' or ')})` : ''} and re-run synth`,
            };
          } else if (candidates) {
            const want = candidates.map((c) => `${c}: ${lock.entries[c].image}`).join('; ');
            yield { ...at, message: `${who}: image ${image} differs from ${lockFile} (${want}); re-run synth so the output matches the lock` };
          } else {
            yield { ...at, message: `${who}: image ${image} is not in ${lockFile}; images must come from the lock (platform.images.image('<component>'))` };
          }
        }
      }
    }

    for (const component of lock.examplePins()) {
      const entry = lock.entries[component];
      const pointer = toPointer(['images', component]);
      const envs = [...(usedBy.get(component) ?? [])].sort();
      yield {
        severity: 'warning',
        file: lockFile,
        line: lockLines.lineOf(0, pointer),
        path: pointer,
        message: `${component} is an example pin (${entry.image}; ${entry.source}), ${envs.length ? `rendered in ${envs.join(', ')}` : 'not rendered by any environment'}: resolve and verify the released digest, then set pin to "released"`,
      };
    }
  },
};

export default check;
