/**
 * The WASM backend's activation kernels: the JS side of assembly/activation.ts. ReLU runs in
 * almost every network, twice per layer and step (forward and backward); in the JS loop the sign
 * test is a branch that random activations mispredict, in WASM SIMD a lane-wise max or mask, plus
 * the copy in and out (W5's profile: ReLU 24 % of training in JS before, see docs/PERFORMANCE.md).
 * Float64 arrays and arrays too small to repay the call use the JS reference, which gives the same values.
 */
import type { FloatArray } from '../../dtype.js';
import { jsActivation } from '../js/activation.js';
import type { ActivationKernels } from '../kernels/activation.js';
import type { WasmRuntime } from './module.js';

/** Arrays with fewer values stay in JS: below this the call and copies cost more. */
export const WASM_MIN_ACTIVATION = 256;

/**
 * ReLU and its gradient over `rt`'s memory, falling back to the JS reference where WASM cannot help.
 * @example createActivation(runtime).relu(Float32Array.of(-1, 2), undefined) // [0, 2]
 */
export function createActivation(rt: WasmRuntime): Pick<ActivationKernels, 'relu' | 'reluGrad'> {
  return {
    relu(x: FloatArray, params: undefined): FloatArray {
      const bytes = x.length * 4;
      const at = x instanceof Float32Array && x.length >= WASM_MIN_ACTIVATION ? rt.operands([bytes, bytes]) : null;
      if (at === null) return jsActivation.relu(x, params);
      const [xAt, outAt] = at as [number, number];
      rt.f32.set(x, xAt >> 2);
      rt.exports.relu(xAt, outAt, x.length);
      return rt.f32.slice(outAt >> 2, (outAt >> 2) + x.length);
    },
    reluGrad(x: FloatArray, y: FloatArray, g: FloatArray, params: undefined): FloatArray {
      const bytes = y.length * 4;
      const at =
        y instanceof Float32Array && y.length >= WASM_MIN_ACTIVATION ? rt.operands([bytes, bytes, bytes]) : null;
      if (at === null) return jsActivation.reluGrad(x, y, g, params);
      const [yAt, gAt, outAt] = at as [number, number, number];
      rt.f32.set(y, yAt >> 2);
      rt.f32.set(g, gAt >> 2);
      rt.exports.reluGrad(yAt, gAt, outAt, y.length);
      return rt.f32.slice(outAt >> 2, (outAt >> 2) + y.length);
    },
  };
}
