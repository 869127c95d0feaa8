/**
 * JS reference softmax kernels along one axis. A tensor of shape [..., n, ...] is walked lane by
 * lane: each lane is the n values that share every index but the axis one, `stride` apart.
 * The max of each lane is subtracted before exponentiating, so inputs of any size (±1000)
 * neither overflow nor underflow to 0/0.
 */
import type { FloatArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import type { ActivationKernels, AxisGradKernel, AxisKernel } from '../kernels/activation.js';
import { like } from './broadcast.js';

type Lane = (base: number, stride: number, n: number) => void;

/** Call `fn` once per lane along `axis`: elements base, base + stride, …, base + (n−1)·stride. */
function forEachLane(shape: Shape, axis: number, fn: Lane): void {
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d] as number;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d] as number;
  const n = shape[axis] as number;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) fn(o * n * inner + i, inner, n);
  }
}

/** max of a lane (−inf for an empty lane; NaN if any element is NaN). */
function laneMax(x: FloatArray, base: number, stride: number, n: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const v = x[base + j * stride] as number;
    if (Number.isNaN(v)) return v;
    if (v > max) max = v;
  }
  return max;
}

/** Σ of a lane (of a·b when b is given), accumulated in float64. */
function laneSum(a: FloatArray, base: number, stride: number, n: number, b?: FloatArray): number {
  let s = 0;
  for (let j = 0; j < n; j++) {
    const k = base + j * stride;
    s += b === undefined ? (a[k] as number) : (a[k] as number) * (b[k] as number);
  }
  return s;
}

const softmax: AxisKernel = (x, shape, axis) => {
  const out = like(x, x.length);
  const e = new Float64Array(shape[axis] as number); // exps of one lane, kept in float64
  forEachLane(shape, axis, (base, stride, n) => {
    const max = laneMax(x, base, stride, n);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      e[j] = Math.exp((x[base + j * stride] as number) - max);
      sum += e[j] as number;
    }
    for (let j = 0; j < n; j++) out[base + j * stride] = (e[j] as number) / sum;
  });
  return out;
};

const logSoftmax: AxisKernel = (x, shape, axis) => {
  const out = like(x, x.length);
  forEachLane(shape, axis, (base, stride, n) => {
    const max = laneMax(x, base, stride, n);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp((x[base + j * stride] as number) - max);
    const logSum = Math.log(sum);
    for (let j = 0; j < n; j++) out[base + j * stride] = (x[base + j * stride] as number) - max - logSum;
  });
  return out;
};

// dx = y ⊙ (g − Σ g·y): the Jacobian of softmax is diag(y) − y yᵀ.
const softmaxGrad: AxisGradKernel = (y, g, shape, axis) => {
  const out = like(y, y.length);
  forEachLane(shape, axis, (base, stride, n) => {
    const dot = laneSum(g, base, stride, n, y);
    for (let j = 0; j < n; j++) {
      const k = base + j * stride;
      out[k] = (y[k] as number) * ((g[k] as number) - dot);
    }
  });
  return out;
};

// dx = g − softmax(x) · Σ g, with softmax(x) = exp(y).
const logSoftmaxGrad: AxisGradKernel = (y, g, shape, axis) => {
  const out = like(y, y.length);
  forEachLane(shape, axis, (base, stride, n) => {
    const total = laneSum(g, base, stride, n);
    for (let j = 0; j < n; j++) {
      const k = base + j * stride;
      out[k] = (g[k] as number) - Math.exp(y[k] as number) * total;
    }
  });
  return out;
};

/** The JS reference softmax kernels, spread into `jsActivation`. */
export const jsSoftmax: Pick<ActivationKernels, 'softmax' | 'softmaxGrad' | 'logSoftmax' | 'logSoftmaxGrad'> = {
  softmax,
  softmaxGrad,
  logSoftmax,
  logSoftmaxGrad,
};
