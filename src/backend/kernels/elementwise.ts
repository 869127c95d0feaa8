/**
 * Elementwise kernels. Contract for every kernel here:
 * - inputs are contiguous row-major arrays; binary inputs have the SAME dtype (ops cast first);
 * - the output is a new array of the input's type (comparisons: Uint8Array of 0/1);
 * - binary kernels broadcast `a` (shape aShape) and `b` (shape bShape) to `outShape`.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

/** y[i] = f(x[i]), output of the same array type as x. */
export type UnaryKernel = (x: TypedArray) => TypedArray;
/** out = f(broadcast(a), broadcast(b)), output of the same array type as a. */
export type BinaryKernel = (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape) => TypedArray;
/** out = a ⋈ b as 0/1 in a Uint8Array. */
export type CompareKernel = (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape) => Uint8Array;
/** Keep one triangle of every matrix in the last two dims of `x` (shape `shape`), zero the rest. */
export type TriangleKernel = (x: TypedArray, shape: Shape, diagonal: number) => TypedArray;

export interface ElementwiseKernels {
  add: BinaryKernel;
  sub: BinaryKernel;
  mul: BinaryKernel;
  div: BinaryKernel;
  /** aᵇ (Math.pow; integer arrays truncate the result, as PyTorch's integer pow). */
  pow: BinaryKernel;
  /** max(a, b); NaN if either is NaN. */
  maximum: BinaryKernel;
  /** min(a, b); NaN if either is NaN. */
  minimum: BinaryKernel;
  neg: UnaryKernel;
  exp: UnaryKernel;
  log: UnaryKernel;
  sqrt: UnaryKernel;
  abs: UnaryKernel;
  /** −1, 0 or +1 (NaN stays NaN). */
  sign: UnaryKernel;
  /** min(max(x, min), max): NaN stays NaN; min > max gives max everywhere (as PyTorch). */
  clamp(x: TypedArray, min: number, max: number): TypedArray;
  eq: CompareKernel;
  ne: CompareKernel;
  lt: CompareKernel;
  le: CompareKernel;
  gt: CompareKernel;
  ge: CompareKernel;
  /**
   * out = cond ? a : b with `cond` (Uint8Array), `a` and `b` broadcast to `outShape`;
   * `a` and `b` have the same type, which the output takes.
   */
  where(
    cond: Uint8Array,
    condShape: Shape,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    outShape: Shape,
  ): TypedArray;
  /** Lower triangle: keeps x[…, i, j] where j − i ≤ diagonal. */
  tril: TriangleKernel;
  /** Upper triangle: keeps x[…, i, j] where j − i ≥ diagonal. */
  triu: TriangleKernel;
}
