/**
 * An external merge sort with bounded memory: records collect in memory up to a byte budget, are sorted and
 * spilled to a run file; the runs are then merged with a heap. Keys are unique (they end in the input position),
 * so the result is one total order and the sort is stable by construction.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { HashingWriter, LineReader } from './io';

export interface SortRecord {
  /** Unique; records come out in ascending string order of their keys. */
  readonly key: string;
  /** Small per-record data carried along (no newline). */
  readonly meta: string;
  /** The payload (no newline). */
  readonly text: string;
}

/** UTF-16 strings plus object overhead: a conservative estimate of what a record costs in memory. */
function cost(r: SortRecord): number {
  return 2 * (r.key.length + r.meta.length + r.text.length) + 160;
}

const byKey = (a: SortRecord, b: SortRecord) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class ExternalSorter {
  private buffer: SortRecord[] = [];
  private used = 0;
  private readonly runs: string[] = [];
  /** Most records held at once (for tests and the benchmark). */
  public peakRecords = 0;

  constructor(
    private readonly tmpDir: string,
    private readonly budgetBytes: number,
  ) {}

  public add(record: SortRecord): void {
    this.buffer.push(record);
    this.used += cost(record);
    if (this.buffer.length > this.peakRecords) this.peakRecords = this.buffer.length;
    if (this.used >= this.budgetBytes) this.spill();
  }

  public get runCount(): number {
    return this.runs.length;
  }

  /** Every record in key order. Run files are deleted as the merge finishes. */
  public *sorted(): Generator<SortRecord> {
    if (!this.runs.length) {
      const records = this.buffer.sort(byKey);
      this.buffer = [];
      yield* records;
      return;
    }
    if (this.buffer.length) this.spill();
    const readers = this.runs.map((path) => new LineReader(path));
    const read = (i: number): SortRecord | undefined => {
      const key = readers[i].next();
      if (!key) return undefined;
      const meta = readers[i].next()!;
      const text = readers[i].next()!;
      return { key: key.bytes.toString('utf8'), meta: meta.bytes.toString('utf8'), text: text.bytes.toString('utf8') };
    };
    const heap = new MinHeap();
    readers.forEach((_, i) => {
      const r = read(i);
      if (r) heap.push({ record: r, run: i });
    });
    try {
      for (let top = heap.pop(); top; top = heap.pop()) {
        yield top.record;
        const next = read(top.run);
        if (next) heap.push({ record: next, run: top.run });
      }
    } finally {
      for (const r of readers) r.close();
      for (const path of this.runs) rmSync(path, { force: true });
    }
  }

  private spill(): void {
    this.buffer.sort(byKey);
    const path = join(this.tmpDir, `run-${String(this.runs.length).padStart(5, '0')}.txt`);
    const out = new HashingWriter(path);
    for (const r of this.buffer) {
      out.writeLine(r.key);
      out.writeLine(r.meta);
      out.writeLine(r.text);
    }
    out.close();
    this.runs.push(path);
    this.buffer = [];
    this.used = 0;
  }
}

interface Entry {
  readonly record: SortRecord;
  readonly run: number;
}

class MinHeap {
  private readonly items: Entry[] = [];

  public push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].record.key <= e.record.key) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = e;
  }

  public pop(): Entry | undefined {
    const a = this.items;
    if (!a.length) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r].record.key < a[l].record.key ? r : l;
        if (a[c].record.key >= last.record.key) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
