import { test } from 'node:test';
import assert from 'node:assert/strict';
import stdlibErfc from '@stdlib/math-base-special-erfc';
import { erfc, normalPdfCdf } from '../../../src/core/cody-erfc.js';

const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

test('erfc matches published values to double precision', () => {
  // Reference values from mpmath at 30 digits.
  const known: [number, number][] = [
    [0, 1],
    [0.25, 0.7236736098317631],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [-1, 1.842700792949715],
    [2, 0.004677734981047266],
    [3, 0.00002209049699858544],
    [5, 1.537459794428035e-12],
    [10, 2.088487583762545e-45],
    [26, 5.663192408856143e-296],
  ];
  for (const [x, value] of known) assert.ok(relative(erfc(x), value) < 2e-15, `erfc(${x}) = ${erfc(x)}, expected ${value}`);
  assert.equal(erfc(27), 0);
  assert.equal(erfc(-30), 2);
  assert.equal(erfc(Infinity), 0);
  assert.ok(Number.isNaN(erfc(Number.NaN)));
});

test('erfc agrees with @stdlib on a dense grid, tails included', () => {
  let worst = 0;
  for (let x = -7; x <= 26.5; x += 0.00731) worst = Math.max(worst, relative(erfc(x), stdlibErfc(x)));
  assert.ok(worst < 1e-14, `worst relative difference ${worst}`);
});

test('normalPdfCdf matches erfc-based Φ and the density, deep tails included', () => {
  const out = { pdf: 0, cdf: 0 };
  let worstCdf = 0, worstPdf = 0;
  for (let z = -37; z <= 9; z += 0.0137) {
    normalPdfCdf(z, out);
    worstCdf = Math.max(worstCdf, relative(out.cdf, 0.5 * stdlibErfc(-z * Math.SQRT1_2)));
    worstPdf = Math.max(worstPdf, relative(out.pdf, Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)));
  }
  assert.ok(worstCdf < 1e-12 && worstPdf < 1e-15, `worst relative error: cdf ${worstCdf}, pdf ${worstPdf}`);
  // Φ(-5) and Φ(1.5) from mpmath at 30 digits.
  normalPdfCdf(-5, out);
  assert.ok(relative(out.cdf, 2.866515718791939e-7) < 1e-14);
  normalPdfCdf(1.5, out);
  assert.ok(relative(out.cdf, 0.9331927987311419) < 1e-15);
  normalPdfCdf(-40, out);
  assert.deepEqual(out, { pdf: 0, cdf: 0 });
});
