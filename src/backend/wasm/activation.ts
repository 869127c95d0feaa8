/**
 * The WASM backend's activation kernels: the JS side of assembly/activation.ts. ReLU runs in
 * almost every network, twice per layer and step (forward and backward); in JS its loop costs
 * about a nanosecond or more per value (the sign test is an unpredictable branch), in WASM SIMD a
 * small fraction of that, plus the copy in and out. Float64 arrays and arrays too small to repay
 * the call use the JS reference, which gives the same values.
 */
import type { FloatArray } from '../../dtype.js';
import { jsActivation } from '../js/activation.js';
import type { ActivationKernels } from '../kernels/activation.js';
import { OPERANDS, type WasmRuntime } from './module.js';

/** Arrays with fewer values stay in JS: below this the call and copies cost more. */
export const WASM_MIN_ACTIVATION = 256;

const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

/**
 * ReLU and its gradient over `rt`'s memory, falling back to the JS reference where WASM cannot help.
 * @example createActivation(runtime).relu(Float32Array.of(-1, 2), undefined) // [0, 2]
 */
export function createActivation(rt: WasmRuntime): Pick<ActivationKernels, 'relu' | 'reluGrad'> {
  /** Byte offsets of `count` operands of n float32 values each, or null when memory is short. */
  const operands = (n: number, count: number): number[] | null => {
    const bytes = align(n * 4);
    if (!rt.reserve(OPERANDS + count * bytes)) return null;
    return Array.from({ length: count }, (_, i) => rt.base + OPERANDS + i * bytes);
  };
  return {
    relu(x: FloatArray, params: undefined): FloatArray {
      const at = x instanceof Float32Array && x.length >= WASM_MIN_ACTIVATION ? operands(x.length, 2) : null;
      if (at === null) return jsActivation.relu(x, params);
      const [xAt, outAt] = at as [number, number];
      rt.f32.set(x, xAt >> 2);
      rt.exports.relu(xAt, outAt, x.length);
      return rt.f32.slice(outAt >> 2, (outAt >> 2) + x.length);
    },
    reluGrad(x: FloatArray, y: FloatArray, g: FloatArray, params: undefined): FloatArray {
      const at = y instanceof Float32Array && y.length >= WASM_MIN_ACTIVATION ? operands(y.length, 3) : null;
      if (at === null) return jsActivation.reluGrad(x, y, g, params);
      const [yAt, gAt, outAt] = at as [number, number, number];
      rt.f32.set(y, yAt >> 2);
      rt.f32.set(g, gAt >> 2);
      rt.exports.reluGrad(yAt, gAt, outAt, y.length);
      return rt.f32.slice(outAt >> 2, (outAt >> 2) + y.length);
    },
  };
}
