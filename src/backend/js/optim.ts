/**
 * The reference optimizer kernels (see kernels/optim.ts). Float32 arrays are updated with every
 * operation rounded to float32 (`Math.fround`), exactly the arithmetic of the WASM kernel, so
 * both backends give the same bits; float64 arrays in plain float64.
 */
import type { FloatArray } from '../../dtype.js';
import type { AdamScalars, OptimKernels } from '../kernels/optim.js';

const exact = (x: number) => x;

/**
 * Adam's update as written in AdamScalars, one rounding per operation.
 * @example adamStep(param, grad, m, v, scalars) // param, m and v updated in place
 */
function adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
  const r = param instanceof Float32Array ? Math.fround : exact;
  const [b1, c1, b2, c2] = [r(s.beta1), r(s.oneMinusBeta1), r(s.beta2), r(s.oneMinusBeta2)];
  const [stepSize, bias2Sqrt, eps] = [r(s.stepSize), r(s.bias2Sqrt), r(s.eps)];
  const [gradScale, l2, decay] = [r(s.gradScale), r(s.l2), r(s.decay)];
  for (let i = 0; i < param.length; i++) {
    const p = param[i] as number;
    const g = r(r((grad[i] as number) * gradScale) + r(l2 * p));
    const mi = r(r(b1 * (m[i] as number)) + r(c1 * g));
    const vi = r(r(b2 * (v[i] as number)) + r(r(c2 * g) * g));
    const denom = r(r(r(Math.sqrt(vi)) / bias2Sqrt) + eps);
    m[i] = mi;
    v[i] = vi;
    param[i] = r(r(p * decay) - r(r(stepSize * mi) / denom));
  }
}

export const jsOptim: OptimKernels = { adamStep };
