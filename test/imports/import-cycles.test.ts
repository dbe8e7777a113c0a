/**
 * No two folders of src/ import each other, directly or round a loop: a folder is a pipeline stage
 * (config → systems → stages → render → cli), and a loop means neither can be understood or changed alone.
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { cycles, fileImports, type ImportEdge } from './import-graph';

/** Folders whose subfolders count as folders of their own: each system is one. */
const SPLIT_FOLDERS = ['src/systems'];

/** Subfolders that count as folders of their own, so their parent may use them but not be used by them. */
const NESTED_FOLDERS = ['src/cluster/verify', 'src/rules/lib', 'src/validate/schemas'];

/** `src/render/synth.ts` → `src/render`; `src/systems/sre/system.ts` → `src/systems/sre`; `src/rules/lib/x.ts` → `src/rules/lib`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  const nested = NESTED_FOLDERS.find((f) => file.startsWith(`${f}/`));
  if (nested) return nested;
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

  it('has no folder-level cycle', () => {
    const found = cycles(folderEdges);
    expect(found.map(key), found.map((group) => describeCycle(group, files)).join('\n')).toEqual([]);
  });

  it('has no file-level cycle in src/config (precompiled.ts loads validators, precompiled-module.ts writes them)', () => {
    expect(cycles(files.filter((e) => e.from.startsWith('src/config/') && e.to.startsWith('src/config/')))).toEqual([]);
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

  it('would catch a nested folder importing its parent back', () => {
    const back = { from: 'src/rules/lib/selectors.ts', to: 'src/rules/index.ts' };
    const found = cycles([...files, back].map(({ from, to }) => ({ from: folderOf(from), to: folderOf(to) }))).map(key);
    expect(found).toContain('src/rules ↔ src/rules/lib');
  });
});
