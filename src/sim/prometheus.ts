// Minimal Prometheus text exposition (format 0.0.4) for the server's /metrics: counters, gauges and
// cumulative histograms, each with one fixed label set.

type Labels = Readonly<Record<string, string>>;

function renderLabels(labels: Labels, extra?: Labels): string {
  const all = { ...labels, ...extra };
  const parts = Object.entries(all).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function num(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

interface Metric {
  render(out: string[]): void;
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string, private readonly labels: Labels) {}
  inc(by = 1, extra: Labels = {}): void {
    const key = JSON.stringify(extra);
    const v = this.values.get(key) ?? { labels: extra, value: 0 };
    v.value += by;
    this.values.set(key, v);
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    if (this.values.size === 0) out.push(`${this.name}${renderLabels(this.labels)} 0.0`);
    for (const { labels, value } of this.values.values()) out.push(`${this.name}${renderLabels(this.labels, labels)} ${num(value)}`);
  }
}

export class Gauge implements Metric {
  constructor(readonly name: string, readonly help: string, private readonly labels: Labels, private readonly read: () => number) {}
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name}${renderLabels(this.labels)} ${num(this.read())}`);
  }
}

export class Histogram implements Metric {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly name: string, readonly help: string, private readonly labels: Labels, readonly buckets: readonly number[]) {
    this.counts = new Array<number>(buckets.length).fill(0);
  }
  observe(x: number): void {
    this.sum += x;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (x <= this.buckets[i]) this.counts[i]++;
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (let i = 0; i < this.buckets.length; i++) {
      out.push(`${this.name}_bucket${renderLabels(this.labels, { le: num(this.buckets[i]) })} ${num(this.counts[i])}`);
    }
    out.push(`${this.name}_bucket${renderLabels(this.labels, { le: '+Inf' })} ${num(this.count)}`);
    out.push(`${this.name}_count${renderLabels(this.labels)} ${num(this.count)}`);
    out.push(`${this.name}_sum${renderLabels(this.labels)} ${num(this.sum)}`);
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  add<T extends Metric>(m: T): T {
    this.metrics.push(m);
    return m;
  }
  render(): string {
    const out: string[] = [];
    for (const m of this.metrics) m.render(out);
    return out.join('\n') + '\n';
  }
}
