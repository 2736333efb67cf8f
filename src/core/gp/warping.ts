// Kumaraswamy input warping (Snoek et al. 2014; used by HEBO and the SCOOT paper): each unit-cube
// coordinate x goes through the Kumaraswamy CDF w = 1 − (1 − x^a)^b, a, b > 0, a monotone bijection
// of [0, 1] that can stretch or compress either end, so a stationary kernel fits functions whose
// wiggliness changes across the range (e.g. flags on a log-like response). a = b = 1 is the identity.
// x is clamped to [1e-6, 1 − 1e-6] so that log x and log(1 − x^a) stay finite; categorical
// dimensions (unordered codes) are not warped (mask).

export const WARP_EPSILON = 1e-6;

function clampUnit(x: number): number {
  return x < WARP_EPSILON ? WARP_EPSILON : x > 1 - WARP_EPSILON ? 1 - WARP_EPSILON : x;
}

/** w = 1 − (1 − x^a)^b on the clamped x. */
export function kumaraswamy(x: number, a: number, b: number): number {
  const lx = Math.log(clampUnit(x));
  const oneMinusU = -Math.expm1(a * lx); // 1 − x^a without cancellation near x = 1
  return -Math.expm1(b * Math.log(oneMinusU));
}

export interface WarpDerivatives {
  w: number;
  /** ∂w/∂log a = a·b·(1 − u)^{b−1}·u·log x, u = x^a */
  dLogA: number;
  /** ∂w/∂log b = −b·(1 − u)^b·log(1 − u) */
  dLogB: number;
}

/** The warped value with its derivatives in log a and log b. */
export function kumaraswamyWithDerivatives(x: number, a: number, b: number): WarpDerivatives {
  const lx = Math.log(clampUnit(x));
  const u = Math.exp(a * lx);
  const oneMinusU = -Math.expm1(a * lx);
  const logOneMinusU = Math.log(oneMinusU);
  const pow = Math.exp(b * logOneMinusU); // (1 − u)^b
  return {
    w: -Math.expm1(b * logOneMinusU),
    dLogA: (a * b * pow * u * lx) / oneMinusU,
    dLogB: -b * pow * logOneMinusU,
  };
}

/** Per-dimension Kumaraswamy warping of unit-cube points. */
export class KumaraswamyWarping {
  private readonly active: readonly boolean[];

  /**
   * @param a, b shape parameters per dimension (> 0)
   * @param warped which dimensions are warped (default all); false leaves a dimension as is
   */
  constructor(readonly a: ArrayLike<number>, readonly b: ArrayLike<number>, warped?: readonly boolean[]) {
    if (a.length !== b.length) throw new RangeError(`warping has ${a.length} a-parameters but ${b.length} b-parameters`);
    for (let i = 0; i < a.length; i++) {
      if (!(a[i] > 0 && b[i] > 0 && Number.isFinite(a[i]) && Number.isFinite(b[i])))
        throw new RangeError(`warping parameters must be finite and > 0 (dimension ${i}: a=${a[i]}, b=${b[i]})`);
    }
    if (warped && warped.length !== a.length) throw new RangeError(`warping mask has ${warped.length} entries for ${a.length} dimensions`);
    this.active = warped ?? Array.from({ length: a.length }, () => true);
  }

  get dim(): number {
    return this.a.length;
  }

  warp(x: ArrayLike<number>, out: Float64Array = new Float64Array(this.dim)): Float64Array {
    for (let i = 0; i < this.dim; i++) out[i] = this.active[i] ? kumaraswamy(x[i], this.a[i], this.b[i]) : x[i];
    return out;
  }
}
