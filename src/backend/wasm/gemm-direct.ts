/**
 * The WASM GEMM on the calling thread, one call of the module: `direct` (a plain product, with
 * `linear`'s bias and ReLU applied in WASM memory before C is copied out) and
 * `directLinearBackward` (linear's dx, dW and db with the output gradient copied in once). Every
 * product of a small model runs here; ./gemm.ts routes products and runs the threaded jobs.
 */
import type { TypedArray } from '../../dtype.js';
import { jsActivation } from '../js/activation.js';
import { addRowBias } from '../js/matmul.js';
import type { GemmSpec, LinearDims, LinearGrads } from '../kernels/matmul.js';
import type { BatchPlan } from './gemm.js';
import { smallGemm } from './gemm-small.js';
import { align, type WasmRuntime } from './module.js';

/** The plan of a product without batch dims: one output matrix, one term. */
export const SINGLE: BatchPlan = { groups: 1, terms: 1, cOffs: new Int32Array(1), abOffs: new Int32Array(2) };

/** C, with the bias row (if any) added and ReLU applied in JS: where the product did not run in `direct`. */
export function finish<T extends TypedArray>(c: T, bias: TypedArray | null, n: number, relu: boolean): T {
  const biased = bias === null ? c : addRowBias(c, bias, n);
  return relu ? (jsActivation.relu(biased as Float32Array, undefined) as T) : biased;
}

/** Scratch bytes per thread for a product of depth k (tile buffer, packed B strip, …). */
export function slotBytes(rt: WasmRuntime, k: number): number {
  const { tileM, tileN, kc } = rt.tiling;
  return align(rt.exports.scratchBytes(tileM, tileN, k, kc));
}

/**
 * A plain product on the calling thread: the operands in, one call of the module's `gemm`, the
 * bias (if any) added to every row of C by the module's `addRowBias`, C out.
 */
export function direct(
  rt: WasmRuntime,
  a: Float32Array,
  b: Float32Array,
  spec: GemmSpec,
  bias: Float32Array | null,
  relu: boolean,
): Float32Array {
  const { m, n, k } = spec;
  // after the control words and the descriptor: A, B, C, the bias, then the scratch
  const at = rt.operands([a.length * 4, b.length * 4, m * n * 4, bias === null ? 0 : n * 4, slotBytes(rt, k)]);
  if (at === null) return finish(smallGemm(a, b, spec, SINGLE, rt), bias, n, relu);
  // indexed, not destructured: an array pattern runs the iterator protocol in V8's interpreter,
  // and small models make these calls before V8 has optimized them
  const aAt = at[0] as number;
  const bAt = at[1] as number;
  const cAt = at[2] as number;
  const biasAt = at[3] as number;
  const scratchAt = at[4] as number;
  const { f32 } = rt;
  f32.set(a, aAt >> 2);
  f32.set(b, bAt >> 2);
  runGemm(rt, aAt, bAt, cAt, spec, scratchAt);
  if (bias !== null) {
    f32.set(bias, biasAt >> 2);
    rt.exports.addRowBias(cAt, biasAt, m, n);
  }
  if (relu) rt.exports.relu(cAt, cAt, m * n);
  return f32.slice(cAt >> 2, (cAt >> 2) + m * n);
}

/** The module's `gemm` over operands already in its memory (absolute byte offsets). */
function runGemm(rt: WasmRuntime, aAt: number, bAt: number, cAt: number, spec: GemmSpec, scratchAt: number): void {
  const { m, n, k, transA, transB } = spec;
  const { tileM, tileN, kc } = rt.tiling;
  // element (i, p) of op(A) is at i·rsA + p·csA; element (p, j) of op(B) at p·rsB + j·csB
  // biome-ignore format: the strides of A, then of B
  rt.exports.gemm(aAt, bAt, cAt, m, n, k, transA ? 1 : k, transA ? m : 1, transB ? 1 : n, transB ? k : 1, tileM, tileN, kc, scratchAt);
}

/**
 * linear's backward on the calling thread with g copied in once (and masked by ReLU's `y` in
 * place): dx = g·W and dW = gᵀ·x by the module's `gemm`, db by its `colSums`; the same bits as
 * `linearBackwardFrom` over this backend's gemm. `specs`: `linearBackwardSpecs(dims)`, which the
 * caller has made to route them. Null when the memory cannot grow that far.
 */
export function directLinearBackward(
  rt: WasmRuntime,
  g: Float32Array,
  x: Float32Array,
  w: Float32Array,
  y: Float32Array | null,
  dims: LinearDims,
  specs: { dx: GemmSpec; dw: GemmSpec },
): LinearGrads | null {
  const { m, inF, outF, dx, dw, db } = dims;
  // (no helper closures here: this runs twice per layer per step, often before V8 optimizes it)
  const at = rt.operands([
    g.length * 4,
    y === null ? 0 : y.length * 4,
    dw ? x.length * 4 : 0,
    dx ? w.length * 4 : 0,
    dx ? m * inF * 4 : 0,
    dw ? outF * inF * 4 : 0,
    db ? outF * 3 * 4 : 0, // float32 sums after float64 accumulators
    slotBytes(rt, Math.max(outF, m)),
  ]);
  if (at === null) return null;
  const gAt = at[0] as number;
  const yAt = at[1] as number;
  const xAt = at[2] as number;
  const wAt = at[3] as number;
  const dxAt = at[4] as number;
  const dwAt = at[5] as number;
  const dbAt = at[6] as number;
  const scratchAt = at[7] as number;
  const { f32, exports: ex } = rt;
  f32.set(g, gAt >> 2);
  if (y !== null) {
    f32.set(y, yAt >> 2);
    ex.reluGrad(yAt, gAt, gAt, g.length);
  }
  if (dx) {
    f32.set(w, wAt >> 2);
    runGemm(rt, gAt, wAt, dxAt, specs.dx, scratchAt);
  }
  if (dw) {
    f32.set(x, xAt >> 2);
    runGemm(rt, gAt, xAt, dwAt, specs.dw, scratchAt);
  }
  if (db) ex.colSums(gAt, m, outF, dbAt, dbAt + outF * 8);
  const dbFrom = (dbAt + outF * 8) >> 2;
  return {
    dx: dx ? f32.slice(dxAt >> 2, (dxAt >> 2) + m * inF) : null,
    dw: dw ? f32.slice(dwAt >> 2, (dwAt >> 2) + outF * inF) : null,
    db: db ? f32.slice(dbFrom, dbFrom + outF) : null,
  };
}
