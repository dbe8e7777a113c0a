/**
 * Synchronous, bounded-memory file I/O for the bundler (a batch job: blocking reads are the simple and fast way):
 * a line reader that caps line length, and a buffered writer that hashes and counts what it writes.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';

const CHUNK = 1 << 20;

export interface Line {
  /** 1-based line number. */
  readonly number: number;
  /** The line without its newline; for an over-long line, only the first `keep` bytes. */
  readonly bytes: Buffer;
  /** Total length in bytes (larger than bytes.length when the line was too long). */
  readonly length: number;
  readonly tooLong: boolean;
}

/** Reads `\n`-separated lines; lines longer than `maxBytes` are cut (their first `keep` bytes kept) and flagged. */
export class LineReader {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private end = 0;
  private eof = false;
  private number = 0;
  public readonly hash: Hash = createHash('sha256');
  public bytesRead = 0;

  constructor(
    path: string,
    private readonly maxBytes = Infinity,
    private readonly keep = 1024,
  ) {
    this.fd = openSync(path, 'r');
  }

  public next(): Line | undefined {
    let parts: Buffer[] = [];
    let length = 0;
    let tooLong = false;
    for (;;) {
      if (this.start >= this.end) {
        if (this.eof || !this.fill()) {
          this.eof = true;
          if (!length && !parts.length) return undefined;
          return this.line(parts, length, tooLong);
        }
      }
      const nl = this.buf.indexOf(10, this.start);
      const stop = nl < 0 || nl >= this.end ? this.end : nl;
      const piece = this.buf.subarray(this.start, stop);
      length += piece.length;
      if (!tooLong) {
        if (length > this.maxBytes) {
          tooLong = true;
          const have = Buffer.concat(parts);
          parts = [Buffer.concat([have, piece]).subarray(0, this.keep)];
        } else {
          // Copy: the buffer is reused by the next read.
          parts.push(Buffer.from(piece));
        }
      }
      this.start = stop;
      if (stop < this.end) {
        this.start = stop + 1;
        return this.line(parts, length, tooLong);
      }
    }
  }

  public close(): void {
    closeSync(this.fd);
  }

  private line(parts: Buffer[], length: number, tooLong: boolean): Line {
    this.number++;
    return { number: this.number, bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts), length, tooLong };
  }

  private fill(): boolean {
    const n = readSync(this.fd, this.buf, 0, CHUNK, null);
    this.start = 0;
    this.end = n;
    if (n > 0) {
      this.hash.update(this.buf.subarray(0, n));
      this.bytesRead += n;
    }
    return n > 0;
  }
}

/** Appends text, flushing in ~1 MiB writes, hashing and counting bytes and lines. */
export class HashingWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  private readonly hash = createHash('sha256');
  public bytes = 0;
  public lines = 0;

  constructor(public readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  public writeLine(text: string): void {
    this.parts.push(text, '\n');
    this.pending += text.length + 1;
    this.lines++;
    if (this.pending >= CHUNK) this.flush();
  }

  /** Appends text as is; `lines` counts its newlines. */
  public write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines++;
    if (this.pending >= CHUNK) this.flush();
  }

  /** Appends bytes (copied at once: the caller may reuse its buffer). */
  public writeBytes(bytes: Buffer): void {
    this.flush();
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) this.lines++;
    this.put(bytes);
  }

  public flush(): void {
    if (!this.parts.length) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.put(data);
  }

  private put(data: Buffer): void {
    this.hash.update(data);
    this.bytes += data.length;
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off);
  }

  /** Flushes, closes and returns the sha256 of everything written. */
  public close(): string {
    this.flush();
    closeSync(this.fd);
    return this.hash.digest('hex');
  }
}
