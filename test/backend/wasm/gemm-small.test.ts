/** smallGemm: the JS twin of the WASM kernel's float32 arithmetic (gemm.test.ts checks equal bits). */
import { describe, expect, it } from 'vitest';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { batchPlan } from '../../../src/backend/wasm/gemm.js';
import { smallGemm } from '../../../src/backend/wasm/gemm-small.js';
import { KC } from '../../../src/backend/wasm/module.js';

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
});
