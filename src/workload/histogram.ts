// Prometheus histograms: cumulative buckets plus _sum and _count, summed over label sets; the difference
// of two scrapes; mean; and quantiles estimated the way PromQL's histogram_quantile() does.

import type { Exposition } from './prometheus.js';

export interface Histogram {
  /** Upper bounds, ascending, ending with Infinity. */
  le: number[];
  /** Cumulative counts per upper bound. */
  cumulative: number[];
  count: number;
  sum: number;
}

/** The histogram `name` (without _bucket/_sum/_count), all label sets added up; undefined if absent. */
export function readHistogram(expo: Exposition, name: string): Histogram | undefined {
  const byLe = new Map<number, number>();
  let count: number | undefined, sum: number | undefined;
  for (const s of expo.samples) {
    if (s.name === `${name}_bucket` && s.labels.le !== undefined) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    } else if (s.name === `${name}_count`) {
      count = (count ?? 0) + s.value;
    } else if (s.name === `${name}_sum`) {
      sum = (sum ?? 0) + s.value;
    }
  }
  if (count === undefined || sum === undefined) return undefined;
  if (!byLe.has(Infinity)) byLe.set(Infinity, count);
  const le = [...byLe.keys()].sort((a, b) => a - b);
  return { le, cumulative: le.map((b) => byLe.get(b) ?? 0), count, sum };
}

/** after − before, bucket by bucket: only the observations made between two scrapes. */
export function histogramDelta(before: Histogram | undefined, after: Histogram): Histogram {
  if (!before) return after;
  const prev = new Map(before.le.map((b, i) => [b, before.cumulative[i]]));
  return {
    le: after.le,
    cumulative: after.le.map((b, i) => after.cumulative[i] - (prev.get(b) ?? 0)),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
}

export function histogramMean(h: Histogram): number {
  return h.count > 0 ? h.sum / h.count : NaN;
}

/**
 * PromQL histogram_quantile(q): find the bucket holding rank q·count and interpolate linearly inside it
 * (the first bucket starts at 0 when its upper bound is positive); a rank in the +Inf bucket returns the
 * largest finite bound.
 */
export function histogramQuantile(h: Histogram, q: number): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const n = h.le.length;
  const total = h.cumulative[n - 1] ?? 0;
  if (n < 2 || !(total > 0)) return NaN;
  const rank = q * total;
  let b = h.cumulative.findIndex((c) => c >= rank);
  if (b < 0) b = n - 1;
  if (b === n - 1) return h.le[n - 2];
  if (b === 0 && h.le[0] <= 0) return h.le[0];
  const lower = b === 0 ? 0 : h.le[b - 1];
  const below = b === 0 ? 0 : h.cumulative[b - 1];
  const inBucket = h.cumulative[b] - below;
  return lower + (h.le[b] - lower) * (inBucket > 0 ? (rank - below) / inBucket : 0);
}
