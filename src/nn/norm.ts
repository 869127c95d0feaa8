/**
 * Normalization layers: `BatchNorm1d`, `BatchNorm2d` (Ioffe & Szegedy, 2015) and `LayerNorm`
 * (Ba, Kiros & Hinton, 2016), as `torch.nn`'s: same parameters, buffers, state-dict keys and
 * train/eval behaviour.
 */
import { full, ones, zeros } from '../creation.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { batchNorm, layerNorm } from '../ops/norm.js';
import { type Shape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `BatchNorm1d` / `BatchNorm2d` (PyTorch's, camelCased). */
export interface BatchNormLayerOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /**
   * Weight of each new batch in the running statistics (default 0.1); null for the cumulative
   * average over all batches seen (momentum 1/numBatchesTracked), as PyTorch's `momentum=None`.
   */
  momentum?: number | null;
  /** Learn a per-channel scale `weight` (init 1) and shift `bias` (init 0) (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval uses batch statistics. */
  trackRunningStats?: boolean;
  /** dtype of parameters and running statistics (default 'float32'). */
  dtype?: 'float32' | 'float64';
}

/**
 * Batch normalization over the channel axis (dim 1); BatchNorm1d and BatchNorm2d differ only in the
 * input ranks they accept.
 */
abstract class BatchNormNd extends Module<[Tensor], Tensor> {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** [C] scale γ (null without affine). */
  weight: Parameter | null;
  /** [C] shift β (null without affine). */
  bias: Parameter | null;
  /** [C] running mean (buffer `running_mean`; null without trackRunningStats). */
  declare runningMean: Tensor | null;
  /** [C] running unbiased variance (buffer `running_var`). */
  declare runningVar: Tensor | null;
  /**
   * Training batches seen (buffer `num_batches_tracked`): an int32 scalar here, where PyTorch's is
   * int64; loadStateDict accepts PyTorch's int64 value (a BigInt64Array or numbers).
   */
  declare numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' } = options;
    const name = this.constructor.name;
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError(`${name}: numFeatures must be a positive integer (the channels), got ${numFeatures}`);
    }
    if (!(Number.isFinite(eps) && eps >= 0)) throw new ValueError(`${name}: eps must be a number >= 0, got ${eps}`);
    if (momentum !== null && !(momentum >= 0 && momentum <= 1)) {
      throw new ValueError(`${name}: momentum must be in [0, 1] or null (cumulative average), got ${momentum}`);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.weight = affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    this.registerBuffer('running_mean', trackRunningStats ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('running_var', trackRunningStats ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('num_batches_tracked', trackRunningStats ? zeros([], { dtype: 'int32' }) : null);
  }

  /** `BatchNorm2d(16)`: how errors name this layer. */
  protected get label(): string {
    return `${this.constructor.name}(${this.numFeatures})`;
  }

  /** The input layouts this layer accepts, e.g. `[N, 16, H, W]`, and the hint for a wrong rank. */
  protected abstract layout(): { ranks: number[]; expected: string; hint: (ndim: number) => string };

  /** Reset the running statistics (mean 0, variance 1, no batches), in place. */
  resetRunningStats(): void {
    this.runningMean?.data.fill(0);
    this.runningVar?.data.fill(1);
    this.numBatchesTracked?.data.fill(0);
  }

  /**
   * Training (or without running statistics): normalize with the batch's statistics and update the
   * running ones; eval: normalize with the running statistics.
   */
  forward(x: Tensor): Tensor {
    const { ranks, expected, hint } = this.layout();
    if (!ranks.includes(x.ndim)) {
      throw new ShapeError(
        `${this.label}: input shape ${fmtShape(x.shape)} has ${x.ndim} dims, expected ${expected}; ${hint(x.ndim)}`,
      );
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `${this.label}: input shape ${fmtShape(x.shape)} has ${x.shape[1]} channels in dim 1, expected ${expected}; ` +
          `numFeatures must equal the channels (or features) of the layer before`,
      );
    }
    if (this.training && x.numel() / this.numFeatures <= 1) {
      throw new ValueError(
        `${this.label}: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}; ` +
          'use a batch of at least 2 samples, or call eval() before predicting one sample',
      );
    }
    let momentum = this.momentum ?? 0;
    const counter = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && counter !== null) {
      counter.data[0] = (counter.data[0] as number) + 1;
      // PyTorch's momentum=None: the running statistics are the plain mean over all batches.
      if (this.momentum === null) momentum = 1 / (counter.data[0] as number);
    }
    const batchStats = this.training || (this.runningMean === null && this.runningVar === null);
    const useRunning = !this.training || this.trackRunningStats;
    return batchNorm(
      x,
      useRunning ? this.runningMean : null,
      useRunning ? this.runningVar : null,
      this.weight,
      this.bias,
      { training: batchStats, momentum, eps: this.eps },
    );
  }

  override extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, ` +
      `trackRunningStats=${this.trackRunningStats}`
    );
  }
}

/**
 * Batch normalization of features or sequences, as `torch.nn.BatchNorm1d` (Ioffe & Szegedy, 2015):
 * y = (x − μ_c) / √(σ²_c + eps) · γ_c + β_c per channel c (see `batchNorm`). In training μ, σ²
 * are the batch's (over N, or N and L) and update `running_mean` / `running_var`
 * (running ← (1 − momentum)·running + momentum·batch, unbiased variance); in eval they are the
 * running ones.
 *
 * Shapes: [N, C] or [N, C, L] → the same. State-dict keys as PyTorch: `weight`, `bias`,
 * `running_mean`, `running_var`, `num_batches_tracked` (int32 here, int64 in PyTorch).
 * @throws ValueError for bad numFeatures, eps or momentum (in the constructor)
 * @throws ShapeError for other ranks or a channel count other than numFeatures
 * @example
 * import { BatchNorm1d, randn } from 'neurite';
 * const bn = new BatchNorm1d(16);
 * bn.forward(randn([32, 16])).shape; // [32, 16]; running statistics updated
 * Object.keys(bn.stateDict()); // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 */
export class BatchNorm1d extends BatchNormNd {
  protected layout() {
    const c = this.numFeatures;
    return {
      ranks: [2, 3],
      expected: `[N, ${c}] or [N, ${c}, L]`,
      hint: (ndim: number) =>
        ndim === 4 ? 'use BatchNorm2d for images [N, C, H, W]' : `add a batch axis, e.g. x.reshape([1, ${c}])`,
    };
  }
}

/**
 * Batch normalization of images, as `torch.nn.BatchNorm2d`: BatchNorm1d's rule with the statistics
 * of each channel taken over N, H and W.
 *
 * Shapes: [N, C, H, W] → the same; buffers and state-dict keys as `BatchNorm1d`.
 * @throws ShapeError for an input that is not [N, numFeatures, H, W]
 * @example
 * import { BatchNorm2d, randn } from 'neurite';
 * const bn = new BatchNorm2d(8);
 * bn.forward(randn([4, 8, 14, 14])).shape; // [4, 8, 14, 14]
 * bn.eval(); // from now on: the running statistics
 */
export class BatchNorm2d extends BatchNormNd {
  protected layout() {
    const c = this.numFeatures;
    return {
      ranks: [4],
      expected: `[N, ${c}, H, W]`,
      hint: (ndim: number) =>
        ndim === 3 ? 'add a batch axis with x.unsqueeze(0)' : 'use BatchNorm1d for [N, C] or [N, C, L] inputs',
    };
  }
}

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn `weight` (init 1) and `bias` (init 0) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** dtype of the parameters (default 'float32'). */
  dtype?: 'float32' | 'float64';
}

/**
 * Layer normalization, as `torch.nn.LayerNorm` (Ba, Kiros & Hinton, 2016): each sample is
 * normalized over its last axes (`normalizedShape`) with its own mean and variance, then scaled and
 * shifted elementwise: y = (x − mean) / √(var + eps) · weight + bias. No batch statistics, so
 * training and eval behave the same (see `layerNorm`).
 *
 * Shapes: [..., *normalizedShape] → the same; weight and bias have shape normalizedShape.
 * @throws ValueError for a bad normalizedShape or eps (in the constructor)
 * @throws ShapeError when the input does not end with normalizedShape
 * @example
 * import { LayerNorm, randn } from 'neurite';
 * const ln = new LayerNorm(64);
 * ln.forward(randn([8, 10, 64])).shape; // [8, 10, 64]
 */
export class LayerNorm extends Module<[Tensor], Tensor> {
  readonly normalizedShape: Shape;
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  /** normalizedShape, init 1 (null without elementwiseAffine). */
  weight: Parameter | null;
  /** normalizedShape, init 0 (null without elementwiseAffine). */
  bias: Parameter | null;

  constructor(
    normalizedShape: number | Shape,
    { eps = 1e-5, elementwiseAffine = true, dtype = 'float32' }: LayerNormOptions = {},
  ) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ValueError(
        'LayerNorm: normalizedShape must be a positive integer or a list of them (the trailing axes), ' +
          `got ${JSON.stringify(normalizedShape)}`,
      );
    }
    if (!(Number.isFinite(eps) && eps >= 0)) throw new ValueError(`LayerNorm: eps must be a number >= 0, got ${eps}`);
    this.normalizedShape = Object.freeze(shape);
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    this.weight = elementwiseAffine ? new Parameter(full(shape, 1, { dtype })) : null;
    this.bias = elementwiseAffine ? new Parameter(zeros(shape, { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    const shape = this.normalizedShape;
    if (x.ndim < shape.length || !shapesEqual(x.shape.slice(x.ndim - shape.length), shape)) {
      throw new ShapeError(
        `LayerNorm(${fmtShape(shape)}): input shape ${fmtShape(x.shape)} does not end with ${fmtShape(shape)}, ` +
          `expected [..., ${shape.join(', ')}]; normalizedShape must be the input's trailing axes`,
      );
    }
    return layerNorm(x, shape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
