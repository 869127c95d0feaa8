/** JS reference fused loss kernels: elementwise losses and input validation (classification: loss-classification.ts). */
import type { FloatArray } from '../../dtype.js';
import type { LossKernels } from '../kernels/loss.js';
import { like } from './broadcast.js';
import { jsClassificationLoss } from './loss-classification.js';

/** ln v, clamped below at −100 as PyTorch's binary_cross_entropy does (so ln 0 costs 100, not ∞). */
function clampedLog(v: number): number {
  return Math.max(Math.log(v), -100);
}

/** softplus(−x) = ln(1 + e^−x) = −ln σ(x), in the form that never overflows. */
function softplusNeg(x: number): number {
  return Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** σ(−x) = 1 − σ(x), computed without overflow for either sign. */
function sigmoidNeg(x: number): number {
  if (x >= 0) {
    const e = Math.exp(-x);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(x));
}

/** out[i] = f(i) into a new array of x's type. */
function map(x: FloatArray, f: (i: number) => number): FloatArray {
  const out = like(x, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(i);
  return out;
}

const at = (a: FloatArray, i: number) => a[i] as number;

export const jsLoss: LossKernels = {
  ...jsClassificationLoss,

  reduceLosses(losses, reduction, denominator) {
    let acc = 0; // float64, in order: sum()'s accumulation
    for (let i = 0; i < losses.length; i++) acc += losses[i] as number;
    const out = like(losses, 1);
    out[0] = acc; // rounded to the losses' type, as sum()'s output
    if (reduction === 'mean') out[0] = (out[0] as number) / (denominator[0] as number); // div()
    return out;
  },

  lossGrad(g, n, reduction, denominator, out) {
    // fill() rounds the quotient to g's type once, as div()'s output array does
    const scaled = reduction === 'mean' ? (g[0] as number) / (denominator[0] as number) : (g[0] as number);
    return (out ?? like(g, n)).fill(scaled);
  },

  findOutside(x, lo, hi) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (!(v >= lo && v <= hi)) return i; // written so that NaN is caught too
    }
    return -1;
  },

  smoothL1: (d, beta) =>
    map(d, (i) => {
      const a = Math.abs(at(d, i));
      return a < beta ? (0.5 * a * a) / beta : a - 0.5 * beta;
    }),
  smoothL1Backward: (d, grad, beta) =>
    map(d, (i) => {
      const v = at(d, i);
      return at(grad, i) * (Math.abs(v) < beta ? v / beta : Math.sign(v));
    }),

  binaryCrossEntropy: (p, y) =>
    map(p, (i) => {
      const pi = at(p, i);
      const yi = at(y, i);
      return -(yi * clampedLog(pi) + (1 - yi) * clampedLog(1 - pi));
    }),
  binaryCrossEntropyBackward(p, y, grad) {
    const input = map(p, (i) => {
      const pi = at(p, i);
      return (at(grad, i) * (pi - at(y, i))) / Math.max(pi * (1 - pi), 1e-12);
    });
    const target = map(p, (i) => at(grad, i) * (clampedLog(1 - at(p, i)) - clampedLog(at(p, i))));
    return { input, target };
  },

  binaryCrossEntropyWithLogits: (x, y, posWeight) =>
    map(x, (i) => {
      const xi = at(x, i);
      const yi = at(y, i);
      const l = posWeight === null ? 1 : 1 + (at(posWeight, i) - 1) * yi;
      return (1 - yi) * xi + l * softplusNeg(xi);
    }),
  binaryCrossEntropyWithLogitsBackward(x, y, posWeight, grad) {
    const pw = (i: number) => (posWeight === null ? 1 : at(posWeight, i));
    // L = (1 − y)x + l·softplus(−x):  dL/dx = (1 − y) − l·σ(−x),  dL/dy = −x + (pw − 1)·softplus(−x)
    const input = map(x, (i) => {
      const l = 1 + (pw(i) - 1) * at(y, i);
      return at(grad, i) * (1 - at(y, i) - l * sigmoidNeg(at(x, i)));
    });
    const target = map(x, (i) => at(grad, i) * (-at(x, i) + (pw(i) - 1) * softplusNeg(at(x, i))));
    const pwGrad = posWeight === null ? null : map(x, (i) => at(grad, i) * at(y, i) * softplusNeg(at(x, i)));
    return { input, target, posWeight: pwGrad };
  },

  klDiv: (x, t, logTarget) =>
    map(x, (i) => {
      const ti = at(t, i);
      if (logTarget) return Math.exp(ti) * (ti - at(x, i));
      return ti === 0 ? 0 : ti * (Math.log(ti) - at(x, i)); // xlogy: 0·ln 0 = 0
    }),
  klDivBackward(x, t, logTarget, grad) {
    const input = map(x, (i) => -at(grad, i) * (logTarget ? Math.exp(at(t, i)) : at(t, i)));
    const target = map(x, (i) => {
      const ti = at(t, i);
      if (logTarget) return at(grad, i) * Math.exp(ti) * (ti - at(x, i) + 1);
      return at(grad, i) * ((ti === 0 ? 0 : Math.log(ti) + 1) - at(x, i));
    });
    return { input, target };
  },
};
