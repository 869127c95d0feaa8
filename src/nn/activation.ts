/**
 * A module for every activation op, as `torch.nn.ReLU` & co. Each is stateless (no parameters);
 * its forward is the op of the same name in ops/activation.ts, with the configuration given to the
 * constructor. Shapes: any → the same (Softmax/LogSoftmax normalize along `axis`).
 */
import { ValueError } from '../errors.js';
import {
  elu,
  type GeluApproximate,
  gelu,
  hardSigmoid,
  hardTanh,
  leakyRelu,
  logSoftmax,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  tanh,
} from '../ops/index.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

function finite(layer: string, name: string, v: number): void {
  if (!Number.isFinite(v)) throw new ValueError(`${layer}: ${name} must be a finite number, got ${v}`);
}

/** max(0, x). @example new ReLU().forward(tensor([-1, 2])) // [0, 2] */
export class ReLU extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** tanh(x). @example new Tanh().forward(tensor([0])) // [0] */
export class Tanh extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** 1 / (1 + e^(−x)). @example new Sigmoid().forward(tensor([0])) // [0.5] */
export class Sigmoid extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** x for x ≥ 0, negativeSlope·x otherwise. @example new LeakyReLU(0.1).forward(tensor([-2])) // [-0.2] */
export class LeakyReLU extends Module<[Tensor], Tensor> {
  constructor(readonly negativeSlope = 0.01) {
    super();
    finite('LeakyReLU', 'negativeSlope', negativeSlope);
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** x for x > 0, alpha·(eˣ − 1) otherwise (Clevert et al., 2015). @example new ELU().forward(tensor([-1])) // [-0.6321] */
export class ELU extends Module<[Tensor], Tensor> {
  constructor(readonly alpha = 1) {
    super();
    finite('ELU', 'alpha', alpha);
  }
  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** scale·ELU(x, α) with PyTorch's constants (Klambauer et al., 2017). @example new SELU().forward(tensor([1])) // [1.0507] */
export class SELU extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return selu(x);
  }
}

/**
 * x·Φ(x) (Hendrycks & Gimpel, 2016); `approximate: 'tanh'` uses the tanh formula.
 * @example new GELU({ approximate: 'tanh' }).forward(tensor([1])) // [0.8412]
 */
export class GELU extends Module<[Tensor], Tensor> {
  readonly approximate: GeluApproximate;
  constructor({ approximate = 'none' }: { approximate?: GeluApproximate } = {}) {
    super();
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ValueError(`GELU: approximate must be 'none' or 'tanh', got '${approximate}'`);
    }
    this.approximate = approximate;
  }
  forward(x: Tensor): Tensor {
    return gelu(x, this.approximate);
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** ln(1 + e^(βx))/β, linear above `threshold`. @example new Softplus().forward(tensor([0])) // [0.6931] */
export class Softplus extends Module<[Tensor], Tensor> {
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
    finite('Softplus', 'beta', beta);
    finite('Softplus', 'threshold', threshold);
  }
  forward(x: Tensor): Tensor {
    return softplus(x, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** x / (1 + |x|). @example new Softsign().forward(tensor([3])) // [0.75] */
export class Softsign extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return softsign(x);
  }
}

/** x·sigmoid(x), a.k.a. swish. @example new SiLU().forward(tensor([1])) // [0.7311] */
export class SiLU extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/** x·tanh(softplus(x)) (Misra, 2019). @example new Mish().forward(tensor([1])) // [0.8651] */
export class Mish extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return mish(x);
  }
}

/** clamp(x/6 + 1/2, 0, 1). @example new Hardsigmoid().forward(tensor([0])) // [0.5] */
export class Hardsigmoid extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return hardSigmoid(x);
  }
}

/** clamp(x, minVal, maxVal). @example new Hardtanh(-2, 2).forward(tensor([3])) // [2] */
export class Hardtanh extends Module<[Tensor], Tensor> {
  constructor(
    readonly minVal = -1,
    readonly maxVal = 1,
  ) {
    super();
    if (!(minVal < maxVal)) throw new ValueError(`Hardtanh: minVal (${minVal}) must be less than maxVal (${maxVal})`);
  }
  forward(x: Tensor): Tensor {
    return hardTanh(x, this.minVal, this.maxVal);
  }
  override extraRepr(): string {
    return `minVal=${this.minVal}, maxVal=${this.maxVal}`;
  }
}

/** min(max(0, x), 6). @example new ReLU6().forward(tensor([7])) // [6] */
export class ReLU6 extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return relu6(x);
  }
}

function checkAxis(layer: string, axis: number): void {
  if (!Number.isInteger(axis)) throw new ValueError(`${layer}: axis must be an integer, got ${axis}`);
}

/**
 * e^(xᵢ) / Σⱼ e^(xⱼ) along `axis` (default the last), computed stably.
 * @example new Softmax().forward(tensor([[0, 0]])) // [[0.5, 0.5]]
 */
export class Softmax extends Module<[Tensor], Tensor> {
  constructor(readonly axis = -1) {
    super();
    checkAxis('Softmax', axis);
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/**
 * xᵢ − ln Σⱼ e^(xⱼ) along `axis` (default the last): log-probabilities for NLLLoss.
 * @example new LogSoftmax().forward(tensor([[0, 0]])) // [[-0.6931, -0.6931]]
 */
export class LogSoftmax extends Module<[Tensor], Tensor> {
  constructor(readonly axis = -1) {
    super();
    checkAxis('LogSoftmax', axis);
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}
