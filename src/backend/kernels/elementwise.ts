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

export interface ElementwiseKernels {
  add: BinaryKernel;
  sub: BinaryKernel;
  mul: BinaryKernel;
  div: BinaryKernel;
  neg: UnaryKernel;
  exp: UnaryKernel;
  log: UnaryKernel;
}
