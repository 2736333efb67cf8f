// Output of the optimiser benchmark: a table for people, one JSON line for machines.

import type { BenchmarkReport } from '../core/benchmark/harness.js';

/** The object the issue specifies, and nothing else; non-finite numbers become null. */
export function benchmarkJson(report: BenchmarkReport): string {
  return JSON.stringify({
    results: report.results.map((r) => ({
      problem: r.problem,
      suggester: r.suggester,
      metric: r.metric,
      median: r.median,
      p25: r.p25,
      p75: r.p75,
      infeasibleFraction: r.infeasibleFraction,
    })),
    latency: report.latency.map((l) => ({ n: l.n, d: l.d, q: l.q, medianSeconds: l.medianSeconds })),
  });
}

function num(v: number | undefined, digits = 4): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(digits);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: readonly string[]) => cells.map((c, j) => (j < 3 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function benchmarkTable(report: BenchmarkReport): string {
  const header = ['problem', 'suggester', 'metric', 'median', 'p25', 'p75', 'log10(median)', 'best', 'infeasible', 'seeds', 'suggest s'];
  const rows = report.results.map((r) => [
    r.problem,
    r.suggester,
    r.metric,
    num(r.median),
    num(r.p25),
    num(r.p75),
    r.metric === 'regret' && r.median > 0 && Number.isFinite(r.median) ? Math.log10(r.median).toFixed(2) : '-',
    num(r.best, 6),
    `${(100 * r.infeasibleFraction).toFixed(1)}%`,
    r.failures ? `${r.seeds} (+${r.failures} failed)` : String(r.seeds),
    num(r.suggestSecondsMedian, 3),
  ]);
  const parts = [
    `Optimizer benchmark: ${report.evaluations} evaluations, q = ${report.q}; regret = noise-free value of the recommended configuration − optimum (lower is better), hv = hypervolume of the recommended Pareto set, noise-free (higher is better); infeasible = share of suggestions after the initial design.`,
    table(header, rows),
  ];
  if (report.latency.length) {
    parts.push('', 'Suggestion latency (one suggest() call, median):');
    parts.push(table(['n', 'd', 'q', 'seconds'], report.latency.map((l) => [String(l.n), String(l.d), String(l.q), num(l.medianSeconds, 3)])));
  }
  return parts.join('\n');
}
