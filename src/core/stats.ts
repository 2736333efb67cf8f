// The summary statistics every layer quotes: the mean and numpy's default ('linear') percentile, so
// figures match `vllm bench serve` and numpy. One definition for the workload client's metrics, the
// simulator's, the optimiser benchmark's medians and quartiles, and the scripts' figures.

/** The arithmetic mean; NaN for no data (never 0, which would read as a perfect latency). */
export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/**
 * numpy.percentile(sorted, p), 0 <= p <= 100 (clamped), method 'linear': the value at rank (n − 1)·p/100
 * of the ascending data, interpolated between its neighbours. NaN for no data. Equal neighbours (two
 * infinities included) give that value, not Infinity − Infinity.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = ((n - 1) * Math.min(100, Math.max(0, p))) / 100;
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  if (rank === lo || sorted[lo] === sorted[hi]) return sorted[lo];
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** percentileSorted of unsorted data (the input is not changed). */
export function percentile(xs: readonly number[], p: number): number {
  return percentileSorted([...xs].sort((a, b) => a - b), p);
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/**
 * The same percentile over a multiset given as (value, count) pairs, as if every value were repeated
 * `count` times: the simulator keeps one entry per scheduler iteration instead of one per token.
 * Weighted quickselect: O(n) expected, no sort.
 */
export function weightedPercentile(values: Float64Array, weights: Float64Array, size: number, p: number): number {
  let total = 0;
  for (let i = 0; i < size; i++) total += weights[i];
  if (total === 0) return Number.NaN;
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (total - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const a = weightedSelect(values.slice(0, size), weights.slice(0, size), lo);
  if (frac === 0 || lo + 1 > total - 1) return a;
  const b = weightedSelect(values.slice(0, size), weights.slice(0, size), lo + 1);
  if (a === b) return a;
  return a + (b - a) * frac;
}

/** The element of rank k (0-based) of the expanded multiset; reorders its (copied) inputs. */
function weightedSelect(v: Float64Array, w: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length; // exclusive
  for (;;) {
    const pivot = v[(lo + hi) >>> 1];
    // Three-way partition of [lo, hi) into < pivot, == pivot, > pivot.
    let lt = lo;
    let i = lo;
    let gt = hi;
    let wLess = 0;
    let wEq = 0;
    while (i < gt) {
      const x = v[i];
      if (x < pivot) {
        wLess += w[i];
        swap(v, w, lt++, i++);
      } else if (x > pivot) swap(v, w, i, --gt);
      else {
        wEq += w[i];
        i++;
      }
    }
    if (k < wLess) hi = lt;
    else if (k < wLess + wEq) return pivot;
    else {
      k -= wLess + wEq;
      lo = gt;
    }
    if (lo >= hi) return pivot;
  }
}

function swap(v: Float64Array, w: Float64Array, i: number, j: number): void {
  const tv = v[i];
  v[i] = v[j];
  v[j] = tv;
  const tw = w[i];
  w[i] = w[j];
  w[j] = tw;
}
