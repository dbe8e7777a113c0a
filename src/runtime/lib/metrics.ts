/**
 * A minimal Prometheus registry (text exposition format 0.0.4): counters and histograms with labels, and the
 * process gauges. Label values are escaped; series are printed in a stable order.
 */

type Labels = Readonly<Record<string, string>>;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (extra) pairs.push(extra);
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
}

function key(labels: Labels): string {
  return labelText(labels);
}

function num(v: number): string {
  if (v === Infinity) return '+Inf';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    public readonly name: string,
    private readonly help: string,
    /** Label sets created at zero so rates exist before the first event. */
    initial: readonly Labels[] = [],
  ) {
    for (const l of initial) this.inc(l, 0);
  }

  public inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    const s = this.series.get(k);
    if (s) s.value += by;
    else this.series.set(k, { labels: { ...labels }, value: by });
  }

  public get(labels: Labels = {}): number {
    return this.series.get(key(labels))?.value ?? 0;
  }

  public render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const k of [...this.series.keys()].sort()) {
      const s = this.series.get(k)!;
      lines.push(`${this.name}${labelText(s.labels)} ${num(s.value)}`);
    }
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    public readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  public observe(labels: Labels, value: number): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { labels: { ...labels }, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  public count(labels: Labels = {}): number {
    return this.series.get(key(labels))?.count ?? 0;
  }

  public render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const k of [...this.series.keys()].sort()) {
      const s = this.series.get(k)!;
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${labelText(s.labels, ['le', num(b)])} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${num(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  constructor(
    public readonly name: string,
    private readonly help: string,
    private readonly read: () => ReadonlyArray<readonly [Labels, number]>,
  ) {}

  public render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [labels, value] of this.read()) lines.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return lines.join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  public register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  /** The process gauges every component exposes. */
  public registerProcessMetrics(startedAt = Date.now()): void {
    this.register(new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => [[{}, process.memoryUsage.rss()]]));
    this.register(new Gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', () => [[{}, process.memoryUsage().heapUsed]]));
    this.register(
      new Gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.', () => [[{}, Math.floor(startedAt / 1000)]]),
    );
  }

  public render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
