/** JS reference reduction kernels. */
import type { TypedArray } from '../../dtype.js';
import { numel, type Shape } from '../../shape.js';
import type { ReduceKernels } from '../kernels/reduce.js';
import { like } from './broadcast.js';

/**
 * Fold `x` over `axes` with `step(acc, v)` starting from `init`; returns the reduced values in
 * the order of the remaining dimensions. The input is viewed as [outer…, inner…] per position.
 */
export function reduceAxes(
  x: TypedArray,
  shape: Shape,
  axes: readonly number[],
  init: number,
  step: (acc: number, v: number) => number,
  out: TypedArray = like(x, numel(shape.filter((_, i) => !axes.includes(i)))),
): TypedArray {
  const nd = shape.length;
  // Output strides for each input dimension (0 along reduced axes).
  const outStride = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (!axes.includes(d)) {
      outStride[d] = s;
      s *= shape[d] as number;
    }
  }
  const acc = new Float64Array(out.length).fill(init);
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    acc[o] = step(acc[o] as number, x[i] as number);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      o += outStride[d] as number;
      if ((idx[d] as number) < (shape[d] as number)) break;
      o -= (outStride[d] as number) * (shape[d] as number);
      idx[d] = 0;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = acc[i] as number;
  return out;
}

export const jsReduce: ReduceKernels = {
  // Accumulates in float64 so float32 sums of many terms keep their precision.
  sum: (x, shape, axes) => reduceAxes(x, shape, axes, 0, (a, v) => a + v),
};
