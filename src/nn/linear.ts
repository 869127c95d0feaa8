/**
 * `Linear` (the fully connected layer), and the shape-only layers `Flatten` and `Identity`.
 */
import type { DType } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { flatten, linear, linearRelu } from '../ops/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { kaimingUniform, uniform } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `Linear`. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Generator for the initial weights (default: the global one, seeded by `manualSeed`). */
  rng?: Rng;
  /** dtype of the weights (default 'float32'). */
  dtype?: DType;
}

function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`Linear: ${what} must be a positive integer, got ${n}`);
}

/**
 * Fully connected layer (a.k.a. Dense): y = x·Wᵀ + b on the last dimension, as `torch.nn.Linear`.
 *
 * Shapes: input [..., inFeatures] → output [..., outFeatures]; `weight` [outFeatures, inFeatures],
 * `bias` [outFeatures] (null with `bias: false`).
 *
 * Initialization as PyTorch: weight from kaiming-uniform with a = √5, i.e. U(−1/√in, 1/√in), then
 * bias from U(−1/√in, 1/√in), both drawn from `rng` (or the global seeded generator).
 * @throws ShapeError `Linear(784 → 128): input shape [32, 100] does not match expected [N, 784]`
 * @example
 * import { Linear, manualSeed, randn } from 'neurite';
 * manualSeed(0);
 * const fc = new Linear(4, 8);
 * fc.forward(randn([32, 4])).shape; // [32, 8]
 */
export class Linear extends Module<[Tensor], Tensor> {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** [outFeatures, inFeatures] */
  weight: Parameter;
  /** [outFeatures], or null without bias */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, { bias = true, rng, dtype = 'float32' }: LinearOptions = {}) {
    super();
    checkSize('inFeatures', inFeatures);
    checkSize('outFeatures', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const opts = { dtype, ...(rng === undefined ? {} : { rng }) };
    this.weight = new Parameter(kaimingUniform([outFeatures, inFeatures], { ...opts, a: Math.sqrt(5) }));
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = bias ? new Parameter(uniform([outFeatures], { ...opts, low: -bound, high: bound })) : null;
  }

  /** `Linear(784 → 128)`, how errors name this layer. */
  private get label(): string {
    return `Linear(${this.inFeatures} → ${this.outFeatures})`;
  }

  /** x [..., inFeatures] → [..., outFeatures] */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    return linear(x, this.weight, this.bias ?? undefined);
  }

  /**
   * relu(forward(x)) as one op (`linearRelu`: the same values and gradients, one tape node and
   * one array fewer). What `Sequential` runs for a Linear followed by a ReLU.
   * @example new Linear(4, 8).forwardRelu(randn([32, 4])).shape // [32, 8], all ≥ 0
   */
  forwardRelu(x: Tensor): Tensor {
    this.checkInput(x);
    return linearRelu(x, this.weight, this.bias ?? undefined);
  }

  private checkInput(x: Tensor): void {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      const expected = x.ndim > 2 ? `[..., ${this.inFeatures}]` : `[N, ${this.inFeatures}]`;
      throw new ShapeError(
        `${this.label}: input shape ${fmtShape(x.shape)} does not match expected ${expected}; the last dimension ` +
          `must hold the ${this.inFeatures} input features`,
      );
    }
    if (x.dtype === 'bool') {
      throw new DTypeError(`${this.label}: input is bool; convert it with x.to('float32')`);
    }
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/**
 * Flattens dimensions startDim…endDim into one, as `torch.nn.Flatten` (default: all but the batch
 * dimension). Shapes: [N, C, H, W] → [N, C·H·W] with the defaults.
 * @example new Flatten().forward(zeros([2, 3, 4])).shape // [2, 12]
 */
export class Flatten extends Module<[Tensor], Tensor> {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) {
      throw new ValueError(`Flatten: startDim and endDim must be integers, got ${startDim} and ${endDim}`);
    }
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/**
 * Returns its input unchanged (a placeholder, e.g. to switch a layer off).
 * @example new Identity().forward(x) === x // true
 */
export class Identity extends Module<[Tensor], Tensor> {
  forward(x: Tensor): Tensor {
    return x;
  }
}
