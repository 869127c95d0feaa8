/**
 * Parity of the WASM GEMM with the JS reference at awkward sizes, every transpose variant, and
 * broadcast / summed batch strides. The WASM kernel sums in float32 (the reference in float64), so
 * the tolerance is the float32 error bound (k + 2)·2⁻²⁴·Σ|a||b| per element, not a fixed rtol.
 * Its JS twin for small products (`smallGemm`) must give exactly the same bits.
 */
import { describe, expect, it } from 'vitest';
import { addRowBias, jsMatmul } from '../../../src/backend/js/matmul.js';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { batchPlan, createGemm, createMatmul, WASM_MIN_MACS } from '../../../src/backend/wasm/gemm.js';
import { smallGemm } from '../../../src/backend/wasm/gemm-small.js';
import { wasmBackend } from '../../../src/backend/wasm/index.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';
import { Pool } from '../../../src/backend/wasm/pool.js';
import type { TypedArray } from '../../../src/dtype.js';
import { matmul, Rng, setBackend, tensor } from '../../../src/index.js';

const backend = wasmBackend();
if (backend === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const rng = new Rng(4);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-2, 2));

// Both builds are tested where they run: the plain one everywhere, the fused one (relaxed SIMD's
// multiply-add, probed by wasmBackend() above) where it fuses. Thresholds off: every product,
// however small, runs in WASM (on one thread: pool.test.ts does threads).
const features = probeFeatures();
const builds = [false, ...(features.fusedMadd ? [true] : [])].map((fused) => {
  const rt = createRuntime({ ...features, fusedMadd: fused });
  if (rt === null || rt.fused !== fused) throw new Error(`no ${fused ? 'fused' : 'plain'} runtime`);
  return {
    name: fused ? 'fused' : 'plain',
    rt,
    gemm: createGemm(rt, new Pool(rt), { minMacs: 0, parallelMinMacs: Infinity }),
  };
});

function spec(m: number, n: number, k: number, transA: boolean, transB: boolean, batch?: GemmSpec['batch']): GemmSpec {
  return { m, n, k, transA, transB, batch: batch ?? { shape: [], aStrides: [], bStrides: [], cStrides: [] } };
}

/**
 * Assert that every build's result is within the float32 summation bound of the float64
 * reference, and has exactly the bits of its JS twin.
 */
function expectParity(a: Float32Array, b: Float32Array, s: GemmSpec): void {
  for (const { name, rt, gemm } of builds)
    expectBuildParity(name, gemm(a, b, s), smallGemm(a, b, s, batchPlan(s), rt), a, b, s);
}

function expectBuildParity(
  name: string,
  got: TypedArray,
  twin: Float32Array,
  a: Float32Array,
  b: Float32Array,
  s: GemmSpec,
): void {
  expect(got).toBeInstanceOf(Float32Array);
  if (!Buffer.from(got.buffer).equals(Buffer.from(twin.buffer))) {
    throw new Error(
      `${name}: m=${s.m} n=${s.n} k=${s.k} tA=${s.transA} tB=${s.transB}: WASM and smallGemm bits differ`,
    );
  }
  const exact = jsMatmul.gemm(Float64Array.from(a), Float64Array.from(b), s);
  const scale = jsMatmul.gemm(Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), s);
  expect(got.length).toBe(exact.length);
  let terms = 1;
  s.batch.shape.forEach((size, d) => {
    if (s.batch.cStrides[d] === 0) terms *= size;
  });
  const u = 2 ** -24 * (s.k * terms + 2);
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs((got[i] as number) - (exact[i] as number));
    const bound = u * (scale[i] as number) + 1e-30;
    if (!(err <= bound)) {
      throw new Error(
        `${name}: m=${s.m} n=${s.n} k=${s.k} tA=${s.transA} tB=${s.transB}: C[${i}] = ${got[i]}, reference ${exact[i]} (bound ${bound})`,
      );
    }
  }
}

const FLAGS: Array<[boolean, boolean]> = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

describe('wasm gemm: parity with the JS reference', () => {
  it('every m, n, k in {1, 3, 5, 17}, all transpose flags', () => {
    const sizes = [1, 3, 5, 17];
    for (const m of sizes)
      for (const n of sizes)
        for (const k of sizes)
          for (const [ta, tb] of FLAGS) expectParity(random(m * k), random(k * n), spec(m, n, k, ta, tb));
  });

  it('sizes across the tile and k-block edges (64, 129, 257, non-square), all transpose flags', () => {
    const cases: Array<[number, number, number]> = [
      [64, 64, 64],
      [129, 257, 64],
      [257, 129, 3],
      [64, 129, 257],
      [3, 257, 129],
      [257, 1, 17],
      [1, 257, 300],
      [65, 130, 513],
      [129, 129, 129],
    ];
    for (const [m, n, k] of cases)
      for (const [ta, tb] of FLAGS) expectParity(random(m * k), random(k * n), spec(m, n, k, ta, tb));
  });

  it('batches: per-matrix strides, broadcast (stride 0) operands, and summed (stride 0) outputs', () => {
    const [m, n, k] = [17, 33, 40];
    const mk = m * k;
    const kn = k * n;
    const mn = m * n;
    const batches: GemmSpec['batch'][] = [
      { shape: [3], aStrides: [mk], bStrides: [kn], cStrides: [mn] }, // plain stack
      { shape: [3], aStrides: [mk], bStrides: [0], cStrides: [mn] }, // B broadcast
      { shape: [2, 3], aStrides: [0, mk], bStrides: [3 * kn, kn], cStrides: [3 * mn, mn] }, // A broadcast on dim 0
      { shape: [4], aStrides: [mk], bStrides: [kn], cStrides: [0] }, // all products summed into one C
      { shape: [2, 3], aStrides: [3 * mk, mk], bStrides: [0, kn], cStrides: [0, mn] }, // dim 0 summed, B broadcast
      { shape: [2, 1, 3], aStrides: [mk, 0, 0], bStrides: [0, 0, kn], cStrides: [3 * mn, 0, mn] }, // outer product
    ];
    for (const batch of batches) {
      // one past the last element any product reads
      const end = (strides: readonly number[], size: number) =>
        batch.shape.reduce((acc, s, d) => acc + (s - 1) * (strides[d] as number), 0) + size;
      const [aLen, bLen] = [end(batch.aStrides, mk), end(batch.bStrides, kn)];
      for (const [ta, tb] of FLAGS) expectParity(random(aLen), random(bLen), spec(m, n, k, ta, tb, batch));
    }
  });

  it('batchPlan groups the products of each output matrix in batch order', () => {
    const plan = batchPlan(
      spec(2, 2, 2, false, false, { shape: [2, 3], aStrides: [12, 4], bStrides: [0, 4], cStrides: [0, 4] }),
    );
    expect(plan.groups).toBe(3);
    expect(plan.terms).toBe(2);
    expect(Array.from(plan.cOffs)).toEqual([0, 4, 8]);
    // group 0 sums batch (0, 0) then (1, 0); A offsets 0 and 12, B offset 0 both times
    expect(Array.from(plan.abOffs)).toEqual([0, 0, 12, 0, 4, 4, 16, 4, 8, 8, 20, 8]);
  });

  it("a row's result does not depend on how many rows are multiplied with it (WASM or smallGemm)", () => {
    const [n, k] = [8, 12];
    const a = random(100 * k);
    const b = random(n * k);
    const wasmGemm = backend.kernels.gemm;
    const all = wasmGemm(a, b, spec(100, n, k, false, true));
    expect(100 * n * k).toBeGreaterThanOrEqual(WASM_MIN_MACS);
    for (const rows of [1, 3, 5]) {
      expect(rows * n * k).toBeLessThan(WASM_MIN_MACS);
      const part = wasmGemm(a.subarray(0, rows * k), b, spec(rows, n, k, false, true));
      expect(Array.from(part)).toEqual(Array.from(all.subarray(0, rows * n)));
    }
  });

  it('float64 and int32 operands use the JS reference (bit-identical); empty products are zeros', () => {
    const wasmGemm = backend.kernels.gemm;
    const s = spec(20, 30, 40, false, true);
    const a64 = Float64Array.from(random(800));
    const b64 = Float64Array.from(random(1200));
    expect(wasmGemm(a64, b64, s)).toEqual(jsMatmul.gemm(a64, b64, s));
    const ai = Int32Array.from(random(800), Math.round);
    const bi = Int32Array.from(random(1200), Math.round);
    expect(wasmGemm(ai, bi, s)).toEqual(jsMatmul.gemm(ai, bi, s));
    expect(wasmGemm(new Float32Array(0), random(12), spec(5, 3, 0, false, false))).toEqual(new Float32Array(15));
  });

  it('the backend through matmul: forward and gradients match the JS backend', () => {
    // w broadcasts over x's first batch dim, so its gradient is a GEMM with a summed batch dim
    const x = tensor(random(2 * 3 * 40 * 30), { shape: [2, 3, 40, 30], requiresGrad: true });
    const w = tensor(random(3 * 30 * 20), { shape: [3, 30, 20], requiresGrad: true });
    const run = (name: string) => {
      setBackend(name);
      x.grad = null;
      w.grad = null;
      const y = matmul(x, w);
      y.mul(y).sum().backward();
      return { y: y.data, gx: x.grad!.data, gw: w.grad!.data };
    };
    try {
      const ref = run('js');
      const got = run('wasm');
      for (const key of ['y', 'gx', 'gw'] as const) {
        const r = ref[key];
        const g = got[key];
        const max = Math.max(...Array.from(r, Math.abs));
        for (let i = 0; i < r.length; i++)
          expect(Math.abs((g[i] as number) - (r[i] as number))).toBeLessThan(1e-5 * max);
      }
    } finally {
      setBackend(process.env.NEURITE_BACKEND ?? 'wasm');
    }
  });
});

const NO_BATCH = { shape: [], aStrides: [], bStrides: [], cStrides: [] };

describe('WASM addmm (linear: the product plus a bias row)', () => {
  const wasmMatmul = createMatmul(backend.runtime, backend.pool);
  const tiny = createMatmul(backend.runtime, backend.pool, { minMacs: Number.POSITIVE_INFINITY });
  for (const [m, n, k] of [
    [1, 1, 1],
    [3, 5, 17],
    [20, 16, 4],
    [129, 3, 16],
    [64, 256, 784],
  ] as const) {
    it(`[${m}, ${k}]·[${n}, ${k}]ᵀ + bias: exactly gemm then the bias add, in WASM and in the small path`, () => {
      const x = random(m * k);
      const w = random(n * k);
      const bias = random(n);
      const spec: GemmSpec = { m, n, k, transA: false, transB: true, batch: NO_BATCH };
      for (const kernels of [wasmMatmul, tiny]) {
        const want = addRowBias(kernels.gemm(x, w, spec), bias, n);
        expect(kernels.addmm(bias, x, w, spec)).toEqual(want);
      }
      const reference = jsMatmul.addmm(Float64Array.from(bias), Float64Array.from(x), Float64Array.from(w), spec);
      expect(wasmMatmul.addmm(Float64Array.from(bias), Float64Array.from(x), Float64Array.from(w), spec)).toEqual(
        reference,
      );
    });
  }
});
