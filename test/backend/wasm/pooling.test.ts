/**
 * The WASM max pooling against the JS reference: the 2×2 stride-2 kernel gives exactly the
 * reference's maxima and indices (ties, NaN, −∞, odd planes whose last row and column no window
 * covers, widths with and without a 4-wide remainder), and the gradient exactly the reference's
 * sums, overlapping windows included. Other geometries and float64 go to the reference.
 */
import { describe, expect, it } from 'vitest';
import { jsPool } from '../../../src/backend/js/pool.js';
import type { WindowGeometry } from '../../../src/backend/kernels/pool.js';
import { wasmBackend } from '../../../src/backend/wasm/index.js';
import { createPooling } from '../../../src/backend/wasm/pooling.js';
import { Rng } from '../../../src/index.js';

const backend = wasmBackend();
if (backend === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const pooling = createPooling(backend.runtime);
const rng = new Rng(5);
const bytes = (x: ArrayLike<number>) => Buffer.from(Float32Array.from(x).buffer);

/** Values from a small set (many ties), with some NaN and −∞. */
function planesOf(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = rng.uniform(0, 1);
    if (u < 0.03) return Number.NaN;
    if (u < 0.06) return Number.NEGATIVE_INFINITY;
    return Math.round(rng.uniform(-3, 3));
  });
}

function geometry(planes: number, inH: number, inW: number, k = 2, s = 2, p = 0, d = 1): WindowGeometry {
  const out = (i: number) => Math.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1;
  return { planes, inH, inW, outH: out(inH), outW: out(inW), kH: k, kW: k, sH: s, sW: s, pH: p, pW: p, dH: d, dW: d };
}

describe('wasm max pooling', () => {
  const sizes: Array<[number, number, number]> = [
    [17, 3, 3], // a single window per plane, most of each plane uncovered
    [5, 5, 17],
    [3, 17, 5],
    [1, 129, 129],
    [64, 28, 28], // W3's first pooling: 14 = 3·4 + 2 outputs per row
    [64, 14, 14], // W3's second: 7 = 4 + 3
    [2, 8, 16], // rows of exactly 4·2 outputs: no remainder
  ];
  for (const [planes, inH, inW] of sizes) {
    it(`2×2 stride 2 on ${planes} planes of ${inH}×${inW}: the reference's maxima, indices and gradient`, () => {
      const geo = geometry(planes, inH, inW);
      const x = planesOf(planes * inH * inW);
      const got = pooling.maxPool2d(x, geo);
      const ref = jsPool.maxPool2d(x, geo);
      expect(got.out).toBeInstanceOf(Float32Array);
      expect(bytes(got.out).equals(bytes(ref.out))).toBe(true);
      expect(Array.from(got.indices)).toEqual(Array.from(ref.indices));
      const g = Float32Array.from({ length: ref.out.length }, () => rng.uniform(-1, 1));
      const dx = pooling.maxPool2dBackward(g, ref.indices, geo);
      expect(bytes(dx).equals(bytes(jsPool.maxPool2dBackward(g, ref.indices, geo)))).toBe(true);
    });
  }

  it('overlapping windows (3×3, stride 1, padding 1): the reference forward, the same gradient sums', () => {
    const geo = geometry(5, 17, 9, 3, 1, 1);
    const x = planesOf(5 * 17 * 9);
    const ref = jsPool.maxPool2d(x, geo);
    const got = pooling.maxPool2d(x, geo);
    expect(Array.from(got.indices)).toEqual(Array.from(ref.indices));
    // several outputs share an argmax: the float32 sums must come in the reference's order
    const g = Float32Array.from({ length: ref.out.length }, () => rng.uniform(-1, 1) * 2 ** rng.uniform(-20, 20));
    const dx = pooling.maxPool2dBackward(g, ref.indices, geo);
    expect(bytes(dx).equals(bytes(jsPool.maxPool2dBackward(g, ref.indices, geo)))).toBe(true);
  });

  it('float64 and tiny inputs use the reference', () => {
    const geo = geometry(3, 6, 6);
    const x = Float64Array.from(planesOf(3 * 36));
    const got = pooling.maxPool2d(x, geo);
    expect(got.out).toBeInstanceOf(Float64Array);
    expect(got).toEqual(jsPool.maxPool2d(x, geo));
    const tiny = geometry(1, 2, 2);
    const one = Float32Array.of(1, Number.NaN, 3, 2);
    expect(pooling.maxPool2d(one, tiny)).toEqual(jsPool.maxPool2d(one, tiny));
  });
});
