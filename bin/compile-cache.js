'use strict';
// V8's compiled code for the bundled CLI and its dependencies, kept on disk between runs (Node 20 has no
// module.enableCompileCache). Like v8-compile-cache, but the cache of a module is taken when the process exits,
// so it also holds the functions the run compiled lazily (not only the top level), and a run that finds
// everything cached writes nothing. Plimsoll's own bundles (lib/) are taken again when a run compiled more of
// them (another command, another path). Modules compile through vm.Script, which has no dynamic import():
// commands that load ES modules do without.
const Module = require('node:module');
const vm = require('node:vm');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { threadId } = require('node:worker_threads');

function stripShebang(content) {
  return content.startsWith('#!') ? content.replace(/^#![^\r\n]*/, '') : content;
}

/**
 * `<name>.cache`: a first line `plimsoll-compile-cache 1 <header bytes>`, a JSON header
 * {filename: [source key (sourceKey), offset, length]}, then the concatenated data. Only the header is read at start;
 * a module's data is read when that module loads (the file holds every module any command ever loaded: reading all
 * of it cost a one-file validate 56 ms and 100 MB).
 */
const MAGIC = 'plimsoll-compile-cache 1 ';

function open(file) {
  let fd = -1;
  try {
    fd = fs.openSync(file, 'r');
    const first = Buffer.alloc(64);
    const got = fs.readSync(fd, first, 0, first.length, 0);
    const newline = first.subarray(0, got).indexOf(10);
    const line = newline < 0 ? '' : first.subarray(0, newline).toString('latin1');
    if (!line.startsWith(MAGIC)) throw new Error('not a cache file');
    const headerBytes = Number(line.slice(MAGIC.length));
    const header = Buffer.alloc(headerBytes);
    if (fs.readSync(fd, header, 0, headerBytes, newline + 1) !== headerBytes) throw new Error('truncated');
    const entries = JSON.parse(header.toString('utf8'));
    return { fd, entries, base: newline + 1 + headerBytes };
  } catch {
    if (fd >= 0) fs.closeSync(fd);
    return { fd: -1, entries: {}, base: 0 };
  }
}

/** The data of `entry` ([hash, offset, length]), or undefined when the file ends short of it. */
function readEntry(cache, entry) {
  const data = Buffer.allocUnsafe(entry[2]);
  try {
    return fs.readSync(cache.fd, data, 0, entry[2], cache.base + entry[1]) === entry[2] ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What identifies a module's source: its length, mtime, ctime and inode. ctime cannot be set back (npm gives every
 * file of a package the same mtime, and a same-length edit keeps the length), and statting costs far less than
 * hashing the 15 MB a run loads (10 ms of a one-file validate). Without a stat (no such file), a hash of the text.
 */
function sourceKey(filename, source) {
  try {
    const st = fs.statSync(filename, { bigint: true });
    return `${source.length}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
  } catch {
    return createHash('sha256').update(source).digest('base64');
  }
}

const OWN_BUNDLES = path.join(__dirname, '..', 'lib') + path.sep;

/**
 * Writes the fresh entries and keeps the old ones whose module still exists (a removed copy of the project, a
 * deleted temporary folder would otherwise stay in the file for ever).
 */
function write(file, cache, fresh) {
  const parts = [];
  const out = {};
  let offset = 0;
  const add = (filename, hash, data) => {
    out[filename] = [hash, offset, data.length];
    parts.push(data);
    offset += data.length;
  };
  for (const [filename, { hash, data }] of fresh) add(filename, hash, data);
  for (const [filename, entry] of Object.entries(cache.entries)) {
    if (fresh.has(filename) || !fs.existsSync(filename)) continue;
    const data = readEntry(cache, entry);
    if (data) add(filename, entry[0], data);
  }
  const header = Buffer.from(JSON.stringify(out));
  // Several processes (or worker threads) may finish at once: each writes its own file and renames it into place.
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}${header.length}\n`), header, ...parts]));
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
  }
}

const CACHE_NAME = `compile-${process.arch}-v8-${process.versions.v8}`;

/**
 * The installation's own cache (not one in the OS temp folder that every checkout on the machine shares):
 * `node_modules/.cache/plimsoll/` of the project Plimsoll is installed in, or of this checkout. Where there is no
 * such node_modules (a bare copy), the OS temp folder, one per installation path.
 */
function defaultDir() {
  const root = path.join(__dirname, '..');
  let parent = path.dirname(root);
  if (path.basename(parent).startsWith('@')) parent = path.dirname(parent);
  const nodeModules = path.basename(parent) === 'node_modules' ? parent : path.join(root, 'node_modules');
  if (fs.existsSync(nodeModules)) return path.join(nodeModules, '.cache', 'plimsoll', CACHE_NAME);
  const id = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `plimsoll-compile-cache-${id}`, CACHE_NAME);
}

/** Removes the caches of other Node versions beside `dir` (this installation can never use them again). */
function pruneSiblings(dir) {
  try {
    for (const entry of fs.readdirSync(path.dirname(dir))) {
      if (entry.startsWith('compile-') && entry !== path.basename(dir)) fs.rmSync(path.join(path.dirname(dir), entry), { recursive: true, force: true });
    }
  } catch {
    // nothing to prune
  }
}

/** Installs the cache for the modules this process (or thread) loads from now on; `name` names its file. */
function install(name) {
  if (process.env.DISABLE_V8_COMPILE_CACHE) return;
  const dir = process.env.PLIMSOLL_COMPILE_CACHE_DIR || defaultDir();
  const file = path.join(dir, `${name}.cache`);
  const cache = open(file);
  const { entries } = cache;
  /** Modules compiled without usable cached data this run, and own bundles: filename → { script, hash, had }. */
  const compiled = new Map();
  Module.prototype._compile = function compileWithCache(content, filename) {
    const mod = this;
    const source = Module.wrap(stripShebang(content));
    // V8 checks cached data against the source's length only: the key keeps an edited file from running old code.
    const hash = sourceKey(filename, source);
    const entry = entries[filename];
    const cachedData = entry && entry[0] === hash ? readEntry(cache, entry) : undefined;
    const script = new vm.Script(source, { filename, cachedData });
    const usable = cachedData && !script.cachedDataRejected;
    if (!usable || filename.startsWith(OWN_BUNDLES)) compiled.set(filename, { script, hash, had: usable ? cachedData.length : 0 });
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    const wrapper = script.runInThisContext({ filename, displayErrors: true });
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    const fresh = new Map();
    for (const [filename, { script, hash, had }] of compiled) {
      const data = script.createCachedData();
      // An own bundle's entry is replaced only when this run compiled clearly more of it.
      if (data.length > had * 1.1) fresh.set(filename, { hash, data });
    }
    if (fresh.size) {
      write(file, cache, fresh);
      if (!process.env.PLIMSOLL_COMPILE_CACHE_DIR) pruneSiblings(dir);
    }
  });
}

module.exports = { install };
