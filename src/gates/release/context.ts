/**
 * What the release checks read, each at most once: package.json's version, the docs (README.md and
 * docs/**\/*.md, parsed), the images lock and the rendered environments in dist/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadImagesLock, type ImagesLock } from '../../config/images-lock';
import { InputError } from '../../lib/errors';
import { parse as parseJson } from '../../lib/json';
import { displayPath } from '../../lib/paths';
import { yamlPositions } from '../../validate/locate';
import { parseMarkdown, type MarkdownDoc } from '../../lib/markdown';
import type { GateTally } from '../types';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export interface DocFile {
  /** Absolute path. */
  readonly path: string;
  /** Display path. */
  readonly file: string;
  readonly doc: MarkdownDoc;
}

export class ReleaseContext implements GateTally {
  public readonly filesRead = new Set<string>();
  public objects = 0;
  /** package.json's version (semver). */
  public readonly version: string;
  public readonly packageFile: string;
  /** Line of "version" in package.json. */
  public readonly versionLine: number | null;
  private docsCache?: DocFile[];
  private readonly parsed = new Map<string, MarkdownDoc>();
  private lockCache?: ImagesLock;

  /** @param root the project checkout: package.json, CHANGELOG.md, README.md, docs/, dist/, images.lock.json. */
  constructor(public readonly root: string) {
    this.packageFile = join(root, 'package.json');
    const text = this.read(this.packageFile);
    if (text === undefined) throw new InputError(`cannot read ${displayPath(this.packageFile)}: the release gate runs in the project's root folder`);
    let pkg: unknown;
    try {
      pkg = parseJson(text);
    } catch (err) {
      throw new InputError(`${displayPath(this.packageFile)}: ${(err as Error).message}`);
    }
    const version = (pkg as { version?: unknown })?.version;
    if (typeof version !== 'string' || !SEMVER.test(version)) {
      throw new InputError(`${displayPath(this.packageFile)}: version ${JSON.stringify(version)} is not a semantic version such as 1.2.3`);
    }
    this.version = version;
    this.versionLine = yamlPositions(text).lineOf(0, '/version');
  }

  /** The text of a file (recorded as read), or undefined when it does not exist. */
  public read(path: string): string | undefined {
    if (!existsSync(path) || !statSync(path).isFile()) return undefined;
    this.filesRead.add(displayPath(path));
    return readFileSync(path, 'utf8');
  }

  /** A Markdown file parsed once, or undefined when it does not exist. */
  public markdown(path: string): MarkdownDoc | undefined {
    let doc = this.parsed.get(path);
    if (!doc) {
      const text = this.read(path);
      if (text === undefined) return undefined;
      doc = parseMarkdown(text);
      this.parsed.set(path, doc);
    }
    return doc;
  }

  /** README.md and every docs/**\/*.md, sorted. */
  public docs(): DocFile[] {
    if (!this.docsCache) {
      const paths: string[] = [];
      if (existsSync(join(this.root, 'README.md'))) paths.push(join(this.root, 'README.md'));
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
          if (e.name.startsWith('.') || e.name === 'node_modules') continue;
          const full = join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.isFile() && e.name.endsWith('.md')) paths.push(full);
        }
      };
      const docsDir = join(this.root, 'docs');
      if (existsSync(docsDir)) walk(docsDir);
      this.docsCache = paths.map((path) => ({ path, file: displayPath(path), doc: this.markdown(path)! }));
    }
    return this.docsCache;
  }

  public lock(): ImagesLock {
    this.lockCache ??= loadImagesLock(join(this.root, 'images.lock.json'));
    this.filesRead.add(displayPath(this.lockCache.file));
    return this.lockCache;
  }

  /** Environments with rendered output: the folders of dist/ holding a manifest.json, sorted. */
  public renderedEnvironments(): string[] {
    const dist = join(this.root, 'dist');
    if (!existsSync(dist)) return [];
    return readdirSync(dist, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(dist, e.name, 'manifest.json')))
      .map((e) => e.name)
      .sort();
  }

  /** Whether `path` lies inside the project root. */
  public inside(path: string): boolean {
    const rel = relative(this.root, path);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
  }
}
