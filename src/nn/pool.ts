/**
 * Pooling layers: `MaxPool2d`, `AvgPool2d`, `AdaptiveAvgPool2d` and their 1-d forms, as
 * `torch.nn`'s. They hold no parameters; each checks its hyperparameters in the constructor and
 * calls the pooling op (ops/pool.ts) with its own name in errors.
 */
import { ValueError } from '../errors.js';
import type { SpatialArg } from '../ops/conv-geometry.js';
import { adaptiveAvgPool, avgPool, maxPool } from '../ops/pool.js';
import { type AdaptiveSize, checkOutputSize, windowArgs } from '../ops/pool-geometry.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Options of `MaxPool2d` / `MaxPool1d` (PyTorch's, camelCased). */
export interface MaxPoolLayerOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SpatialArg;
  /** Implicit −∞ on each side, at most half the kernel (default 0). */
  padding?: SpatialArg;
  /** Gap between window taps (default 1). */
  dilation?: SpatialArg;
  /** Round the output size up, keeping a last partial window (default false). */
  ceilMode?: boolean;
}

/** Options of `AvgPool2d` / `AvgPool1d`. */
export interface AvgPoolLayerOptions {
  stride?: SpatialArg;
  /** Implicit zeros on each side, at most half the kernel (default 0). */
  padding?: SpatialArg;
  ceilMode?: boolean;
  /** Count the padded zeros in each window's divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead (2-d only). */
  divisorOverride?: number;
}

/** `2` or `[2, 3]` as PyTorch prints sizes in reprs. */
function fmt(v: SpatialArg): string {
  return typeof v === 'number' ? String(v) : `[${v.join(', ')}]`;
}

/** The shared part of the max and average pooling layers. */
abstract class WindowPool extends Module<[Tensor], Tensor> {
  readonly kernelSize: SpatialArg;
  readonly stride: SpatialArg;
  readonly padding: SpatialArg;
  readonly ceilMode: boolean;

  constructor(
    protected readonly dims: number,
    kernelSize: SpatialArg,
    { stride, padding = 0, ceilMode = false }: { stride?: SpatialArg; padding?: SpatialArg; ceilMode?: boolean },
    dilation: SpatialArg,
  ) {
    super();
    // Checked now, so a bad hyperparameter fails where the model is built, not at its first batch.
    windowArgs(this.constructor.name, dims, { kernelSize, stride, padding, dilation });
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.ceilMode = ceilMode;
  }

  /** `MaxPool2d(2×2)`: how errors name this layer. */
  protected get label(): string {
    const k = typeof this.kernelSize === 'number' ? new Array(this.dims).fill(this.kernelSize) : this.kernelSize;
    return `${this.constructor.name}(${k.join('×')})`;
  }
}

/** Max pooling over `dims` spatial axes (the classes below fix dims). */
abstract class MaxPoolNd extends WindowPool {
  readonly dilation: SpatialArg;

  constructor(dims: number, kernelSize: SpatialArg, options: MaxPoolLayerOptions) {
    super(dims, kernelSize, options, options.dilation ?? 1);
    this.dilation = options.dilation ?? 1;
  }

  forward(x: Tensor): Tensor {
    const { dilation, ceilMode } = this;
    return maxPool(this.label, this.dims, x, this.kernelSize, this.stride, this.padding, { dilation, ceilMode });
  }

  override extraRepr(): string {
    return (
      `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}, ` +
      `dilation=${fmt(this.dilation)}, ceilMode=${this.ceilMode}`
    );
  }
}

/**
 * 2-d max pooling, as `torch.nn.MaxPool2d`: the largest value of each window (see `maxPool2d`).
 * Shapes: [N, C, H, W] → [N, C, H′, W′] (or [C, H, W] → [C, H′, W′]),
 * H′ = ⌊(H + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1.
 * @throws ValueError for a bad kernel size, stride, padding or dilation (in the constructor)
 * @throws ShapeError for an input that is not [N, C, H, W] or [C, H, W], or smaller than the window
 * @example
 * import { MaxPool2d, zeros } from 'neurite';
 * new MaxPool2d(2).forward(zeros([64, 8, 28, 28])).shape; // [64, 8, 14, 14]
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: SpatialArg, options: MaxPoolLayerOptions = {}) {
    super(2, kernelSize, options);
  }
}

/**
 * 1-d max pooling over the last axis, as `torch.nn.MaxPool1d`: [N, C, L] → [N, C, L′] (or [C, L]).
 * @example
 * import { MaxPool1d, zeros } from 'neurite';
 * new MaxPool1d(2).forward(zeros([4, 3, 10])).shape; // [4, 3, 5]
 */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: number, options: MaxPoolLayerOptions = {}) {
    super(1, kernelSize, options);
  }
}

/** Average pooling over `dims` spatial axes. */
abstract class AvgPoolNd extends WindowPool {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | undefined;

  constructor(dims: number, kernelSize: SpatialArg, options: AvgPoolLayerOptions) {
    super(dims, kernelSize, options, 1);
    const { countIncludePad = true, divisorOverride } = options;
    if (divisorOverride !== undefined && !(Number.isFinite(divisorOverride) && divisorOverride !== 0)) {
      throw new ValueError(
        `${this.constructor.name}: divisorOverride must be a non-zero number, got ${divisorOverride}`,
      );
    }
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
  }

  forward(x: Tensor): Tensor {
    const { ceilMode, countIncludePad, divisorOverride } = this;
    const options = { ceilMode, countIncludePad, ...(divisorOverride === undefined ? {} : { divisorOverride }) };
    return avgPool(this.label, this.dims, x, this.kernelSize, this.stride, this.padding, options);
  }

  override extraRepr(): string {
    return (
      `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}, ` +
      `ceilMode=${this.ceilMode}, countIncludePad=${this.countIncludePad}`
    );
  }
}

/**
 * 2-d average pooling, as `torch.nn.AvgPool2d`: the mean of each window (see `avgPool2d`; by
 * default padded zeros count in the divisor, as PyTorch). Shapes as `MaxPool2d` (no dilation).
 * @throws ValueError for a bad kernel size, stride, padding or divisorOverride (in the constructor)
 * @example
 * import { AvgPool2d, zeros } from 'neurite';
 * new AvgPool2d(3, { stride: 2, padding: 1 }).forward(zeros([1, 4, 8, 8])).shape; // [1, 4, 4, 4]
 */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: SpatialArg, options: AvgPoolLayerOptions = {}) {
    super(2, kernelSize, options);
  }
}

/**
 * 1-d average pooling over the last axis, as `torch.nn.AvgPool1d`: [N, C, L] → [N, C, L′].
 * @example
 * import { AvgPool1d, zeros } from 'neurite';
 * new AvgPool1d(2).forward(zeros([4, 3, 10])).shape; // [4, 3, 5]
 */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: number, options: Omit<AvgPoolLayerOptions, 'divisorOverride'> = {}) {
    super(1, kernelSize, options);
  }
}

/** Adaptive average pooling over `dims` spatial axes. */
abstract class AdaptiveAvgPoolNd extends Module<[Tensor], Tensor> {
  constructor(
    private readonly dims: number,
    readonly outputSize: AdaptiveSize,
  ) {
    super();
    checkOutputSize(this.constructor.name, dims, outputSize);
  }

  forward(x: Tensor): Tensor {
    const label = `${this.constructor.name}(${JSON.stringify(this.outputSize)})`;
    return adaptiveAvgPool(label, x, this.dims, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${JSON.stringify(this.outputSize)}`;
  }
}

/**
 * Adaptive 2-d average pooling, as `torch.nn.AdaptiveAvgPool2d`: any [H, W] → the given [h, w]
 * (windows from PyTorch's start/end formula, see `adaptiveAvgPool2d`); `outputSize` 1 is global
 * average pooling, e.g. before the classifier of a ResNet.
 * Shapes: [N, C, H, W] → [N, C, h, w] (or [C, H, W] → [C, h, w]).
 * @param outputSize h for [h, h], or [h, w]; null keeps that input size
 * @example
 * import { AdaptiveAvgPool2d, zeros } from 'neurite';
 * new AdaptiveAvgPool2d(1).forward(zeros([8, 64, 7, 7])).shape; // [8, 64, 1, 1]
 */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(outputSize: number | readonly [number | null, number | null]) {
    super(2, outputSize);
  }
}

/**
 * Adaptive 1-d average pooling over the last axis, as `torch.nn.AdaptiveAvgPool1d`:
 * [N, C, L] → [N, C, outputSize].
 * @example
 * import { AdaptiveAvgPool1d, zeros } from 'neurite';
 * new AdaptiveAvgPool1d(1).forward(zeros([4, 3, 10])).shape; // [4, 3, 1]
 */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  constructor(outputSize: number) {
    super(1, outputSize);
  }
}
