/**
 * The WASM backend's optimizer kernels: the JS side of assembly/optim.ts. A float32 parameter,
 * its gradient and its two moments are copied into the module's memory (typed-array copies cost
 * a fraction of the update's arithmetic, which SIMD does four lanes at a time in float32), updated
 * there, and param, m and v copied back. Float64 parameters, and parameters too small to repay
 * the call and copies (a bias), use the JS reference, which computes the same float32 bits.
 */
import type { FloatArray } from '../../dtype.js';
import { jsOptim } from '../js/optim.js';
import type { AdamScalars, OptimKernels } from '../kernels/optim.js';
import type { WasmRuntime } from './module.js';

/** Parameters with fewer values (a bias, a tiny layer) update in JS: there the call and four copies cost more than the loop. */
export const WASM_MIN_OPTIM = 32;

/**
 * Optimizer kernels over `rt`'s memory, falling back to the JS reference where WASM cannot help.
 * @example createOptim(runtime).adamStep(param, grad, m, v, scalars)
 */
export function createOptim(rt: WasmRuntime): OptimKernels {
  return {
    adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
      const n = param.length;
      const bytes = n * 4;
      const at =
        param instanceof Float32Array && n >= WASM_MIN_OPTIM ? rt.operands([bytes, bytes, bytes, bytes]) : null;
      if (at === null) {
        jsOptim.adamStep(param, grad, m, v, s);
        return;
      }
      const [pAt, gAt, mAt, vAt] = at as [number, number, number, number];
      const { f32 } = rt;
      f32.set(param, pAt >> 2);
      f32.set(grad, gAt >> 2);
      f32.set(m, mAt >> 2);
      f32.set(v, vAt >> 2);
      // the scalars in AdamScalars' order, rounded to float32 by the call
      rt.exports.adamStep(
        pAt,
        gAt,
        mAt,
        vAt,
        n,
        s.beta1,
        s.oneMinusBeta1,
        s.beta2,
        s.oneMinusBeta2,
        s.stepSize,
        s.bias2Sqrt,
        s.eps,
        s.gradScale,
        s.l2,
        s.decay,
      );
      param.set(f32.subarray(pAt >> 2, (pAt >> 2) + n));
      m.set(f32.subarray(mAt >> 2, (mAt >> 2) + n));
      v.set(f32.subarray(vAt >> 2, (vAt >> 2) + n));
    },
  };
}
