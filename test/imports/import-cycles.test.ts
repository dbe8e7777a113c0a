/**
 * No two folders of src/ import each other, directly or round a loop: a folder is a pipeline stage
 * (config → systems → stages → render → cli), and a loop means neither can be understood or changed alone.
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { cycles, fileImports, type ImportEdge } from './import-graph';

/**
 * Cycles that exist today and are being removed (issue 17, "Clean imports"): the only allowed ones. Delete an
 * entry when its cycle is gone; the last test fails until then.
 */
const ALLOWED_CYCLES: ReadonlyArray<readonly string[]> = [['src/rules', 'src/validate']];

/** Folders whose subfolders count as folders of their own: each system is one. */
const SPLIT_FOLDERS = ['src/systems'];

/** `src/render/synth.ts` → `src/render`; `src/systems/sre/system.ts` → `src/systems/sre`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  const split = SPLIT_FOLDERS.find((f) => file.startsWith(`${f}/`));
  if (split) {
    const depth = split.split('/').length;
    return parts.length > depth + 1 ? parts.slice(0, depth + 1).join('/') : split;
  }
  return parts.slice(0, 2).join('/');
}

const files = fileImports(ROOT);
const folderEdges = files.map(({ from, to }) => ({ from: folderOf(from), to: folderOf(to) }));
const key = (group: readonly string[]) => group.join(' ↔ ');

/** The folders of a cycle and the file imports between them, so the fix is obvious. */
function describeCycle(group: readonly string[], edges: readonly ImportEdge[]): string {
  const inside = edges.filter((e) => folderOf(e.from) !== folderOf(e.to) && group.includes(folderOf(e.from)) && group.includes(folderOf(e.to)));
  return `${key(group)}:\n${inside.map((e) => `    ${e.from} → ${e.to}`).join('\n')}`;
}

describe('imports', () => {
  it('finds the imports (the walk works)', () => {
    expect(files.length).toBeGreaterThan(500);
    expect(files).toContainEqual({ from: 'src/render/synth.ts', to: 'src/render/render-environment.ts' });
  });

  it('has no folder-level cycle besides the allowed ones', () => {
    const allowed = new Set(ALLOWED_CYCLES.map(key));
    const unexpected = cycles(folderEdges).filter((group) => !allowed.has(key(group)));
    expect(unexpected.map(key), unexpected.map((group) => describeCycle(group, files)).join('\n')).toEqual([]);
  });

  it('has no file-level cycle in src/config (precompiled.ts loads validators, precompiled-module.ts writes them)', () => {
    expect(cycles(files.filter((e) => e.from.startsWith('src/config/') && e.to.startsWith('src/config/')))).toEqual([]);
  });

  it('still has each allowed cycle (remove an entry from ALLOWED_CYCLES once its cycle is gone)', () => {
    const present = new Set(cycles(folderEdges).map(key));
    expect(ALLOWED_CYCLES.map(key).filter((k) => !present.has(k))).toEqual([]);
  });

  it('finds a loop of any length and only the folders on it', () => {
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'd', to: 'd' },
    ];
    expect(cycles(edges)).toEqual([['a', 'b', 'c']]);
  });

  it('would catch a system folder importing the registry back', () => {
    const back = { from: 'src/systems/sre/system.ts', to: 'src/systems/index.ts' };
    const found = cycles([...files, back].map(({ from, to }) => ({ from: folderOf(from), to: folderOf(to) }))).map(key);
    expect(found).toContain('src/systems ↔ src/systems/sre');
  });
});
