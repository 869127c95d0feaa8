/**
 * The WASM backend's max pooling: the JS side of assembly/pooling.ts. The CNN case (2×2 windows,
 * stride 2, no padding, full windows) runs in WASM SIMD, branch-free: the reference's comparisons
 * branch on the data, which random activations mispredict about half the time. Its gradient (any
 * geometry) runs there too. Both give exactly the reference's values and indices; float64 planes,
 * other windows and arrays too small to repay the copies use the JS reference.
 */
import type { FloatArray } from '../../dtype.js';
import { jsPool } from '../js/pool.js';
import type { MaxPoolResult, PoolKernels, WindowGeometry } from '../kernels/pool.js';
import type { WasmRuntime } from './module.js';

/** Outputs below this count pool in JS: the call and copies cost more than they save. */
export const WASM_MIN_POOL = 64;

/**
 * The 2×2, stride-2 pooling with every window inside the plane (the reference's fast path too).
 * @example is2x2(geo) // true for W3's pools
 */
export function is2x2(g: WindowGeometry): boolean {
  const { kH, kW, sH, sW, pH, pW, dH, dW } = g;
  const shape = kH === 2 && kW === 2 && sH === 2 && sW === 2 && pH === 0 && pW === 0 && dH === 1 && dW === 1;
  return shape && 2 * g.outH <= g.inH && 2 * g.outW <= g.inW;
}

/**
 * maxPool2d and its gradient over `rt`'s memory, falling back to the JS reference where WASM cannot help.
 * @example createPooling(runtime).maxPool2d(x, geo) // { out, indices }, as jsPool.maxPool2d
 */
export function createPooling(rt: WasmRuntime): Pick<PoolKernels, 'maxPool2d' | 'maxPool2dBackward'> {
  return {
    maxPool2d(x: FloatArray, geo: WindowGeometry): MaxPoolResult {
      const { planes, inH, inW, outH, outW } = geo;
      const outs = planes * outH * outW;
      const fits = x instanceof Float32Array && outs >= WASM_MIN_POOL && is2x2(geo);
      const at = fits ? rt.operands([x.length * 4, outs * 4, outs * 4]) : null;
      if (at === null) return jsPool.maxPool2d(x, geo);
      const [xAt, outAt, idxAt] = at as [number, number, number];
      rt.f32.set(x, xAt >> 2);
      rt.exports.maxPool2x2(xAt, outAt, idxAt, planes, inH, inW, outH, outW);
      return {
        out: rt.f32.slice(outAt >> 2, (outAt >> 2) + outs),
        indices: rt.i32.slice(idxAt >> 2, (idxAt >> 2) + outs),
      };
    },
    maxPool2dBackward(grad: FloatArray, indices: Int32Array, geo: WindowGeometry): FloatArray {
      const { planes, inH, inW } = geo;
      const inPlane = inH * inW;
      const fits = grad instanceof Float32Array && grad.length >= WASM_MIN_POOL;
      const at = fits ? rt.operands([grad.length * 4, grad.length * 4, planes * inPlane * 4]) : null;
      if (at === null) return jsPool.maxPool2dBackward(grad, indices, geo);
      const [gAt, idxAt, dxAt] = at as [number, number, number];
      rt.f32.set(grad, gAt >> 2);
      rt.i32.set(indices, idxAt >> 2);
      rt.exports.maxPoolBackward(gAt, idxAt, dxAt, planes, inPlane, geo.outH * geo.outW);
      return rt.f32.slice(dxAt >> 2, (dxAt >> 2) + planes * inPlane);
    },
  };
}
