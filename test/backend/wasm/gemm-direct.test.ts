/**
 * The GEMM's one-call paths (gemm-direct.ts) as `linear` uses them: addmm with ReLU applied in
 * WASM memory, and linearBackward with the output gradient copied in once, both against the
 * composition of this backend's own kernels (the same bits), at awkward sizes, with the default
 * thresholds and with every product forced into WASM.
 */
import { describe, expect, it } from 'vitest';
import { jsActivation } from '../../../src/backend/js/activation.js';
import { jsMatmul, linearBackwardFrom } from '../../../src/backend/js/matmul.js';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { createMatmul } from '../../../src/backend/wasm/gemm.js';
import { wasmBackend } from '../../../src/backend/wasm/index.js';
import { Rng } from '../../../src/index.js';

const backend = wasmBackend();
if (backend === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const rng = new Rng(14);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-2, 2));
const NO_BATCH = { shape: [], aStrides: [], bStrides: [], cStrides: [] };

describe('WASM linear kernels: addmm with ReLU, and linearBackward with g copied in once', () => {
  const wasmMatmul = createMatmul(backend.runtime, backend.pool);
  // every product in WASM on this thread, so the fused backward runs at every size
  const allDirect = createMatmul(backend.runtime, backend.pool, { minMacs: 0, parallelMinMacs: Infinity });
  const sizes = [
    [1, 1, 1],
    [3, 5, 17],
    [20, 4, 16],
    [128, 2, 64],
    [33, 129, 7],
    [64, 300, 96],
  ] as const;
  for (const [m, inF, outF] of sizes) {
    for (const [name, kernels] of [
      ['default thresholds', wasmMatmul],
      ['all in WASM', allDirect],
    ] as const) {
      it(`[${m}, ${inF}] → ${outF}, ${name}: addmm + relu is relu of addmm; the fused backward gives the composed bits`, () => {
        const x = random(m * inF);
        const w = random(outF * inF);
        const bias = random(outF);
        const g = random(m * outF);
        const fwd: GemmSpec = { m, n: outF, k: inF, transA: false, transB: true, batch: NO_BATCH };
        const y = kernels.addmm(bias, x, w, fwd, true);
        expect(y).toEqual(jsActivation.relu(kernels.addmm(bias, x, w, fwd) as Float32Array, undefined));
        for (const mask of [null, y]) {
          for (const [dx, dw, db] of [
            [true, true, true],
            [false, true, true],
            [true, false, false],
            [false, false, true],
          ] as const) {
            const dims = { m, inF, outF, dx, dw, db };
            const got = kernels.linearBackward(g, x, w, mask, dims);
            const want = linearBackwardFrom(kernels.gemm, g, x, w, mask, dims);
            expect(got).toEqual(want);
            expect([got.dx === null, got.dw === null, got.db === null]).toEqual([!dx, !dw, !db]);
          }
        }
      });
    }
  }

  it('the bias gradient is the float64 column sum rounded once, as the reference sum (cancelling values)', () => {
    const m = 1000;
    const outF = 5;
    const g = Float32Array.from({ length: m * outF }, (_, i) => (i % 2 === 0 ? 1e8 : -1e8) + (i % 7) * 0.01);
    const dims = { m, inF: 1, outF, dx: false, dw: false, db: true };
    const got = wasmMatmul.linearBackward(g, random(m), random(outF), null, dims).db;
    expect(got).toEqual(jsMatmul.linearBackward(g, random(m), random(outF), null, dims).db);
  });
});
