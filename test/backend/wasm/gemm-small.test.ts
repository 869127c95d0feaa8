/** smallGemm: the JS twin of the WASM kernel's float32 arithmetic (gemm.test.ts checks equal bits). */
import { describe, expect, it } from 'vitest';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { batchPlan } from '../../../src/backend/wasm/gemm.js';
import { fmaf, smallGemm } from '../../../src/backend/wasm/gemm-small.js';
import { createRuntime, KC, probeFeatures } from '../../../src/backend/wasm/module.js';
import { Rng } from '../../../src/random.js';

const spec = (m: number, n: number, k: number, transA: boolean, transB: boolean): GemmSpec => ({
  m,
  n,
  k,
  transA,
  transB,
  batch: { shape: [], aStrides: [], bStrides: [], cStrides: [] },
});

describe('smallGemm', () => {
  it('is the float32 sum over p ascending, restarted at every k-block of KC and then added', () => {
    const k = 2 * KC + 7;
    const a = Float32Array.from({ length: k }, (_, p) => Math.sin(p) * 1e3);
    const b = Float32Array.from({ length: k }, (_, p) => Math.cos(p * 0.7));
    let c = 0;
    for (let pc = 0; pc < k; pc += KC) {
      let sum = 0;
      for (let p = pc; p < Math.min(k, pc + KC); p++)
        sum = Math.fround(sum + Math.fround((a[p] as number) * (b[p] as number)));
      c = pc === 0 ? sum : Math.fround(c + sum);
    }
    for (const [ta, tb] of [
      [false, false],
      [true, true],
    ] as const) {
      const s = spec(1, 1, k, ta, tb);
      expect(smallGemm(a, b, s, batchPlan(s))[0]).toBe(c);
    }
  });

  it('reads every transpose layout: [[1, 2], [3, 4]] · [[5, 6], [7, 8]]', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    const run = (ta: boolean, tb: boolean) =>
      Array.from(smallGemm(a, b, spec(2, 2, 2, ta, tb), batchPlan(spec(2, 2, 2, ta, tb))));
    expect(run(false, false)).toEqual([19, 22, 43, 50]);
    expect(run(true, false)).toEqual([26, 30, 38, 44]); // Aᵀ = [[1, 3], [2, 4]]
    expect(run(false, true)).toEqual([17, 23, 39, 53]); // Bᵀ = [[5, 7], [6, 8]]
    expect(run(true, true)).toEqual([23, 31, 34, 46]);
  });

  it('fused: the same order, each step one rounding of a·b + sum (fmaf)', () => {
    const k = KC + 5;
    const a = Float32Array.from({ length: k }, (_, p) => Math.sin(p) * 1e3);
    const b = Float32Array.from({ length: k }, (_, p) => Math.cos(p * 0.7));
    let c = 0;
    for (let pc = 0; pc < k; pc += KC) {
      let sum = 0;
      for (let p = pc; p < Math.min(k, pc + KC); p++) sum = fmaf(a[p] as number, b[p] as number, sum);
      c = pc === 0 ? sum : Math.fround(c + sum);
    }
    const s = spec(1, 1, k, false, true);
    expect(smallGemm(a, b, s, batchPlan(s), { fused: true, tiling: { kc: KC } })[0]).toBe(c);
  });
});

describe('fmaf', () => {
  const f32 = Math.fround;
  it('rounds once: cases where the product and the sum rounded apart differ', () => {
    expect(fmaf(1 + 2 ** -23, 1 - 2 ** -23, -1)).toBe(-(2 ** -46));
    expect(f32(f32((1 + 2 ** -23) * (1 - 2 ** -23)) - 1)).toBe(0);
    expect(fmaf(3, 5, 7)).toBe(22);
    expect(Object.is(fmaf(-0, 1, 0), 0)).toBe(true);
    expect(Object.is(fmaf(-0, 1, -0), -0)).toBe(true);
    expect(fmaf(3e38, 10, -3e38)).toBe(Number.POSITIVE_INFINITY);
    expect(fmaf(Number.NaN, 1, 1)).toBeNaN();
  });

  // a·b + c just below a float32 rounding midpoint: c = r with an odd last bit, a·b = ulp(r)/2 ·
  // (1 − j²·2⁻⁴⁶). Rounded to float64 the sum is the midpoint itself, which then rounds to even
  // (up, past r): the double rounding that fmaf must avoid; the fused result is r.
  const rng = new Rng(11);
  function nearMidpoint(): [number, number, number] {
    const e = Math.floor(rng.uniform(-100, 100));
    const odd = 2 * Math.floor(rng.uniform(0, 2 ** 22)) + 1;
    const sign = rng.uniform() < 0.5 ? -1 : 1;
    const r = sign * (2 ** 23 + odd) * 2 ** (e - 23);
    const j = Math.floor(rng.uniform(1, 8));
    const i = Math.floor(rng.uniform(-10, 10));
    return [f32(sign * (1 + j * 2 ** -23) * 2 ** i), f32((1 - j * 2 ** -23) * 2 ** (e - 24 - i)), f32(r)];
  }

  it('equals the hardware fused multiply-add (the fused build) on 100,000 hard cases', () => {
    const features = probeFeatures();
    if (!features.fusedMadd) return; // no fused multiply-add on this machine to compare with
    const rt = createRuntime(features);
    if (rt === null) throw new Error('no runtime');
    let naiveWrong = 0;
    for (let i = 0; i < 100_000; i++) {
      const [a, b, c] = i % 2 === 0 ? nearMidpoint() : [f32(rng.normal()), f32(rng.normal()), f32(rng.normal())];
      const hw = rt.exports.maddProbe(a, b, c);
      const got = fmaf(a, b, c);
      if (!Object.is(got, hw)) throw new Error(`fmaf(${a}, ${b}, ${c}) = ${got}, hardware ${hw}`);
      if (f32(a * b + c) !== hw) naiveWrong++;
    }
    // the cases are hard: rounding the float64 sum directly is wrong for some of them
    expect(naiveWrong).toBeGreaterThan(10);
  });
});
