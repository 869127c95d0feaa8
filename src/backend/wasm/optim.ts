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
import { OPERANDS, type WasmRuntime } from './module.js';

/** Parameters with fewer values update in JS (measured: the WASM call broke even between 16 and 64 values). */
export const WASM_MIN_OPTIM = 32;

const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

/**
 * Optimizer kernels over `rt`'s memory, falling back to the JS reference where WASM cannot help.
 * @example createOptim(runtime).adamStep(param, grad, m, v, scalars)
 */
export function createOptim(rt: WasmRuntime): OptimKernels {
  return {
    adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
      const n = param.length;
      const bytes = align(n * 4);
      if (!(param instanceof Float32Array) || n < WASM_MIN_OPTIM || !rt.reserve(OPERANDS + 4 * bytes)) {
        jsOptim.adamStep(param, grad, m, v, s);
        return;
      }
      const { base, f32 } = rt;
      const pAt = base + OPERANDS;
      const gAt = pAt + bytes;
      const mAt = gAt + bytes;
      const vAt = mAt + bytes;
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
