/**
 * A module for every loss op, as `torch.nn.MSELoss` & co.: the constructor takes the loss's
 * options (checked there, so a typo fails at once), `forward(input, target)` computes the loss.
 * Class weights and `posWeight` are buffers, as in PyTorch, so they appear in `stateDict()`.
 */
import { ValueError } from '../errors.js';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type CrossEntropyLossOptions,
  crossEntropy,
  huberLoss,
  klDiv,
  type LossReduction,
  l1Loss,
  mseLoss,
  multiMarginLoss,
  nllLoss,
  type ReductionOptions,
  smoothL1Loss,
} from '../ops/index.js';
import { checkReduction } from '../ops/loss-common.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

type Pair = [input: Tensor, target: Tensor];

function reductionOf(layer: string, reduction: string | undefined, allowed?: readonly string[]): LossReduction {
  const r = reduction ?? 'mean';
  checkReduction(layer, r, allowed);
  return r as LossReduction;
}

/**
 * Mean squared error, see `mseLoss`. Shapes: input and target alike; a scalar unless reduction 'none'.
 * @example new MSELoss().forward(tensor([1, 2, 3]), tensor([1, 2, 5])).item() // 1.3333
 */
export class MSELoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  constructor({ reduction }: ReductionOptions = {}) {
    super();
    this.reduction = reductionOf('MSELoss', reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * Mean absolute error, see `l1Loss`.
 * @example new L1Loss({ reduction: 'sum' }).forward(tensor([1, 2]), tensor([0, 0])).item() // 3
 */
export class L1Loss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  constructor({ reduction }: ReductionOptions = {}) {
    super();
    this.reduction = reductionOf('L1Loss', reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * Huber loss with threshold `delta` (default 1), see `huberLoss`.
 * @example new HuberLoss({ delta: 2 }).forward(tensor([0, 3]), tensor([0.5, 0])).item() // 2.0625
 */
export class HuberLoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  readonly delta: number;
  constructor({ delta = 1, reduction }: ReductionOptions & { delta?: number } = {}) {
    super();
    this.reduction = reductionOf('HuberLoss', reduction);
    if (!(delta > 0)) throw new ValueError(`HuberLoss: delta must be > 0, got ${delta}`);
    this.delta = delta;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { delta: this.delta, reduction: this.reduction });
  }
  override extraRepr(): string {
    return `delta=${this.delta}, reduction='${this.reduction}'`;
  }
}

/**
 * Smooth L1 loss with threshold `beta` (default 1), see `smoothL1Loss`.
 * @example new SmoothL1Loss().forward(tensor([0, 3]), tensor([0.5, 0])).item() // 1.3125
 */
export class SmoothL1Loss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  readonly beta: number;
  constructor({ beta = 1, reduction }: ReductionOptions & { beta?: number } = {}) {
    super();
    this.reduction = reductionOf('SmoothL1Loss', reduction);
    if (!(beta >= 0)) throw new ValueError(`SmoothL1Loss: beta must be >= 0, got ${beta}`);
    this.beta = beta;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { beta: this.beta, reduction: this.reduction });
  }
  override extraRepr(): string {
    return `beta=${this.beta}, reduction='${this.reduction}'`;
  }
}

/**
 * Binary cross-entropy of probabilities, see `binaryCrossEntropy`; `weight` (a buffer) is
 * broadcast to the input. Prefer BCEWithLogitsLoss on raw scores.
 * @example new BCELoss().forward(tensor([0.8, 0.2]), tensor([1, 0])).item() // 0.2231
 */
export class BCELoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  declare weight: Tensor | null;
  constructor({ weight, reduction }: ReductionOptions & { weight?: Tensor } = {}) {
    super();
    this.reduction = reductionOf('BCELoss', reduction);
    this.registerBuffer('weight', weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, {
      reduction: this.reduction,
      ...(this.weight ? { weight: this.weight } : {}),
    });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * Sigmoid + binary cross-entropy in one stable step, see `binaryCrossEntropyWithLogits`;
 * `weight` and `posWeight` are buffers (`weight`, `pos_weight`).
 * @example new BCEWithLogitsLoss().forward(tensor([0]), tensor([1])).item() // 0.6931
 */
export class BCEWithLogitsLoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  declare weight: Tensor | null;
  declare posWeight: Tensor | null;
  constructor({ weight, posWeight, reduction }: ReductionOptions & { weight?: Tensor; posWeight?: Tensor } = {}) {
    super();
    this.reduction = reductionOf('BCEWithLogitsLoss', reduction);
    this.registerBuffer('weight', weight ?? null);
    this.registerBuffer('pos_weight', posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      reduction: this.reduction,
      ...(this.weight ? { weight: this.weight } : {}),
      ...(this.posWeight ? { posWeight: this.posWeight } : {}),
    });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * Cross-entropy of raw logits [N, C] (or [N, C, d…]) against int32 class indices [N] or class
 * probabilities, see `crossEntropy`. Options: `weight` [C] (a buffer), `ignoreIndex` (−100),
 * `labelSmoothing` (0), `reduction`.
 * @example
 * const lossFn = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * lossFn.forward(model.forward(x), y).backward();
 */
export class CrossEntropyLoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  declare weight: Tensor | null;
  constructor({ weight, ignoreIndex = -100, reduction, labelSmoothing = 0 }: CrossEntropyLossOptions = {}) {
    super();
    this.reduction = reductionOf('CrossEntropyLoss', reduction);
    if (!Number.isInteger(ignoreIndex)) {
      throw new ValueError(`CrossEntropyLoss: ignoreIndex must be an integer, got ${ignoreIndex}`);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new ValueError(`CrossEntropyLoss: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
    }
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
    this.registerBuffer('weight', weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const { reduction, ignoreIndex, labelSmoothing } = this;
    return crossEntropy(input, target, {
      reduction,
      ignoreIndex,
      labelSmoothing,
      ...(this.weight ? { weight: this.weight } : {}),
    });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}, labelSmoothing=${this.labelSmoothing}`;
  }
}

/**
 * Negative log-likelihood of log-probabilities (e.g. from LogSoftmax) against int32 class
 * indices, see `nllLoss`. Options: `weight` [C] (a buffer), `ignoreIndex` (−100), `reduction`.
 * @example new NLLLoss().forward(tensor([[-0.1, -2.3]]), tensor([1], { dtype: 'int32' })).item() // 2.3
 */
export class NLLLoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  readonly ignoreIndex: number;
  declare weight: Tensor | null;
  constructor({ weight, ignoreIndex = -100, reduction }: Omit<CrossEntropyLossOptions, 'labelSmoothing'> = {}) {
    super();
    this.reduction = reductionOf('NLLLoss', reduction);
    if (!Number.isInteger(ignoreIndex)) {
      throw new ValueError(`NLLLoss: ignoreIndex must be an integer, got ${ignoreIndex}`);
    }
    this.ignoreIndex = ignoreIndex;
    this.registerBuffer('weight', weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const { reduction, ignoreIndex } = this;
    return nllLoss(input, target, { reduction, ignoreIndex, ...(this.weight ? { weight: this.weight } : {}) });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}`;
  }
}

/**
 * Kullback–Leibler divergence of log-probability inputs, see `klDiv`; use reduction 'batchmean'
 * for the true KL per sample (the default 'mean' is kept for PyTorch parity).
 * @example new KLDivLoss({ reduction: 'batchmean' }).forward(logSoftmax(logits), targetProbs)
 */
export class KLDivLoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction | 'batchmean';
  readonly logTarget: boolean;
  constructor({ reduction, logTarget = false }: { reduction?: LossReduction | 'batchmean'; logTarget?: boolean } = {}) {
    super();
    this.reduction = reductionOf('KLDivLoss', reduction, ['mean', 'batchmean', 'sum', 'none']);
    this.logTarget = logTarget;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}', logTarget=${this.logTarget}`;
  }
}

/**
 * Multi-class hinge loss on scores [N, C] with int32 targets [N], see `multiMarginLoss`. Options:
 * `p` (1 or 2), `margin` (1), `weight` [C] (a buffer), `reduction`.
 * @example new MultiMarginLoss().forward(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })).item() // 0.325
 */
export class MultiMarginLoss extends Module<Pair, Tensor> {
  readonly reduction: LossReduction;
  readonly p: 1 | 2;
  readonly margin: number;
  declare weight: Tensor | null;
  constructor({
    p = 1,
    margin = 1,
    weight,
    reduction,
  }: ReductionOptions & { p?: 1 | 2; margin?: number; weight?: Tensor } = {}) {
    super();
    this.reduction = reductionOf('MultiMarginLoss', reduction);
    if (p !== 1 && p !== 2) throw new ValueError(`MultiMarginLoss: p must be 1 or 2, got ${p}`);
    if (!Number.isFinite(margin))
      throw new ValueError(`MultiMarginLoss: margin must be a finite number, got ${margin}`);
    this.p = p;
    this.margin = margin;
    this.registerBuffer('weight', weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const { reduction, p, margin } = this;
    return multiMarginLoss(input, target, { reduction, p, margin, ...(this.weight ? { weight: this.weight } : {}) });
  }
  override extraRepr(): string {
    return `p=${this.p}, margin=${this.margin}, reduction='${this.reduction}'`;
  }
}
