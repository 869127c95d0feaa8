/** JS reference matmul kernels: the plain loops kept forever as the oracle. */

import { allocate, type FloatArray, type TypedArray } from '../../dtype.js';
import {
  type GemmSpec,
  gemmOutLength,
  type LinearDims,
  type LinearGrads,
  linearBackwardSpecs,
  type MatmulKernels,
} from '../kernels/matmul.js';
import { jsActivation } from './activation.js';
import { like } from './broadcast.js';
import { jsReduce } from './reduce.js';

/**
 * The textbook product per batch element, C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j], with the sum in
 * float64 (p ascending; also across summed batch dims) and one rounding to the output type at the end.
 */
function gemm(a: TypedArray, b: TypedArray, spec: GemmSpec): TypedArray {
  const { batch } = spec;
  const out = like(a, gemmOutLength(spec));
  const nd = batch.shape.length;
  if (nd === 0) {
    product(a, 0, b, 0, spec, out, 0, null); // a plain matrix product: the common case
    return out;
  }
  let count = 1;
  for (const d of batch.shape) count *= d;
  // When no batch dim is summed, every C element is one dot product: write it directly. Otherwise
  // add the products of all batch elements that land on it in a float64 accumulator first.
  const summed = batch.shape.some((size, d) => batch.cStrides[d] === 0 && size > 1);
  const acc = summed ? new Float64Array(out.length) : null;
  const idx = new Array<number>(nd).fill(0);
  let ao = 0;
  let bo = 0;
  let co = 0;
  for (let t = 0; t < count; t++) {
    product(a, ao, b, bo, spec, out, co, acc);
    // odometer increment of the batch index, moving the three matrix offsets with it
    for (let d = nd - 1; d >= 0; d--) {
      const size = batch.shape[d] as number;
      idx[d] = (idx[d] as number) + 1;
      ao += batch.aStrides[d] as number;
      bo += batch.bStrides[d] as number;
      co += batch.cStrides[d] as number;
      if ((idx[d] as number) < size) break;
      idx[d] = 0;
      ao -= (batch.aStrides[d] as number) * size;
      bo -= (batch.bStrides[d] as number) * size;
      co -= (batch.cStrides[d] as number) * size;
    }
  }
  if (acc !== null) for (let i = 0; i < acc.length; i++) out[i] = acc[i] as number;
  return out;
}

/**
 * One m×n product at offsets ao, bo of A and B into C at co: written to `out`, or added to `acc`.
 * Every entry is the same float64 sum, term by term, p = 0, 1, …, k − 1; each layout of B has its
 * own (small) loop, so that the inner loop reads memory in order.
 */
function product(
  a: TypedArray,
  ao: number,
  b: TypedArray,
  bo: number,
  spec: GemmSpec,
  out: TypedArray,
  co: number,
  acc: Float64Array | null,
): void {
  if (spec.transB) dotProducts(a, ao, b, bo, spec, out, co, acc);
  else rowProducts(a, ao, b, bo, spec, out, co, acc);
}

/** B stored [n, k]: row j of B is contiguous, so each entry is a plain dot product. */
function dotProducts(
  a: TypedArray,
  ao: number,
  b: TypedArray,
  bo: number,
  { m, n, k, transA }: GemmSpec,
  out: TypedArray,
  co: number,
  acc: Float64Array | null,
): void {
  const sa = transA ? m : 1; // step of p along a row of op(A)
  for (let i = 0; i < m; i++) {
    const ai = ao + (transA ? i : i * k);
    for (let j = 0; j < n; j++) {
      const bj = bo + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += (a[ai + p * sa] as number) * (b[bj + p] as number);
      const at = co + i * n + j;
      if (acc === null) out[at] = s;
      else acc[at] = (acc[at] as number) + s;
    }
  }
}

/** B stored [k, n]: add op(A)[i][p] times row p of B into a float64 row, for p = 0, 1, … */
function rowProducts(
  a: TypedArray,
  ao: number,
  b: TypedArray,
  bo: number,
  { m, n, k, transA }: GemmSpec,
  out: TypedArray,
  co: number,
  acc: Float64Array | null,
): void {
  const row = allocate('float64', n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const av = (transA ? a[ao + p * m + i] : a[ao + i * k + p]) as number;
      const bp = bo + p * n;
      for (let j = 0; j < n; j++) row[j] = (row[j] as number) + av * (b[bp + j] as number);
    }
    const at = co + i * n;
    if (acc === null) for (let j = 0; j < n; j++) out[at + j] = row[j] as number;
    else for (let j = 0; j < n; j++) acc[at + j] = (acc[at + j] as number) + (row[j] as number);
  }
}

/**
 * C + bias in place, bias [n] added to every row of C [rows, n] (one rounding to C's type each).
 * @example addRowBias(Float32Array.of(1, 2, 3, 4), Float32Array.of(10, 20), 2) // [11, 22, 13, 24]
 */
export function addRowBias<T extends TypedArray>(c: T, bias: TypedArray, n: number): T {
  for (let i = 0; i < c.length; i += n)
    for (let j = 0; j < n; j++) c[i + j] = (c[i + j] as number) + (bias[j] as number);
  return c;
}

/** The product, then the bias on every row: `gemm` followed by `add`, the same roundings; then ReLU if asked. */
function addmm(bias: TypedArray, a: TypedArray, b: TypedArray, spec: GemmSpec, relu = false): TypedArray {
  const c = addRowBias(gemm(a, b, spec), bias, spec.n);
  return relu ? jsActivation.relu(c as FloatArray, undefined) : c;
}

/**
 * linear's gradients (see `MatmulKernels.linearBackward`) from the given kernels: g masked by
 * `reluGrad` where `y` is given, then `gemm` for dx and dW and `sum` over rows for db. Backends
 * call it for the cases they do not fuse, so that both paths give the same bits.
 * @example linearBackwardFrom(jsMatmul.gemm, g, x, w, null, { m: 2, inF: 3, outF: 4, dx: true, dw: true, db: true })
 */
export function linearBackwardFrom(
  gemmOf: MatmulKernels['gemm'],
  g: TypedArray,
  x: TypedArray,
  w: TypedArray,
  y: TypedArray | null,
  dims: LinearDims,
): LinearGrads {
  const gm = y === null ? g : jsActivation.reluGrad(y as FloatArray, y as FloatArray, g as FloatArray, undefined);
  const specs = linearBackwardSpecs(dims);
  return {
    dx: dims.dx ? gemmOf(gm, w, specs.dx) : null,
    dw: dims.dw ? gemmOf(gm, x, specs.dw) : null,
    db: dims.db ? jsReduce.sum(gm, [dims.m, dims.outF], [0]) : null,
  };
}

export const jsMatmul: MatmulKernels = {
  gemm,
  addmm,
  linearBackward: (g, x, w, y, dims) => linearBackwardFrom(gemm, g, x, w, y, dims),
};
