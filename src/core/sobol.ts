// Sobol' low-discrepancy sequence (Joe–Kuo direction numbers, 32-bit, Gray-code order), optionally
// randomised by a linear matrix scramble plus a digital shift (LMS+shift, as SciPy's scramble=True).
//
// Unscrambled, point n is the XOR of the direction numbers selected by the bits of gray(n) = n ^ (n >> 1);
// successive points differ by one direction number, so next() is one XOR per coordinate. The first
// point is 0, as in SciPy and Joe–Kuo's sobol.cc, so points match theirs index for index.
//
// The scramble multiplies every coordinate's digit vector by a random lower-triangular binary matrix
// with unit diagonal (digit 1 = most significant) and XORs a random shift. The matrix is applied to
// the direction numbers once; by linearity that scrambles every point. Lower-triangular with unit
// diagonal means the first m digits of a scrambled coordinate are an invertible function of the first
// m digits of the original, so every (t, m, s)-net property of the first 2^m points survives.

import { Rng } from './rng.js';
import { JOE_KUO_DIRECTIONS } from './sobol-directions.js';

const BITS = 32;
const MAX_POINTS = 2 ** BITS;
const SCALE = 1 / MAX_POINTS;

export const SOBOL_MAX_DIMENSION: number = JOE_KUO_DIRECTIONS.length + 1;

export class SobolError extends Error {
  override name = 'SobolError';
}

export interface SobolOptions {
  /** Randomise with LMS + digital shift (default false: the published unscrambled sequence). */
  scramble?: boolean;
  /** Seed of the scramble; ignored when unscrambled. Default 0. */
  seed?: number;
}

/** Direction numbers V_1..V_32 of one coordinate, scaled by 2^32 (V_k = m_k * 2^(32-k)). */
function directionNumbers(dimensionIndex: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimensionIndex === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, ...m] = JOE_KUO_DIRECTIONS[dimensionIndex - 1];
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = m[k] * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let x = v[k - s] ^ (v[k - s] >>> s);
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i];
    v[k] = x >>> 0;
  }
  return v;
}

function parity32(x: number): number {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
}

/** Row i of a random lower-triangular unit-diagonal matrix, as a mask over the digits of a 32-bit word. */
function randomLowerTriangularRows(rng: Rng): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    // Digit j (0 = most significant) lives in bit 31 - j; row i may use digits 0..i-1 and has digit i.
    const above = i === 0 ? 0 : (0xffffffff << (BITS - i)) >>> 0;
    rows[i] = ((rng.nextUint32() & above) | (2 ** (BITS - 1 - i))) >>> 0;
  }
  return rows;
}

function applyMatrix(rows: Uint32Array, word: number): number {
  let out = 0;
  for (let i = 0; i < BITS; i++) if (parity32((rows[i] & word) >>> 0)) out |= 2 ** (BITS - 1 - i);
  return out >>> 0;
}

/** Index of the lowest set bit of n (1 <= n < 2^32). */
function lowestSetBit(n: number): number {
  const x = n | 0; // keeps the low 32 bits; n < 2^32 so nothing is lost
  return 31 - Math.clz32(x & -x);
}

export class SobolSequence {
  readonly dimension: number;
  private readonly directions: readonly Uint32Array[];
  private readonly shift: Uint32Array;
  private readonly current: Uint32Array;
  private index = 0;

  constructor(dimension: number, options: SobolOptions = {}) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION)
      throw new SobolError(`Sobol dimension must be an integer from 1 to ${SOBOL_MAX_DIMENSION}, got ${dimension}`);
    const seed = options.seed ?? 0;
    if (!Number.isFinite(seed)) throw new SobolError(`Sobol seed must be a finite number, got ${seed}`);
    this.dimension = dimension;
    const raw = Array.from({ length: dimension }, (_, j) => directionNumbers(j));
    this.shift = new Uint32Array(dimension);
    if (options.scramble) {
      const rng = new Rng(seed);
      this.directions = raw.map((v, j) => {
        const rows = randomLowerTriangularRows(rng);
        this.shift[j] = rng.nextUint32();
        return v.map((word) => applyMatrix(rows, word));
      });
    } else {
      this.directions = raw;
    }
    this.current = this.shift.slice();
  }

  /** How many points have been produced (or skipped) so far. */
  get position(): number {
    return this.index;
  }

  /** The next point, in [0, 1)^dimension. */
  next(): number[] {
    if (this.index >= MAX_POINTS) throw new SobolError(`the Sobol sequence is exhausted after 2^${BITS} points`);
    const point = Array.from(this.current, (x) => x * SCALE);
    this.index++;
    if (this.index < MAX_POINTS) {
      const k = lowestSetBit(this.index);
      for (let j = 0; j < this.dimension; j++) this.current[j] ^= this.directions[j][k];
    }
    return point;
  }

  /** Fast-forward n points: O(32 × dimension), whatever n is. */
  skip(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new SobolError(`skip needs a non-negative integer, got ${n}`);
    const target = this.index + n;
    if (target > MAX_POINTS) throw new SobolError(`cannot skip past the 2^${BITS} points of the Sobol sequence`);
    this.index = target;
    if (target === MAX_POINTS) return;
    const gray = (target ^ (target >>> 1)) >>> 0;
    for (let j = 0; j < this.dimension; j++) {
      let x = this.shift[j];
      const v = this.directions[j];
      for (let k = 0; k < BITS; k++) if ((gray >>> k) & 1) x ^= v[k];
      this.current[j] = x >>> 0;
    }
  }

  /** The next n points. */
  take(n: number): number[][] {
    if (!Number.isInteger(n) || n < 0) throw new SobolError(`take needs a non-negative integer, got ${n}`);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }
}
