/**
 * Writes rendered environments into the output folder so that a reader never sees a half-written environment:
 * everything goes to a staging folder inside the output folder first, then each dist/<env> is swapped in with
 * renames. Nothing outside the output folder is touched.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedEnvironment } from './render-environment';

const STAGING_PREFIX = '.plimsoll-staging-';

function isPlimsollOutput(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).generator === 'plimsoll';
  } catch {
    return false;
  }
}

export interface WriteOptions {
  /** Remove dist/<name> folders of environments that no longer exist (only when every environment was rendered). */
  readonly pruneOthers: boolean;
}

export function writeEnvironments(outDir: string, rendered: readonly RenderedEnvironment[], options: WriteOptions): void {
  mkdirSync(outDir, { recursive: true });
  // Leftovers of an interrupted run are ours to clean; they never hold the live output.
  for (const entry of readdirSync(outDir)) if (entry.startsWith(STAGING_PREFIX)) rmSync(join(outDir, entry), { recursive: true, force: true });

  const staging = mkdtempSync(join(outDir, STAGING_PREFIX));
  try {
    for (const env of rendered) {
      for (const [path, content] of env.files) {
        const full = join(staging, env.name, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    const retired = join(staging, '.retired');
    mkdirSync(retired);
    for (const env of rendered) {
      const live = join(outDir, env.name);
      if (existsSync(live)) renameSync(live, join(retired, env.name));
      renameSync(join(staging, env.name), live);
    }
    if (options.pruneOthers) {
      const keep = new Set(rendered.map((r) => r.name));
      for (const entry of readdirSync(outDir, { withFileTypes: true })) {
        const full = join(outDir, entry.name);
        if (entry.isDirectory() && !entry.name.startsWith('.') && !keep.has(entry.name) && isPlimsollOutput(full)) renameSync(full, join(retired, entry.name));
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** For `npx cdk8s synth`: one multi-document file per environment in the folder the cdk8s CLI gives. */
export function writeCdk8sOutput(dir: string, rendered: readonly RenderedEnvironment[]): void {
  mkdirSync(dir, { recursive: true });
  for (const env of rendered) {
    const docs = env.objects.filter((o) => o.stage).map((o) => env.files.get(o.file)!.replace(/^#.*\n/, ''));
    writeFileSync(join(dir, `${env.name}.k8s.yaml`), docs.join('---\n'));
  }
}
