/**
 * A TLS certificate and key read from files (a mounted Secret) and read again when they change: file-system
 * events on their folders (Kubernetes swaps a `..data` symlink when the Secret changes) plus a periodic check,
 * since events are not delivered everywhere. A new pair is used only when it loads and the key matches the
 * certificate; a broken update keeps the old pair and is reported once.
 */
import { createHash } from 'node:crypto';
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';

export interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface TlsFilesEvents {
  /** A new, valid pair was loaded. */
  onReload(pair: KeyPair): void;
  /** A changed pair could not be used (reported once per distinct content). */
  onError(err: Error): void;
}

/** Reads the pair and checks that it forms a usable TLS context (throws otherwise). */
export function readKeyPair(certFile: string, keyFile: string): KeyPair {
  const pair = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  createSecureContext(pair);
  return pair;
}

function fingerprint(cert: Buffer, key: Buffer): string {
  return createHash('sha256').update(cert).update('\0').update(key).digest('hex');
}

export class TlsFiles {
  private current: string;
  private lastBad = '';
  private timer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private readonly watchers: FSWatcher[] = [];

  constructor(
    private readonly certFile: string,
    private readonly keyFile: string,
    initial: KeyPair,
    private readonly events: TlsFilesEvents,
  ) {
    this.current = fingerprint(initial.cert, initial.key);
  }

  public start(intervalMs: number): void {
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
    for (const dir of new Set([dirname(this.certFile), dirname(this.keyFile)])) {
      try {
        const watcher = watch(dir, () => this.soon());
        watcher.on('error', () => watcher.close());
        watcher.unref();
        this.watchers.push(watcher);
      } catch {
        // No file-system events here (the folder may not exist yet): the periodic check covers it.
      }
    }
  }

  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    for (const w of this.watchers.splice(0)) w.close();
  }

  /** Reads the files now; reloads when they changed. Returns whether a new pair was loaded. */
  public check(): boolean {
    let cert: Buffer;
    let key: Buffer;
    try {
      cert = readFileSync(this.certFile);
      key = readFileSync(this.keyFile);
    } catch (err) {
      this.bad(`unreadable:${(err as NodeJS.ErrnoException).code}`, new Error(`cannot read the certificate files: ${(err as Error).message}`));
      return false;
    }
    const print = fingerprint(cert, key);
    if (print === this.current) return false;
    try {
      createSecureContext({ cert, key });
    } catch (err) {
      this.bad(print, new Error(`the new certificate and key do not form a usable pair, keeping the previous one: ${(err as Error).message}`));
      return false;
    }
    this.current = print;
    this.lastBad = '';
    this.events.onReload({ cert, key });
    return true;
  }

  private soon(): void {
    if (this.debounce) clearTimeout(this.debounce);
    // A Secret update writes several files; read once they are all in place.
    this.debounce = setTimeout(() => this.check(), 100);
    this.debounce.unref();
  }

  private bad(print: string, err: Error): void {
    if (print === this.lastBad) return;
    this.lastBad = print;
    this.events.onError(err);
  }
}
