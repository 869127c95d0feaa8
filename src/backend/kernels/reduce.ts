/**
 * Reduction kernels. `axes` are sorted, non-negative and unique; the output has the shape of the
 * input with those axes removed (ops reshape for keepDims), in the input's array type.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

export type ReduceKernel = (x: TypedArray, shape: Shape, axes: readonly number[]) => TypedArray;

export interface ReduceKernels {
  sum: ReduceKernel;
}
