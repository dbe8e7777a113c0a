/**
 * A page as a person would see it: Debian's Chromium, headless, loads the file with networking off, and gives the
 * DOM after scripts ran, a screenshot, and the page's console messages (Chromium logs them to stderr as
 * `CONSOLE:<line>] "…"` lines with --enable-logging=stderr), and what it would load from a network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './cli';

export interface RenderedPage {
  /** The serialized DOM after load. */
  readonly dom: string;
  /** Every console message and uncaught error (the pages have no scripts, so any is a fault). */
  readonly consoleErrors: string[];
  /** Resources the DOM loads from a network (src, href, url(...) with a scheme other than file: or data:). */
  readonly externalResources: string[];
  readonly screenshot: { readonly file: string; readonly bytes: number; readonly width: number; readonly height: number };
}

const BASE_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--hide-scrollbars', '--mute-audio'];

function chromium(args: string[], profile: string) {
  // A proxy that does not exist: any request the page makes fails and is logged, instead of leaving the machine.
  return spawnSync(
    'chromium',
    [...BASE_FLAGS, `--user-data-dir=${profile}`, '--proxy-server=http://127.0.0.1:9', '--enable-logging=stderr', '--v=0', ...args],
    {
      encoding: 'utf8',
      timeout: 90_000,
    },
  );
}

/** PNG width and height from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  if (data.subarray(1, 4).toString('ascii') !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

export function renderPage(file: string, size = '1400,1000'): RenderedPage {
  const dir = tempDir('plimsoll-chromium-');
  const url = pathToFileURL(file).href;
  const dump = chromium(['--dump-dom', url], join(dir, 'profile-dom'));
  if (dump.error) throw dump.error;
  if (dump.status !== 0) throw new Error(`chromium --dump-dom exited ${dump.status}: ${dump.stderr}`);
  const consoleErrors = dump.stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
  const externalResources = [...dump.stdout.matchAll(/\b(?:src|href)\s*=\s*["']([a-z][a-z0-9+.-]*:[^"']*)["']|url\(\s*["']?([a-z][a-z0-9+.-]*:[^)"']*)/gi)]
    .map((m) => m[1] ?? m[2])
    .filter((u) => !/^(file|data|about):/i.test(u));
  const png = join(dir, 'page.png');
  const shot = chromium([`--screenshot=${png}`, `--window-size=${size}`, url], join(dir, 'profile-shot'));
  if (shot.status !== 0 || !existsSync(png)) throw new Error(`chromium --screenshot failed (${shot.status}): ${shot.stderr}`);
  return { dom: dump.stdout, consoleErrors, externalResources, screenshot: { file: png, bytes: statSync(png).size, ...pngSize(png) } };
}
