/**
 * Activation functions: elementwise nonlinearities, each a primitive with a forward kernel and a
 * fused gradient kernel (`relu` / `reluGrad`, …). Float tensors only; float64 in → float64 out.
 * Derivatives at kinks follow PyTorch. softmax and logSoftmax live in ./softmax.ts.
 */
import { type Kernels, kernels } from '../backend/backend.js';
import type {
  ActivationGradKernel,
  ActivationKernel,
  EluParams,
  GeluApproximate,
  HardTanhParams,
  SoftplusParams,
} from '../backend/kernels/activation.js';
import type { FloatArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';

export type { GeluApproximate } from '../backend/kernels/activation.js';

/**
 * Build an activation from its kernel pair: forward y = f(x), backward dx = fGrad(x, y, g).
 * The backward is one fused kernel pass instead of a chain of ops.
 */
function activation<P>(
  name: string,
  forward: (k: Kernels) => ActivationKernel<P>,
  gradient: (k: Kernels) => ActivationGradKernel<P>,
): (x: Tensor, params: P) => Tensor {
  const op = defineOp<[Tensor], P>({
    name,
    forward: (k, [x], params) => ({ data: forward(k)(x.data as FloatArray, params), shape: x.shape }),
    backward: (g, { inputs: [x], out, params }) => {
      const dx = gradient(kernels())(x.data as FloatArray, out.data as FloatArray, g.data as FloatArray, params);
      return [new Tensor(dx, x.shape)];
    },
  });
  return (x: Tensor, params: P) => {
    expectFloat(name, x);
    return op([x], params);
  };
}

function expectFinite(op: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new ValueError(`${op}: ${name} must be a finite number, got ${value}`);
}

const sigmoidOp = activation(
  'sigmoid',
  (k) => k.sigmoid,
  (k) => k.sigmoidGrad,
);
const tanhOp = activation(
  'tanh',
  (k) => k.tanh,
  (k) => k.tanhGrad,
);
const reluOp = activation(
  'relu',
  (k) => k.relu,
  (k) => k.reluGrad,
);
const leakyReluOp = activation(
  'leakyRelu',
  (k) => k.leakyRelu,
  (k) => k.leakyReluGrad,
);
const eluOp = activation<EluParams>(
  'elu',
  (k) => k.elu,
  (k) => k.eluGrad,
);
const seluOp = activation<EluParams>(
  'selu',
  (k) => k.elu,
  (k) => k.eluGrad,
);
const geluOp = activation<GeluApproximate>(
  'gelu',
  (k) => k.gelu,
  (k) => k.geluGrad,
);
const softplusOp = activation<SoftplusParams>(
  'softplus',
  (k) => k.softplus,
  (k) => k.softplusGrad,
);
const softsignOp = activation(
  'softsign',
  (k) => k.softsign,
  (k) => k.softsignGrad,
);
const siluOp = activation(
  'silu',
  (k) => k.silu,
  (k) => k.siluGrad,
);
const mishOp = activation(
  'mish',
  (k) => k.mish,
  (k) => k.mishGrad,
);
const hardSigmoidOp = activation(
  'hardSigmoid',
  (k) => k.hardSigmoid,
  (k) => k.hardSigmoidGrad,
);
const hardTanhOp = activation<HardTanhParams>(
  'hardTanh',
  (k) => k.hardTanh,
  (k) => k.hardTanhGrad,
);
const relu6Op = activation<HardTanhParams>(
  'relu6',
  (k) => k.hardTanh,
  (k) => k.hardTanhGrad,
);

/** SELU's fixed constants (Klambauer et al., 2017), rounded to float64. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Logistic sigmoid σ(x) = 1 / (1 + e^(−x)), elementwise, in (0, 1). Any shape.
 * @example sigmoid(tensor([0, 2])) // [0.5, 0.8808]
 */
export function sigmoid(x: Tensor): Tensor {
  return sigmoidOp(x, undefined);
}

/**
 * Hyperbolic tangent tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x)), elementwise, in (−1, 1).
 * @example tanh(tensor([0, 1])) // [0, 0.7616]
 */
export function tanh(x: Tensor): Tensor {
  return tanhOp(x, undefined);
}

/**
 * Rectified linear unit max(0, x), elementwise. Its gradient at 0 is 0, as PyTorch.
 * @example relu(tensor([-1, 0, 2])) // [0, 0, 2]
 */
export function relu(x: Tensor): Tensor {
  return reluOp(x, undefined);
}

/**
 * Leaky ReLU: x if x > 0 else negativeSlope · x (Maas et al., 2013). Gradient at 0: negativeSlope.
 * @example leakyRelu(tensor([-2, 3]), 0.1) // [-0.2, 3]
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  expectFinite('leakyRelu', 'negativeSlope', negativeSlope);
  return leakyReluOp(x, negativeSlope);
}

/**
 * Exponential linear unit: x if x > 0 else α(eˣ − 1) (Clevert et al., 2015).
 * @example elu(tensor([-1, 2])) // [-0.6321, 2]
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  expectFinite('elu', 'alpha', alpha);
  return eluOp(x, { alpha, scale: 1 });
}

/**
 * Scaled ELU: scale · (x if x > 0 else α(eˣ − 1)) with α ≈ 1.6733, scale ≈ 1.0507, the constants
 * that make activations self-normalizing (Klambauer et al., 2017).
 * @example selu(tensor([-1, 1])) // [-1.1113, 1.0507]
 */
export function selu(x: Tensor): Tensor {
  return seluOp(x, { alpha: SELU_ALPHA, scale: SELU_SCALE });
}

/**
 * Gaussian error linear unit (Hendrycks & Gimpel, 2016). 'none' (default): the exact
 * x · Φ(x) = ½x(1 + erf(x/√2)); 'tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * @throws ValueError for any other `approximate`.
 * @example gelu(tensor([1])) // [0.8413]
 * @example gelu(tensor([1]), 'tanh') // [0.8412]
 */
export function gelu(x: Tensor, approximate: GeluApproximate = 'none'): Tensor {
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got '${approximate}'`);
  }
  return geluOp(x, approximate);
}

/**
 * Softplus log(1 + e^(βx)) / β, a smooth ReLU; linear (= x) where βx > threshold, as PyTorch,
 * which also keeps large inputs exact.
 * @throws ValueError when beta is 0 or not finite, or threshold is NaN.
 * @example softplus(tensor([0, 30])) // [0.6931, 30]
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  expectFinite('softplus', 'beta', beta);
  if (beta === 0) throw new ValueError('softplus: beta must be non-zero (it divides the result), got 0');
  if (Number.isNaN(threshold)) throw new ValueError('softplus: threshold must be a number, got NaN');
  return softplusOp(x, { beta, threshold });
}

/**
 * Softsign x / (1 + |x|), elementwise, in (−1, 1).
 * @example softsign(tensor([-1, 3])) // [-0.5, 0.75]
 */
export function softsign(x: Tensor): Tensor {
  return softsignOp(x, undefined);
}

/**
 * SiLU (swish) x · σ(x) (Elfwing et al., 2017; Ramachandran et al., 2017).
 * @example silu(tensor([0, 1])) // [0, 0.7311]
 */
export function silu(x: Tensor): Tensor {
  return siluOp(x, undefined);
}

/**
 * Mish x · tanh(softplus(x)) (Misra, 2019).
 * @example mish(tensor([0, 1])) // [0, 0.8651]
 */
export function mish(x: Tensor): Tensor {
  return mishOp(x, undefined);
}

/**
 * Hard sigmoid relu6(x + 3) / 6: 0 below −3, 1 above 3, linear between (as PyTorch's
 * hardsigmoid). Gradient 1/6 strictly inside (−3, 3), 0 elsewhere.
 * @example hardSigmoid(tensor([-4, 0, 1.5])) // [0, 0.5, 0.75]
 */
export function hardSigmoid(x: Tensor): Tensor {
  return hardSigmoidOp(x, undefined);
}

/**
 * Hard tanh: x clamped to [minVal, maxVal]. Gradient 1 strictly inside, 0 at and beyond the
 * edges, as PyTorch.
 * @throws ValueError when minVal > maxVal.
 * @example hardTanh(tensor([-2, 0.5, 2])) // [-1, 0.5, 1]
 */
export function hardTanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (!(minVal <= maxVal)) {
    throw new ValueError(`hardTanh: minVal must be ≤ maxVal, got minVal = ${minVal} and maxVal = ${maxVal}`);
  }
  return hardTanhOp(x, { minVal, maxVal });
}

/**
 * ReLU6 min(max(0, x), 6) = hardTanh(x, 0, 6). Gradient 0 at 0 and at 6, as PyTorch.
 * @example relu6(tensor([-1, 3, 7])) // [0, 3, 6]
 */
export function relu6(x: Tensor): Tensor {
  return relu6Op(x, { minVal: 0, maxVal: 6 });
}

// ---- methods ------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /** See `sigmoid()`. */ sigmoid(): Tensor;
    /** See `tanh()`. */ tanh(): Tensor;
    /** See `relu()`. */ relu(): Tensor;
    /** See `leakyRelu()`. */ leakyRelu(negativeSlope?: number): Tensor;
    /** See `elu()`. */ elu(alpha?: number): Tensor;
    /** See `selu()`. */ selu(): Tensor;
    /** See `gelu()`. */ gelu(approximate?: GeluApproximate): Tensor;
    /** See `softplus()`. */ softplus(beta?: number, threshold?: number): Tensor;
    /** See `softsign()`. */ softsign(): Tensor;
    /** See `silu()`. */ silu(): Tensor;
    /** See `mish()`. */ mish(): Tensor;
    /** See `hardSigmoid()`. */ hardSigmoid(): Tensor;
    /** See `hardTanh()`. */ hardTanh(minVal?: number, maxVal?: number): Tensor;
    /** See `relu6()`. */ relu6(): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  sigmoid(this: Tensor) {
    return sigmoid(this);
  },
  tanh(this: Tensor) {
    return tanh(this);
  },
  relu(this: Tensor) {
    return relu(this);
  },
  leakyRelu(this: Tensor, negativeSlope?: number) {
    return leakyRelu(this, negativeSlope);
  },
  elu(this: Tensor, alpha?: number) {
    return elu(this, alpha);
  },
  selu(this: Tensor) {
    return selu(this);
  },
  gelu(this: Tensor, approximate?: GeluApproximate) {
    return gelu(this, approximate);
  },
  softplus(this: Tensor, beta?: number, threshold?: number) {
    return softplus(this, beta, threshold);
  },
  softsign(this: Tensor) {
    return softsign(this);
  },
  silu(this: Tensor) {
    return silu(this);
  },
  mish(this: Tensor) {
    return mish(this);
  },
  hardSigmoid(this: Tensor) {
    return hardSigmoid(this);
  },
  hardTanh(this: Tensor, minVal?: number, maxVal?: number) {
    return hardTanh(this, minVal, maxVal);
  },
  relu6(this: Tensor) {
    return relu6(this);
  },
});
