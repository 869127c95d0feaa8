/**
 * JS reference activation kernels: each activation is a scalar formula `f(x)` and its
 * derivative written as `g · f′(x)` (using the output y where that is cheaper), mapped over the
 * array. Formulas are arranged so that no input, however large, overflows (|x| = 1000 included).
 * Softmax kernels live in ./softmax.ts.
 */
import type { FloatArray } from '../../dtype.js';
import type { ActivationGradKernel, ActivationKernel, ActivationKernels } from '../kernels/activation.js';
import { like } from './broadcast.js';
import { erfc } from './erf.js';
import { jsSoftmax } from './softmax.js';

/** Apply a scalar formula elementwise. */
function map<P>(f: (x: number, params: P) => number): ActivationKernel<P> {
  return (x: FloatArray, params: P) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number, params);
    return out;
  };
}

/** Apply a scalar gradient formula dx = df(g, x, y) elementwise. */
function grad<P>(df: (g: number, x: number, y: number, params: P) => number): ActivationGradKernel<P> {
  return (x: FloatArray, y: FloatArray, g: FloatArray, params: P) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) out[i] = df(g[i] as number, x[i] as number, y[i] as number, params);
    return out;
  };
}

/**
 * σ(x) = 1 / (1 + e^(−x)); the exponent is never positive, so it cannot overflow. Shared with the
 * recurrent-cell kernels, whose gates must match the `sigmoid` kernel.
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + eˣ) = max(x, 0) + log(1 + e^(−|x|)): no overflow, no loss of the small tail. */
function softplus1(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_KAPPA = 0.044715;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(x), the standard normal CDF, via erfc so that the far negative tail keeps its precision. */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The JS reference implementation of every activation kernel (softmax ones included). */
export const jsActivation: ActivationKernels = {
  // sigmoid and tanh (the gates of every LSTM/GRU step) are written out as loops too: through the
  // shared `map`/`grad` the call per element is megamorphic, so V8 does not inline it.
  sigmoid: (x) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) out[i] = sigmoid(x[i] as number);
    return out;
  },
  sigmoidGrad: (x, y, g) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) {
      const v = y[i] as number;
      out[i] = (g[i] as number) * v * (1 - v);
    }
    return out;
  },

  tanh: (x) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i] as number);
    return out;
  },
  tanhGrad: (x, y, g) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) {
      const v = y[i] as number;
      out[i] = (g[i] as number) * (1 - v * v);
    }
    return out;
  },

  // NaN propagates, as in PyTorch. The derivative at 0 is 0 (PyTorch tests the output > 0).
  // Written out as loops (no call per element): relu runs in almost every network.
  relu: (x) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      out[i] = Number.isNaN(v) || v > 0 ? v : 0;
    }
    return out;
  },
  reluGrad: (x, y, g) => {
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) out[i] = (y[i] as number) > 0 ? (g[i] as number) : 0;
    return out;
  },

  // At 0 the derivative is the negative slope, as PyTorch (x > 0 ? 1 : slope).
  leakyRelu: map((x, slope) => (x > 0 ? x : x * slope)),
  leakyReluGrad: grad((g, x, _y, slope) => (x > 0 ? g : g * slope)),

  // expm1 keeps relative precision near 0; at 0 the derivative is scale·α (PyTorch's x ≤ 0 branch).
  elu: map((x, { alpha, scale }) => (x > 0 ? scale * x : scale * alpha * Math.expm1(x))),
  eluGrad: grad((g, x, _y, { alpha, scale }) => (x > 0 ? g * scale : g * scale * alpha * Math.exp(x))),

  gelu: map((x, approximate) =>
    approximate === 'tanh'
      ? 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_KAPPA * x * x * x)))
      : x * normalCdf(x),
  ),
  geluGrad: grad((g, x, _y, approximate) => {
    if (approximate === 'tanh') {
      // d/dx ½x(1 + tanh u) = ½(1 + tanh u) + ½x(1 − tanh² u)·u′, u = √(2/π)(x + κx³)
      const t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_KAPPA * x * x * x));
      const du = SQRT_2_OVER_PI * (1 + 3 * GELU_KAPPA * x * x);
      return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du);
    }
    // d/dx xΦ(x) = Φ(x) + xφ(x)
    return g * (normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
  }),

  // Linear where βx > threshold, exactly as PyTorch (its output switches there).
  softplus: map((x, { beta, threshold }) => (x * beta > threshold ? x : softplus1(x * beta) / beta)),
  softplusGrad: grad((g, x, _y, { beta, threshold }) => (x * beta > threshold ? g : g * sigmoid(x * beta))),

  softsign: map((x) => x / (1 + Math.abs(x))),
  softsignGrad: grad((g, x) => g / ((1 + Math.abs(x)) * (1 + Math.abs(x)))),

  silu: map((x) => x * sigmoid(x)),
  // d/dx xσ(x) = σ(x)(1 + x(1 − σ(x)))
  siluGrad: grad((g, x) => {
    const s = sigmoid(x);
    return g * s * (1 + x * (1 - s));
  }),

  mish: map((x) => x * Math.tanh(softplus1(x))),
  // d/dx x·tanh(sp(x)) = tanh(sp(x)) + x·σ(x)·(1 − tanh²(sp(x))), since sp′ = σ
  mishGrad: grad((g, x) => {
    const t = Math.tanh(softplus1(x));
    return g * (t + x * sigmoid(x) * (1 - t * t));
  }),

  // relu6(x + 3) / 6; the derivative is 1/6 strictly inside (−3, 3) and 0 at the edges, as PyTorch.
  hardSigmoid: map((x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5)),
  hardSigmoidGrad: grad((g, x) => (x > -3 && x < 3 ? g / 6 : 0)),

  // Math.max/min pass NaN through, as PyTorch. Derivative 0 at the edges, as PyTorch.
  hardTanh: map((x, { minVal, maxVal }) => Math.min(Math.max(x, minVal), maxVal)),
  hardTanhGrad: grad((g, x, _y, { minVal, maxVal }) => (x <= minVal || x >= maxVal ? 0 : g)),

  ...jsSoftmax,
};
