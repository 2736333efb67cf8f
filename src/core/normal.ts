// Standard normal functions that stay accurate far in the tails, where acquisition values of
// hopeless candidates live: a naive log(Φ(z)) is -Infinity below z ≈ -38, which flattens the
// landscape an evolutionary solver has to climb.

import erfc from '@stdlib/math-base-special-erfc';
import erfcx from '@stdlib/math-base-special-erfcx';

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT1_2);
}

/** log Φ(z), accurate for all z (uses erfcx below z = -1 where Φ underflows). */
export function logNormalCdf(z: number): number {
  if (z > -1) return Math.log1p(-0.5 * erfc(z * SQRT1_2));
  return Math.log(0.5 * erfcx(-z * SQRT1_2)) - 0.5 * z * z;
}

/** log(1 − e^x) for x < 0 without cancellation (Mächler 2012). */
export function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

const LOG_SQRT_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2);
const INV_SQRT_EPS = 1 / Math.sqrt(Number.EPSILON);

/**
 * log h(z) with h(z) = φ(z) + zΦ(z), the standardised expected improvement. Follows the
 * piecewise form of Ament et al., "Unexpected Improvements to Expected Improvement" (NeurIPS 2023).
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  if (z > -INV_SQRT_EPS) {
    return -0.5 * z * z - LOG_SQRT_2PI + log1mexp(Math.log(erfcx(-z * SQRT1_2) * -z) + LOG_SQRT_PI_OVER_2);
  }
  return -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(-z);
}
