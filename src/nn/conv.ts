/**
 * Convolution layers, as `torch.nn`: `Conv1d`, `Conv2d` and `ConvTranspose2d`. Each holds a
 * `weight` and an optional `bias` (PyTorch's state-dict keys and layouts), checks its settings in
 * the constructor and its input in `forward`, with errors that name the layer and the fix.
 */
import { type DType, isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { type Conv2dOptions, conv1d, conv2d, conv2dRelu, conv2dReluMaxPool2d, convTranspose2d } from '../ops/conv.js';
import { type ConvPadding, planConv, planConvTranspose, spatial } from '../ops/conv-geometry.js';
import type { Rng } from '../random.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fans, kaimingUniform, uniform } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import type { MaxPool2d } from './pool.js';

/** Settings every convolution layer takes besides the spatial ones. */
interface LayerBase {
  /** Split the channels into this many independent groups (default 1; inChannels for depthwise). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** Generator for the initial weights (default: the global one, seeded by `manualSeed`). */
  rng?: Rng;
  /** dtype of the weights (default 'float32'). */
  dtype?: DType;
}

/** Options of `Conv2d`: one number or [h, w] per spatial setting. */
export interface Conv2dLayerOptions extends LayerBase {
  stride?: number | [number, number];
  /** a number, [h, w], 'valid' (none, the default) or 'same' (output size = input size; stride 1 only) */
  padding?: number | [number, number] | 'same' | 'valid';
  dilation?: number | [number, number];
}

/** Options of `Conv1d`. */
export interface Conv1dLayerOptions extends LayerBase {
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
}

/** Options of `ConvTranspose2d`. */
export interface ConvTranspose2dLayerOptions extends LayerBase {
  stride?: number | [number, number];
  padding?: number | [number, number];
  /** Extra rows/columns at the bottom/right of the output (smaller than the stride or the dilation). */
  outputPadding?: number | [number, number];
  dilation?: number | [number, number];
}

/** What the shared base receives from each layer. */
interface Settings extends LayerBase {
  stride?: number | readonly number[];
  padding?: ConvPadding;
  outputPadding?: number | readonly number[];
  dilation?: number | readonly number[];
}

/**
 * The shared part of the convolution layers: settings, parameters, PyTorch's initialization and the
 * input checks. Weight [outChannels, inChannels/groups, …kernel], or [inChannels, outChannels/groups,
 * …kernel] when transposed; bias [outChannels].
 */
abstract class ConvNd extends Module<[Tensor], Tensor> {
  readonly kernelSize: number[];
  readonly stride: number[];
  /** per spatial dim, or 'same' / 'valid' */
  readonly padding: number[] | 'same' | 'valid';
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    private readonly kind: string,
    private readonly dims: number,
    private readonly transposed: boolean,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | readonly number[],
    {
      stride = 1,
      padding = 0,
      outputPadding = 0,
      dilation = 1,
      groups = 1,
      bias = true,
      rng,
      dtype = 'float32',
    }: Settings,
  ) {
    super();
    for (const [what, n] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
      ['groups', groups],
    ] as const) {
      if (!Number.isInteger(n) || n < 1) throw new ValueError(`${kind}: ${what} must be a positive integer, got ${n}`);
    }
    for (const [what, n] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (n % groups !== 0) throw new ValueError(`${kind}: ${what} ${n} must be divisible by groups ${groups}`);
    }
    this.kernelSize = spatial(kind, 'kernelSize', kernelSize, dims, 1);
    this.stride = spatial(kind, 'stride', stride, dims, 1);
    this.dilation = spatial(kind, 'dilation', dilation, dims, 1);
    this.groups = groups;
    if (padding === 'same' || padding === 'valid') {
      if (transposed) throw new ValueError(`${kind}: padding must be a number or [h, w], got '${padding}'`);
      if (padding === 'same' && this.stride.some((s) => s !== 1)) {
        throw new ValueError(
          `${kind}: padding='same' needs stride 1 (as in PyTorch), got stride ${fmtShape(this.stride)}; give the ` +
            'padding as a number, e.g. (kernelSize − 1) / 2 for an odd kernel',
        );
      }
      this.padding = padding;
    } else {
      this.padding = spatial(kind, 'padding', padding, dims, 0);
    }
    this.outputPadding = spatial(kind, 'outputPadding', outputPadding, dims, 0);
    if (this.outputPadding.some((p, i) => p >= (this.stride[i] as number) && p >= (this.dilation[i] as number))) {
      throw new ValueError(
        `${kind}: outputPadding ${fmtShape(this.outputPadding)} must be smaller than the stride ` +
          `${fmtShape(this.stride)} or the dilation ${fmtShape(this.dilation)}`,
      );
    }
    const shape = transposed
      ? [inChannels, outChannels / groups, ...this.kernelSize]
      : [outChannels, inChannels / groups, ...this.kernelSize];
    const opts = { dtype, ...(rng === undefined ? {} : { rng }) };
    // PyTorch's reset_parameters: kaiming-uniform with a = √5, i.e. U(±1/√fanIn), and the bias from
    // U(±1/√fanIn), where fanIn = weight.shape[1] · ∏ kernel (for transposed layers too, as PyTorch).
    this.weight = new Parameter(kaimingUniform(shape, { ...opts, a: Math.sqrt(5) }));
    const bound = 1 / Math.sqrt(fans(shape).fanIn);
    this.bias = bias ? new Parameter(uniform([outChannels], { ...opts, low: -bound, high: bound })) : null;
  }

  /** `Conv2d(1 → 8, kernel 5×5)`: how errors name this layer. */
  protected get label(): string {
    return `${this.kind}(${this.inChannels} → ${this.outChannels}, kernel ${this.kernelSize.join('×')})`;
  }

  /** Check the input's dtype, rank, channels and size against this layer; throw with a hint. */
  protected checkInput(x: Tensor): void {
    if (!isFloat(x.dtype)) throw new DTypeError(`${this.label}: input is ${x.dtype}; convert it with x.to('float32')`);
    const c = this.inChannels;
    const expected = this.dims === 1 ? `[N, ${c}, L]` : `[N, ${c}, H, W]`;
    if (x.ndim !== this.dims + 2) {
      throw new ShapeError(
        `${this.label}: input shape ${fmtShape(x.shape)} has ${x.ndim} dims, expected ${expected}${rankHint(x.shape, c, this.dims)}`,
      );
    }
    if (x.shape[1] !== c) {
      const last = x.shape[x.ndim - 1];
      const hint =
        this.dims === 2 && last === c
          ? ' — channels-last (NHWC) input? move the channels: x.permute([0, 3, 1, 2])'
          : ` — build the layer with inChannels ${x.shape[1]}, or give it ${c}-channel input`;
      throw new ShapeError(
        `${this.label}: input shape ${fmtShape(x.shape)} has ${x.shape[1]} channels, expected ${c}: ${expected}${hint}`,
      );
    }
    // The size check (kernel larger than the padded input), with this layer's name in the message.
    const { stride, padding, outputPadding, dilation, groups } = this;
    if (this.transposed) {
      const args = { stride, padding: padding as number[], outputPadding, dilation, groups };
      planConvTranspose(this.label, x.shape, this.weight.shape, this.dims, args);
    } else planConv(this.label, x.shape, this.weight.shape, this.dims, { stride, padding, dilation, groups });
  }

  /** As PyTorch: `1, 8, kernelSize=[5, 5], stride=[1, 1], padding='same'` (defaults left out). */
  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}`, `kernelSize=${fmtShape(this.kernelSize)}`];
    parts.push(`stride=${fmtShape(this.stride)}`);
    const p = this.padding;
    if (typeof p === 'string') parts.push(`padding='${p}'`);
    else if (p.some((v) => v !== 0)) parts.push(`padding=${fmtShape(p)}`);
    if (this.dilation.some((v) => v !== 1)) parts.push(`dilation=${fmtShape(this.dilation)}`);
    if (this.outputPadding.some((v) => v !== 0)) parts.push(`outputPadding=${fmtShape(this.outputPadding)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=false');
    return parts.join(', ');
  }
}

/** The likely fix for an input of the wrong rank: a missing channel or batch axis, or flat images. */
function rankHint(shape: Shape, channels: number, dims: number): string {
  const n = shape[0] as number;
  if (shape.length === dims + 1 && channels === 1) {
    return ` — add a channel axis: x.unsqueeze(1) or x.reshape(${fmtShape([n, 1, ...shape.slice(1)])})`;
  }
  if (shape.length === dims + 1 && shape[0] === channels) return ' — one sample? add a batch axis: x.unsqueeze(0)';
  if (dims === 2 && shape.length === 2) {
    const side = Math.sqrt((shape[1] as number) / channels);
    if (Number.isInteger(side))
      return ` — flattened images? reshape them: x.reshape(${fmtShape([n, channels, side, side])})`;
  }
  return '';
}

/**
 * 2-D convolution layer over NCHW images, as `torch.nn.Conv2d`: y = conv2d(x, weight, bias, options).
 *
 * Shapes: input [N, inChannels, H, W] → output [N, outChannels, Hout, Wout] (see `conv2d`);
 * `weight` [outChannels, inChannels/groups, kH, kW], `bias` [outChannels] (null with `bias: false`).
 * Initialization as PyTorch: weight and bias from U(±1/√fanIn), fanIn = inChannels/groups · kH · kW.
 * @throws ValueError for bad settings; ShapeError naming the layer for a wrong input, e.g.
 *   `Conv2d(1 → 8, kernel 5×5): input shape [64, 28, 28] has 3 dims, expected [N, 1, H, W] — add a channel axis: …`
 * @example
 * import { Conv2d, manualSeed, randn } from 'neurite';
 * manualSeed(0);
 * const conv = new Conv2d(1, 8, 5, { padding: 'same' });
 * conv.forward(randn([64, 1, 28, 28])).shape; // [64, 8, 28, 28]
 */
export class Conv2d extends ConvNd {
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | [number, number],
    options: Conv2dLayerOptions = {},
  ) {
    super('Conv2d', 2, false, inChannels, outChannels, kernelSize, options);
  }

  /** x [N, inChannels, H, W] → [N, outChannels, Hout, Wout] */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    return conv2d(x, this.weight, this.bias, this.options());
  }

  /**
   * relu(forward(x)) as one op (`conv2dRelu`: the same values and gradients, one tape node and
   * one output array fewer). What `Sequential` runs for a Conv2d followed by a ReLU.
   * @example new Conv2d(1, 8, 5, { padding: 'same' }).forwardRelu(randn([2, 1, 28, 28])).shape // [2, 8, 28, 28], all ≥ 0
   */
  forwardRelu(x: Tensor): Tensor {
    this.checkInput(x);
    return conv2dRelu(x, this.weight, this.bias, this.options());
  }

  /**
   * pool.forward(relu(forward(x))) as one op (`conv2dReluMaxPool2d`: the same values and gradients;
   * the convolution's output is never handed over). What `Sequential` runs for a Conv2d, a ReLU and
   * a MaxPool2d in a row.
   * @example new Conv2d(1, 8, 5, { padding: 'same' }).forwardReluMaxPool(randn([2, 1, 28, 28]), new MaxPool2d(2)).shape // [2, 8, 14, 14]
   */
  forwardReluMaxPool(x: Tensor, pool: MaxPool2d): Tensor {
    this.checkInput(x);
    const { kernelSize, stride, padding, dilation, ceilMode } = pool;
    const window = { kernelSize, stride, padding, dilation, ceilMode };
    return conv2dReluMaxPool2d(x, this.weight, this.bias, this.options(), window);
  }

  private options(): Conv2dOptions {
    const { stride, padding, dilation, groups } = this;
    const pad = typeof padding === 'string' ? padding : (padding as [number, number]);
    return { stride: stride as [number, number], padding: pad, dilation: dilation as [number, number], groups };
  }
}

/**
 * 1-D convolution layer over NCL sequences, as `torch.nn.Conv1d`.
 *
 * Shapes: input [N, inChannels, L] → output [N, outChannels, Lout] (see `conv1d`);
 * `weight` [outChannels, inChannels/groups, k], `bias` [outChannels]. Initialization as `Conv2d`.
 * @example
 * import { Conv1d, randn } from 'neurite';
 * new Conv1d(2, 4, 3, { padding: 1 }).forward(randn([8, 2, 50])).shape; // [8, 4, 50]
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dLayerOptions = {}) {
    super('Conv1d', 1, false, inChannels, outChannels, kernelSize, options);
  }

  /** x [N, inChannels, L] → [N, outChannels, Lout] */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const { stride, padding, dilation, groups } = this;
    const pad = typeof padding === 'string' ? padding : (padding[0] as number);
    return conv1d(x, this.weight, this.bias, { stride: stride[0], padding: pad, dilation: dilation[0], groups });
  }
}

/**
 * 2-D transposed convolution layer (the learned upsampling of GAN generators and decoders), as
 * `torch.nn.ConvTranspose2d`.
 *
 * Shapes: input [N, inChannels, H, W] → [N, outChannels, Hout, Wout] with
 * Hout = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1;
 * `weight` [inChannels, outChannels/groups, kH, kW] (PyTorch's layout), `bias` [outChannels].
 * Initialization as PyTorch: U(±1/√fanIn) with fanIn = outChannels/groups · kH · kW.
 * @example
 * import { ConvTranspose2d, randn } from 'neurite';
 * const up = new ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 });
 * up.forward(randn([2, 16, 7, 7])).shape; // [2, 8, 14, 14]
 */
export class ConvTranspose2d extends ConvNd {
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | [number, number],
    options: ConvTranspose2dLayerOptions = {},
  ) {
    super('ConvTranspose2d', 2, true, inChannels, outChannels, kernelSize, options);
  }

  /** x [N, inChannels, H, W] → [N, outChannels, Hout, Wout] */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const pair = (v: number[]) => v as [number, number];
    return convTranspose2d(x, this.weight, this.bias, {
      stride: pair(this.stride),
      padding: pair(this.padding as number[]),
      outputPadding: pair(this.outputPadding),
      dilation: pair(this.dilation),
      groups: this.groups,
    });
  }
}
