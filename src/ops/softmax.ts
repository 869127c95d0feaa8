/**
 * softmax and logSoftmax along one axis: primitives whose kernels subtract the max of each lane
 * before exponentiating (stable at inputs of ±1000), with fused backward kernels.
 */

import type { Kernels } from '../backend/backend.js';
import { kernels } from '../backend/backend.js';
import type { AxisGradKernel, AxisKernel } from '../backend/kernels/activation.js';
import type { FloatArray } from '../dtype.js';
import { normalizeAxis, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';

interface AxisParams {
  /** The shape the kernels see: a scalar is treated as [1]. */
  shape: Shape;
  axis: number;
}

/** Build an op along one axis from its kernel pair: y = f(x), dx = fGrad(y, g). */
function axisOp(name: string, forward: (k: Kernels) => AxisKernel, gradient: (k: Kernels) => AxisGradKernel) {
  const op = defineOp<[Tensor], AxisParams>({
    name,
    forward: (k, [x], { shape, axis }) => ({ data: forward(k)(x.data as FloatArray, shape, axis), shape: x.shape }),
    backward: (g, { inputs: [x], out, params: { shape, axis } }) => {
      return [new Tensor(gradient(kernels())(out.data as FloatArray, g.data as FloatArray, shape, axis), x.shape)];
    },
  });
  return (x: Tensor, axis: number) => {
    expectFloat(name, x);
    // A scalar has one implicit axis (PyTorch accepts dim 0 or -1 for 0-d tensors).
    const shape = x.ndim === 0 ? [1] : x.shape;
    return op([x], { shape, axis: normalizeAxis(axis, shape.length, name) });
  };
}

const softmaxOp = axisOp(
  'softmax',
  (k) => k.softmax,
  (k) => k.softmaxGrad,
);
const logSoftmaxOp = axisOp(
  'logSoftmax',
  (k) => k.logSoftmax,
  (k) => k.logSoftmaxGrad,
);

/**
 * Softmax along `axis`: yᵢ = exp(xᵢ) / Σⱼ exp(xⱼ), turning scores (logits) into probabilities
 * that are positive and sum to 1 along the axis. Computed as exp(x − max) / Σ exp(x − max), so
 * large scores do not overflow. Same shape as `x`; float tensors only.
 * Backward: dx = y ⊙ (g − Σ g ⊙ y).
 * @throws ValueError when `axis` is out of range.
 * @example softmax(tensor([[1, 2, 3]])) // [[0.0900, 0.2447, 0.6652]]
 * @example softmax(tensor([[1, 2], [3, 4]]), 0) // [[0.1192, 0.1192], [0.8808, 0.8808]]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return softmaxOp(x, axis);
}

/**
 * Log-softmax along `axis`: yᵢ = xᵢ − log Σⱼ exp(xⱼ), computed as x − max − log Σ exp(x − max):
 * finite wherever softmax would underflow to 0 (use it, not log(softmax(x)), for losses).
 * Same shape as `x`; float tensors only. Backward: dx = g − exp(y) · Σ g.
 * @throws ValueError when `axis` is out of range.
 * @example logSoftmax(tensor([0, 1000])) // [-1000, 0]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return logSoftmaxOp(x, axis);
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `softmax()`. */ softmax(axis?: number): Tensor;
    /** See `logSoftmax()`. */ logSoftmax(axis?: number): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  softmax(this: Tensor, axis?: number) {
    return softmax(this, axis);
  },
  logSoftmax(this: Tensor, axis?: number) {
    return logSoftmax(this, axis);
  },
});
