/**
 * Reduction kernels. `axes` are sorted, non-negative and unique; the output has the shape of the
 * input with those axes removed (ops reshape for keepDims), in the input's array type unless a
 * kernel says otherwise. Reduced axes are never empty for max/min/argmax/argmin (ops check).
 * NaN counts as the extreme for max, min, argmax and argmin (it propagates, as in PyTorch).
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

export type ReduceKernel = (x: TypedArray, shape: Shape, axes: readonly number[]) => TypedArray;

/** Index of the extreme along one axis (first one on ties), as an Int32Array of the reduced shape. */
export type ArgReduceKernel = (x: TypedArray, shape: Shape, axis: number) => Int32Array;

/** Variance or standard deviation over `axes` with divisor N − correction (two-pass, float64 sums). */
export type MomentKernel = (x: TypedArray, shape: Shape, axes: readonly number[], correction: number) => TypedArray;

export interface ReduceKernels {
  sum: ReduceKernel;
  /** Largest value per group (NaN if the group holds one). */
  max: ReduceKernel;
  /** Smallest value per group (NaN if the group holds one). */
  min: ReduceKernel;
  /**
   * Gradient weights of a max/min: `w[i] = 1 / t` where `x[i]` equals its group's `extreme`
   * (the reduced output, NaN matching NaN) and `t` is how many positions of the group do;
   * 0 elsewhere. Same shape and type as `x`; splits the gradient evenly among ties (torch.amax).
   */
  tieWeights: (x: TypedArray, shape: Shape, axes: readonly number[], extreme: TypedArray) => TypedArray;
  /** log Σ exp(x) per group, computed as m + log Σ exp(x − m) with m the group's max. */
  logSumExp: ReduceKernel;
  argmax: ArgReduceKernel;
  argmin: ArgReduceKernel;
  /** Σ (x − mean)² / (N − correction) per group. */
  variance: MomentKernel;
  /** √variance per group. */
  std: MomentKernel;
  /**
   * Fused backward of variance (`std` null) and std: with d = x − mean and D = N − correction,
   * dx = grad · 2d / D for variance, and grad · d / (D · std) for std (0 where std is 0, as PyTorch).
   * `grad` and `std` have the reduced shape; the result has x's shape and type.
   */
  momentBackward: (
    x: TypedArray,
    shape: Shape,
    axes: readonly number[],
    correction: number,
    grad: TypedArray,
    std: TypedArray | null,
  ) => TypedArray;
}
