// Prometheus text exposition format (version 0.0.4): `# TYPE` / `# HELP` comments and sample lines
// `name{label="value",...} value [timestamp]`, with escaped label values and NaN / ±Inf values.

import { ScrapeError } from './errors.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Family name → declared type (counter, gauge, histogram, summary, untyped). */
  types: Record<string, string>;
}

function parseValue(s: string): number {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  const v = Number(s);
  if (s === '' || Number.isNaN(v)) throw new Error(`bad sample value "${s}"`);
  return v;
}

function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start;
  const ws = (): void => { while (line[i] === ' ' || line[i] === '\t') i++; };
  for (;;) {
    ws();
    if (line[i] === '}') return { labels, end: i + 1 };
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i));
    if (!m) throw new Error('bad label name');
    const key = m[0];
    i += key.length;
    ws();
    if (line[i] !== '=') throw new Error(`expected = after label ${key}`);
    i++;
    ws();
    if (line[i] !== '"') throw new Error(`expected a quoted value for label ${key}`);
    i++;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) throw new Error(`unterminated value for label ${key}`);
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const e = line[i++];
        value += e === 'n' ? '\n' : e;
      } else {
        value += c;
      }
    }
    labels[key] = value;
    ws();
    if (line[i] === ',') i++;
  }
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m) types[m[1]] = m[2];
      continue;
    }
    try {
      const nm = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line);
      if (!nm) throw new Error('bad metric name');
      const name = nm[0];
      let i = name.length;
      let labels: Record<string, string> = {};
      if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i + 1));
      const rest = line.slice(i).trim().split(/\s+/);
      samples.push({ name, labels, value: parseValue(rest[0] ?? '') });
    } catch (e) {
      throw new ScrapeError(`metrics line ${n + 1}: ${(e as Error).message}: ${line.slice(0, 120)}`);
    }
  }
  return { samples, types };
}

/** Sum of every series of a counter or gauge (across label sets, e.g. several engines); undefined if absent. */
export function sumSeries(expo: Exposition, name: string): number | undefined {
  let found = false, s = 0;
  for (const x of expo.samples) {
    if (x.name === name) {
      found = true;
      s += x.value;
    }
  }
  return found ? s : undefined;
}
