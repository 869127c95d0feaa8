/**
 * Activation kernels: elementwise nonlinearities and softmax along an axis. Contract:
 * - inputs are contiguous row-major float arrays (ops reject other dtypes);
 * - the output is a new array of the input's type;
 * - every forward kernel `f` has a gradient kernel `fGrad` that maps the output gradient `g`
 *   (same shape and type as the output) to the input gradient, so each activation's backward is
 *   one fused pass; derivatives at kinks follow PyTorch (relu'(0) = 0, hardTanh' = 0 at its edges).
 */
import type { FloatArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

/** y[i] = f(x[i]; params). */
export type ActivationKernel<P = undefined> = (x: FloatArray, params: P) => FloatArray;
/** dx[i] = g[i] · f′(x[i]; params), given x, y = f(x) and g = dL/dy (all the same length). */
export type ActivationGradKernel<P = undefined> = (
  x: FloatArray,
  y: FloatArray,
  g: FloatArray,
  params: P,
) => FloatArray;
/** y = f(x) along `axis` (non-negative, < max(ndim, 1)) of a tensor of shape `shape`. */
export type AxisKernel = (x: FloatArray, shape: Shape, axis: number) => FloatArray;
/** dx from the forward output y and its gradient g, along `axis`. */
export type AxisGradKernel = (y: FloatArray, g: FloatArray, shape: Shape, axis: number) => FloatArray;

/** ELU family: y = scale · (x if x > 0 else α(eˣ − 1)); SELU is a fixed (α, scale). */
export interface EluParams {
  alpha: number;
  scale: number;
}
/** softplus(x) = log(1 + e^(βx)) / β, and x itself where βx > threshold. */
export interface SoftplusParams {
  beta: number;
  threshold: number;
}
/** hardTanh clamps to [minVal, maxVal]; relu6 is hardTanh on [0, 6]. */
export interface HardTanhParams {
  minVal: number;
  maxVal: number;
}
/** GELU: 'none' is the exact x·Φ(x), 'tanh' the tanh approximation. */
export type GeluApproximate = 'none' | 'tanh';

export interface ActivationKernels {
  sigmoid: ActivationKernel;
  sigmoidGrad: ActivationGradKernel;
  tanh: ActivationKernel;
  tanhGrad: ActivationGradKernel;
  relu: ActivationKernel;
  reluGrad: ActivationGradKernel;
  /** params: the negative slope. */
  leakyRelu: ActivationKernel<number>;
  leakyReluGrad: ActivationGradKernel<number>;
  elu: ActivationKernel<EluParams>;
  eluGrad: ActivationGradKernel<EluParams>;
  gelu: ActivationKernel<GeluApproximate>;
  geluGrad: ActivationGradKernel<GeluApproximate>;
  softplus: ActivationKernel<SoftplusParams>;
  softplusGrad: ActivationGradKernel<SoftplusParams>;
  softsign: ActivationKernel;
  softsignGrad: ActivationGradKernel;
  silu: ActivationKernel;
  siluGrad: ActivationGradKernel;
  mish: ActivationKernel;
  mishGrad: ActivationGradKernel;
  hardSigmoid: ActivationKernel;
  hardSigmoidGrad: ActivationGradKernel;
  hardTanh: ActivationKernel<HardTanhParams>;
  hardTanhGrad: ActivationGradKernel<HardTanhParams>;
  /** exp(x − max) / Σ exp(x − max) along the axis. */
  softmax: AxisKernel;
  /** y · (g − Σ g·y) along the axis, y = softmax(x). */
  softmaxGrad: AxisGradKernel;
  /** x − max − log Σ exp(x − max) along the axis. */
  logSoftmax: AxisKernel;
  /** g − exp(y) · Σ g along the axis, y = logSoftmax(x). */
  logSoftmaxGrad: AxisGradKernel;
}
