/**
 * The WASM backend's reductions: `sum` over the leading axes of a float32 array (a bias gradient:
 * the sum over all rows of an [R, C] gradient, e.g. an LSTM's [T·N, 4H] gate gradients) by the
 * module's `colSums`, which adds rows in float64 in the reference's order, so the same bits. Other
 * axes, float64 and small arrays use the JS reference.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { contiguousRun, jsReduce } from '../js/reduce.js';
import type { ReduceKernels } from '../kernels/reduce.js';
import type { WasmRuntime } from './module.js';

/** Arrays with fewer values are summed in JS: below this the call and the copy cost more. */
export const WASM_MIN_SUM = 4096;

/**
 * `sum` over `rt`'s memory where it helps, the JS reference elsewhere.
 * @example createReduce(runtime).sum(g, [1024, 128], [0]) // Float32Array(128): each column's sum
 */
export function createReduce(rt: WasmRuntime): Pick<ReduceKernels, 'sum'> {
  return {
    sum(x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
      const run = x instanceof Float32Array && x.length >= WASM_MIN_SUM ? contiguousRun(shape, axes) : null;
      // only a run of leading axes: the rows to add are then one [reduced, inner] matrix
      if (run === null || run.outer !== 1) return jsReduce.sum(x, shape, axes);
      const { reduced, inner } = run;
      // x, then inner float64 accumulators, then the inner results
      const at = rt.operands([x.length * 4, inner * 8, inner * 4]);
      if (at === null) return jsReduce.sum(x, shape, axes);
      const [xAt, accAt, outAt] = at as [number, number, number];
      rt.f32.set(x, xAt >> 2);
      rt.exports.colSums(xAt, reduced, inner, accAt, outAt);
      return rt.f32.slice(outAt >> 2, (outAt >> 2) + inner);
    },
  };
}
