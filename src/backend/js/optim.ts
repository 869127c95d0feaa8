/**
 * The reference optimizer kernels (see kernels/optim.ts). Float32 arrays are updated with every
 * operation rounded to float32 (`Math.fround`), exactly the arithmetic of the WASM kernel, so
 * both backends give the same bits; float64 arrays in plain float64.
 */
import type { FloatArray } from '../../dtype.js';
import type { AdamScalars, OptimKernels } from '../kernels/optim.js';
import { like } from './broadcast.js';

/**
 * Adam's update as written in AdamScalars, one rounding per operation.
 * @example adamStep(param, grad, m, v, scalars) // param, m and v updated in place
 */
function adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
  if (param instanceof Float32Array) adamFloat32(param, grad, m, v, s);
  else adamFloat64(param, grad, m, v, s);
}

/**
 * Float32: every operation rounded with Math.fround, written out: a rounding function passed in
 * as a value (to share one loop with float64) is a call V8 did not inline, many times slower.
 */
function adamFloat32(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
  const f = Math.fround;
  const b1 = f(s.beta1);
  const c1 = f(s.oneMinusBeta1);
  const b2 = f(s.beta2);
  const c2 = f(s.oneMinusBeta2);
  const stepSize = f(s.stepSize);
  const bias2Sqrt = f(s.bias2Sqrt);
  const eps = f(s.eps);
  const gradScale = f(s.gradScale);
  const l2 = f(s.l2);
  const decay = f(s.decay);
  for (let i = 0; i < param.length; i++) {
    const p = param[i] as number;
    const g = f(f((grad[i] as number) * gradScale) + f(l2 * p));
    const mi = f(f(b1 * (m[i] as number)) + f(c1 * g));
    const vi = f(f(b2 * (v[i] as number)) + f(f(c2 * g) * g));
    const denom = f(f(f(Math.sqrt(vi)) / bias2Sqrt) + eps);
    m[i] = mi;
    v[i] = vi;
    param[i] = f(f(p * decay) - f(f(stepSize * mi) / denom));
  }
}

/** Float64: the same formula in float64. */
function adamFloat64(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bias2Sqrt, eps, gradScale, l2, decay } = s;
  for (let i = 0; i < param.length; i++) {
    const p = param[i] as number;
    const g = (grad[i] as number) * gradScale + l2 * p;
    const mi = beta1 * (m[i] as number) + oneMinusBeta1 * g;
    const vi = beta2 * (v[i] as number) + oneMinusBeta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = p * decay - (stepSize * mi) / (Math.sqrt(vi) / bias2Sqrt + eps);
  }
}

/**
 * Optimizer state as a plain array of the parameter's type and length, zero-filled.
 * @example stateZeros(new Float32Array(3)) // Float32Array [0, 0, 0]
 */
function stateZeros(param: FloatArray): FloatArray {
  return like(param, param.length);
}

export const jsOptim: OptimKernels = { adamStep, stateZeros };
