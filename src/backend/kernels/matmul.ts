/**
 * Matrix-multiplication kernels: one batched GEMM that every matmul-shaped op (matmul, linear,
 * their backward products, the JS reference's convolutions via im2col) goes through, so a fast
 * backend replaces one kernel. Transpose flags and per-operand batch strides let the forward and
 * both backward products (dA = dC·Bᵀ, dB = Aᵀ·dC, summed over broadcast batch dims) run with no
 * transposed or broadcast copies.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

/**
 * The batch loop of a GEMM: for every index `i` of `shape`, one product
 * C[i] (+)= op(A[i]) · op(B[i]). Strides are in elements, one per batch dimension.
 * - `aStrides` / `bStrides`: offset of the next matrix of A / B; 0 repeats (broadcasts) the matrix.
 * - `cStrides`: the row-major strides of C's batch dims, with 0 along dims that are SUMMED: all
 *   products that land on the same C matrix are added (this is how backward reduces the
 *   gradient of a broadcast operand without materializing the broadcast).
 */
export interface GemmBatch {
  shape: Shape;
  aStrides: readonly number[];
  bStrides: readonly number[];
  cStrides: readonly number[];
}

/**
 * One batched product C = op(A) · op(B) with op(A): [m, k], op(B): [k, n], C: [m, n].
 * Every matrix is contiguous row-major: A is stored [m, k], or [k, m] when `transA`
 * (so op(A) = Aᵀ reads it transposed in place); B is stored [k, n], or [n, k] when `transB`.
 */
export interface GemmSpec {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  batch: GemmBatch;
}

/**
 * Number of elements of C: m·n per distinct C matrix, i.e. m·n times the product of the batch
 * sizes along the dims that are not summed (cStrides ≠ 0).
 * @example gemmOutLength({ m: 2, n: 3, k: 4, transA: false, transB: false,
 *   batch: { shape: [5], aStrides: [8], bStrides: [0], cStrides: [6] } }) // 30
 */
export function gemmOutLength(spec: GemmSpec): number {
  const { shape, cStrides } = spec.batch;
  let count = 1;
  for (let d = 0; d < shape.length; d++) if (cStrides[d] !== 0) count *= shape[d] as number;
  return count * spec.m * spec.n;
}

export interface MatmulKernels {
  /**
   * Batched GEMM as described by `spec`; `a` and `b` have the same array type and the result
   * (length `gemmOutLength(spec)`) is a new array of that type. Accumulates in at least the
   * input's precision (the JS reference uses float64, rounding once per output element).
   */
  gemm(a: TypedArray, b: TypedArray, spec: GemmSpec): TypedArray;
  /**
   * A plain product (no batch dims) plus a bias row: C[i, j] = (op(A)·op(B))[i, j] + bias[j], with
   * the product rounded first and the bias added after, so exactly `gemm` followed by `add`. What
   * `linear` (x·Wᵀ + b) runs; a backend can add the bias while C is still in its memory.
   * `bias` has n elements and the type of `a` and `b`. With `relu`, C is then max(C, 0) as the
   * `relu` kernel computes it (a Linear followed by ReLU: one pass, one array).
   */
  addmm(bias: TypedArray, a: TypedArray, b: TypedArray, spec: GemmSpec, relu?: boolean): TypedArray;
  /**
   * The gradients of `linear` (y = x·Wᵀ + b, x [m, inF], W [outF, inF]) from g = dL/dy [m, outF]:
   * dx = g·W [m, inF], dW = gᵀ·x [outF, inF] and db = Σ over rows of g [outF], each exactly what
   * `gemm` and the reduce kernels' `sum` give; only the wanted ones (null otherwise). With `y`
   * (the output of a linear followed by ReLU), g is first zeroed where y ≤ 0, exactly as
   * `reluGrad`. A backend can copy g in once for all three.
   */
  linearBackward(g: TypedArray, x: TypedArray, w: TypedArray, y: TypedArray | null, dims: LinearDims): LinearGrads;
}

/** The sizes of a `linearBackward` call and which gradients it wants. */
export interface LinearDims {
  m: number;
  inF: number;
  outF: number;
  dx: boolean;
  dw: boolean;
  db: boolean;
}

/** What `linearBackward` returns: each gradient, or null where it was not wanted. */
export interface LinearGrads {
  dx: TypedArray | null;
  dw: TypedArray | null;
  db: TypedArray | null;
}

/**
 * The spec of one plain (unbatched) product op(A)·op(B): [m, k]·[k, n].
 * @example plainSpec(64, 256, 784, false, true) // x·Wᵀ of a Linear(784 → 256) on 64 rows
 */
export function plainSpec(m: number, n: number, k: number, transA: boolean, transB: boolean): GemmSpec {
  return { m, n, k, transA, transB, batch: NO_BATCH };
}

/** The batch of a plain matrix product (2-D operands): none. Shared and frozen, as kernels only read it. */
export const NO_BATCH: GemmBatch = Object.freeze({ shape: [], aStrides: [], bStrides: [], cStrides: [] });

/**
 * The specs of linear's backward products: dx = g·W ([m, outF]·[outF, inF]) and dW = gᵀ·x
 * ([outF, m]·[m, inF], g read transposed in place).
 * @example linearBackwardSpecs({ m: 64, inF: 784, outF: 256, dx: false, dw: true, db: true }).dw.k // 64
 */
export function linearBackwardSpecs({ m, inF, outF }: LinearDims): { dx: GemmSpec; dw: GemmSpec } {
  return { dx: plainSpec(m, inF, outF, false, false), dw: plainSpec(outF, inF, m, true, false) };
}
