/**
 * Convolutions over NCHW images and NCL sequences: `conv2d`, `conv1d` and `convTranspose2d`, as
 * `torch.nn.functional`. Each is one primitive over the conv kernels, which compute:
 *
 *   conv:       cols = im2col(x);  y[n, g] = W[g] · cols[n, g] (+ b)
 *               dx = col2im(W[g]ᵀ · dy[n, g]);  dW[g] = Σₙ dy[n, g] · cols[n, g]ᵀ;  db = Σ dy
 *   transposed: y = col2im(W[g]ᵀ · x[n, g]) (+ b)  — exactly the input gradient of a convolution —
 *               so dx = W[g] · im2col(dy)[n, g] and dW[g] = Σₙ x[n, g] · im2col(dy)[n, g]ᵀ.
 *
 * Each product is one kernel call (`convForward`, `convInputGrad`, `convWeightGrad`, see
 * backend/kernels/conv.ts): the backend decides how to unfold and multiply, and nothing but the
 * inputs is kept for backward (the columns are unfolded again there).
 */
import { kernels } from '../backend/backend.js';
import type { ConvGemm } from '../backend/kernels/conv.js';
import { type DType, type FloatArray, isFloat, promoteTypes, type TypedArray } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import {
  type ConvArgs,
  type ConvPlan,
  type ConvTransposeArgs,
  planConv,
  planConvTranspose,
  type SpatialArg,
} from './conv-geometry.js';
import { defineOp } from './define.js';
import { to } from './elementwise.js';
import type { MaxPoolOptions } from './pool.js';
import { type PoolPlan, planWindowOver } from './pool-geometry.js';

export { convOutputSize, convTransposeOutputSize } from './conv-geometry.js';

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step of the window, one number or [h, w] (default 1). */
  stride?: number | [number, number];
  /** Zeros around the image: a number, [h, w], 'valid' (none, the default) or 'same' (stride 1 only). */
  padding?: number | [number, number] | 'same' | 'valid';
  /** Spacing of the kernel taps, one number or [h, w] (default 1). */
  dilation?: number | [number, number];
  /** Split the channels into this many independent groups (default 1; Cin for depthwise). */
  groups?: number;
}

/** Options of `conv1d`. */
export interface Conv1dOptions {
  stride?: number;
  padding?: number | 'same' | 'valid';
  dilation?: number;
  groups?: number;
}

/** Options of `convTranspose2d`. */
export interface ConvTranspose2dOptions {
  stride?: number | [number, number];
  /** Crops this many rows/columns from each side of the full output (default 0). */
  padding?: number | [number, number];
  /** Extra rows/columns added at the bottom/right, to pick one of the sizes a stride allows (default 0). */
  outputPadding?: number | [number, number];
  dilation?: number | [number, number];
  groups?: number;
}

/** The GEMMs of `plan` with weight `w` (its first dim is G·R: R rows per group). */
function gemmOf({ geo, groups }: ConvPlan, w: Tensor): ConvGemm {
  return { geo, groups, rows: (w.shape[0] as number) / groups };
}

/**
 * A convolution primitive (conv1d and conv2d differ only in name and shapes): inputs x, w[, b].
 * With `relu`, max(·, 0) follows in the same op (the kernel applies it to its output; backward
 * masks dy where that output is 0 first): the values and gradients of `relu(conv(…))`.
 */
function convPrimitive(name: string, relu = false) {
  return defineOp<Tensor[], ConvPlan>({
    name,
    forward: (k, [x, w, b], plan) => {
      const spec = gemmOf(plan, w as Tensor);
      const y = k.convForward((x as Tensor).data, (w as Tensor).data, b?.data ?? null, spec, relu);
      return { data: y, shape: plan.outShape };
    },
    backward: (g, { inputs, out, params: plan }) => {
      const y = out.data as FloatArray;
      const dy = relu ? kernels().reluGrad(y, y, g.data as FloatArray, undefined) : g.data;
      return convGrads(dy, inputs, plan);
    },
  });
}

/** The gradients of a convolution's inputs x, w[, b] (null where not needed) from dy, its output's. */
function convGrads(dy: TypedArray, [x, w, b]: Tensor[], plan: ConvPlan): Array<Tensor | null> {
  const k = kernels();
  const spec = gemmOf(plan, w as Tensor);
  const dx = x?.requiresGrad ? new Tensor(k.convInputGrad((w as Tensor).data, dy, spec), x.shape) : null;
  const dw = w?.requiresGrad ? new Tensor(k.convWeightGrad(dy, (x as Tensor).data, spec), w.shape) : null;
  if (b === undefined) return [dx, dw];
  const { geo } = plan;
  const db = b.requiresGrad
    ? new Tensor(k.channelSum(dy, geo.batch, plan.outShape[1] as number, geo.outH * geo.outW), b.shape)
    : null;
  return [dx, dw, db];
}

/** A conv2d + ReLU + max-pooling block's plans: the convolution's, and the pooling's over its output. */
interface BlockPlan {
  conv: ConvPlan;
  pool: PoolPlan;
}

/**
 * relu(conv2d(…)) then max pooling, as one primitive: the kernel pools the convolution's output
 * where it computed it, so that output is never handed over (`convReluMaxPool`). Backward: the
 * pooled gradient masked where the pooled value is 0 (there the ReLU blocked every input of the
 * window, or the max was 0), routed to each window's argmax, then the convolution's gradients.
 * The same values and gradients as the three ops in turn.
 */
const conv2dReluMaxPoolOp = defineOp<Tensor[], BlockPlan, Int32Array>({
  name: 'conv2dReluMaxPool2d',
  forward: (k, [x, w, b], { conv, pool }) => {
    const spec = gemmOf(conv, w as Tensor);
    const { out, indices } = k.convReluMaxPool((x as Tensor).data, (w as Tensor).data, b?.data ?? null, spec, pool.geo);
    return { data: out, shape: pool.outShape, saved: indices };
  },
  backward: (g, { inputs, out, params: { conv, pool }, saved }) => {
    const k = kernels();
    const y = out.data as FloatArray;
    const masked = k.reluGrad(y, y, g.data as FloatArray, undefined);
    return convGrads(k.maxPool2dBackward(masked, saved, pool.geo), inputs, conv);
  },
});

const conv2dOp = convPrimitive('conv2d');
const conv2dReluOp = convPrimitive('conv2dRelu', true);
const conv1dOp = convPrimitive('conv1d');

const convTranspose2dOp = defineOp<Tensor[], ConvPlan>({
  name: 'convTranspose2d',
  forward: (k, [x, w, b], plan) => {
    const { geo } = plan;
    const y = k.convInputGrad((w as Tensor).data, (x as Tensor).data, gemmOf(plan, w as Tensor));
    if (b !== undefined) k.addChannelBias(y, b.data, geo.batch, geo.channels, geo.height * geo.width);
    return { data: y, shape: plan.outShape };
  },
  backward: (dy, { inputs: [x, w, b], params: plan }) => {
    const k = kernels();
    const spec = gemmOf(plan, w as Tensor);
    const { geo } = plan;
    const dx = x?.requiresGrad ? new Tensor(k.convForward(dy.data, (w as Tensor).data, null, spec), x.shape) : null;
    const dw = w?.requiresGrad ? new Tensor(k.convWeightGrad((x as Tensor).data, dy.data, spec), w.shape) : null;
    if (b === undefined) return [dx, dw];
    const db = b.requiresGrad
      ? new Tensor(k.channelSum(dy.data, geo.batch, geo.channels, geo.height * geo.width), b.shape)
      : null;
    return [dx, dw, db];
  },
});

/** Check dtypes and the bias, and promote x, weight and bias to one float dtype (as `linear`). */
function operands(op: string, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, channels: number): Tensor[] {
  for (const [what, t] of [
    ['input', x],
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t != null && !isFloat(t.dtype)) {
      throw new DTypeError(`${op}: ${what} must be float32 or float64, got ${t.dtype}; convert it with .to('float32')`);
    }
  }
  if (bias == null) {
    const dtype = promoteTypes(x.dtype, weight.dtype);
    return [to(x, dtype), to(weight, dtype)];
  }
  if (bias.ndim !== 1 || bias.shape[0] !== channels) {
    throw new ShapeError(
      `${op}: bias shape ${fmtShape(bias.shape)} does not match weight ${fmtShape(weight.shape)}: expected [${channels}]`,
    );
  }
  const dtype: DType = promoteTypes(promoteTypes(x.dtype, weight.dtype), bias.dtype);
  return [to(x, dtype), to(weight, dtype), to(bias, dtype)];
}

/**
 * 2-D convolution (cross-correlation, as `torch.nn.functional.conv2d`) of NCHW images:
 * y[n, o, i, j] = b[o] + Σ_{c ∈ group(o)} Σ_{p, q} W[o, c, p, q] · x[n, c, s_h·i − pad_t + d_h·p, s_w·j − pad_l + d_w·q],
 * zeros outside the image (LeCun et al., "Gradient-based learning applied to document recognition", 1998).
 * @param x input [N, Cin, H, W]
 * @param weight [Cout, Cin/groups, kH, kW]
 * @param bias optional [Cout] (null or undefined for none)
 * @returns [N, Cout, Hout, Wout] with Hout = ⌊(H + padTop + padBottom − dH·(kH − 1) − 1) / sH⌋ + 1 (see `convOutputSize`)
 * @throws ShapeError naming the shapes (wrong rank, channels, bias, kernel larger than the padded input);
 *   ValueError for bad options ('same' with a stride, groups not dividing the channels)
 * @example
 * import { conv2d, ones } from 'neurite';
 * const x = ones([1, 1, 4, 4]);
 * conv2d(x, ones([1, 1, 3, 3])).toArray(); // [[[[9, 9], [9, 9]]]]
 * conv2d(x, ones([2, 1, 3, 3]), null, { padding: 'same' }).shape; // [1, 2, 4, 4]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const plan = planConv('conv2d', x.shape, weight.shape, 2, options as ConvArgs);
  return conv2dOp(operands('conv2d', x, weight, bias, plan.outShape[1] as number), plan);
}

/** The window of the max pooling in `conv2dReluMaxPool2d` (`maxPool2d`'s arguments). */
export interface MaxPoolWindow extends MaxPoolOptions {
  kernelSize: SpatialArg;
  /** Default: the kernel size. */
  stride?: SpatialArg | null;
  /** Default 0. */
  padding?: SpatialArg;
}

/**
 * maxPool2d(relu(conv2d(x, weight, bias, options)), window) as one op: the convolution's output
 * is pooled where it was computed and never handed over (one output array instead of three, one
 * tape node); the same values and gradients as the three ops. What `Sequential` runs for a
 * `Conv2d`, a `ReLU` and a `MaxPool2d` in a row.
 * @example
 * import { conv2dReluMaxPool2d, randn } from 'neurite';
 * conv2dReluMaxPool2d(randn([2, 1, 28, 28]), randn([8, 1, 5, 5]), randn([8]), { padding: 'same' }, { kernelSize: 2 }).shape; // [2, 8, 14, 14]
 */
export function conv2dReluMaxPool2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: Conv2dOptions,
  window: MaxPoolWindow,
): Tensor {
  const conv = planConv('conv2d', x.shape, weight.shape, 2, options as ConvArgs);
  const { kernelSize, stride, padding = 0, dilation = 1, ceilMode = false } = window;
  const args = { kernelSize, stride, padding, dilation };
  const pool = planWindowOver('maxPool2d', conv.outShape, 2, args, ceilMode);
  return conv2dReluMaxPoolOp(operands('conv2d', x, weight, bias, conv.outShape[1] as number), { conv, pool });
}

/**
 * relu(conv2d(x, weight, bias, options)) as one op: the kernel applies the ReLU to its output
 * before handing it over, so one output array and one tape node instead of two; the same values
 * and gradients. What `Sequential` runs for a `Conv2d` followed by a `ReLU`.
 * @example
 * import { conv2dRelu, randn } from 'neurite';
 * conv2dRelu(randn([2, 1, 28, 28]), randn([8, 1, 5, 5]), randn([8]), { padding: 'same' }).shape; // [2, 8, 28, 28], all ≥ 0
 */
export function conv2dRelu(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const plan = planConv('conv2d', x.shape, weight.shape, 2, options as ConvArgs);
  return conv2dReluOp(operands('conv2d', x, weight, bias, plan.outShape[1] as number), plan);
}

/**
 * 1-D convolution of NCL sequences, as `torch.nn.functional.conv1d` (a 2-D convolution with H = 1):
 * y[n, o, i] = b[o] + Σ_{c ∈ group(o)} Σ_p W[o, c, p] · x[n, c, s·i − pad + d·p].
 * @param x input [N, Cin, L]
 * @param weight [Cout, Cin/groups, k]
 * @param bias optional [Cout]
 * @returns [N, Cout, Lout] with Lout = ⌊(L + padLeft + padRight − d·(k − 1) − 1) / s⌋ + 1
 * @throws ShapeError / ValueError as `conv2d`
 * @example
 * import { conv1d, tensor } from 'neurite';
 * conv1d(tensor([[[1, 2, 3, 4]]]), tensor([[[1, -1]]])).toArray(); // [[[-1, -1, -1]]]
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv1dOptions = {}): Tensor {
  const plan = planConv('conv1d', x.shape, weight.shape, 1, options as ConvArgs);
  return conv1dOp(operands('conv1d', x, weight, bias, plan.outShape[1] as number), plan);
}

/**
 * 2-D transposed convolution (a.k.a. fractionally strided convolution; the input gradient of
 * `conv2d`), as `torch.nn.functional.conv_transpose2d`: every input pixel scatters its value times
 * the kernel into the output, y[n, o, s·i − pad + d·p, …] += x[n, c, i, …] · W[c, o, p, …]. The
 * upsampling layer of GAN generators (Dumoulin & Visin, "A guide to convolution arithmetic", 2016).
 * @param x input [N, Cin, H, W]
 * @param weight [Cin, Cout/groups, kH, kW] (PyTorch's layout: input channels first)
 * @param bias optional [Cout]
 * @returns [N, Cout, Hout, Wout] with Hout = (H − 1)·sH − 2·padH + dH·(kH − 1) + outputPaddingH + 1
 * @throws ShapeError naming the shapes; ValueError for bad options (outputPadding ≥ stride and dilation)
 * @example
 * import { convTranspose2d, ones } from 'neurite';
 * convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null, { stride: 2 }).shape; // [1, 1, 4, 4]
 */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose2dOptions = {},
): Tensor {
  const plan = planConvTranspose('convTranspose2d', x.shape, weight.shape, 2, options as ConvTransposeArgs);
  return convTranspose2dOp(operands('convTranspose2d', x, weight, bias, plan.outShape[1] as number), plan);
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `conv2d()`. */ conv2d(weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor;
    /** See `conv1d()`. */ conv1d(weight: Tensor, bias?: Tensor | null, options?: Conv1dOptions): Tensor;
    /** See `convTranspose2d()`. */
    convTranspose2d(weight: Tensor, bias?: Tensor | null, options?: ConvTranspose2dOptions): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  conv2d(this: Tensor, weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions) {
    return conv2d(this, weight, bias, options);
  },
  conv1d(this: Tensor, weight: Tensor, bias?: Tensor | null, options?: Conv1dOptions) {
    return conv1d(this, weight, bias, options);
  },
  convTranspose2d(this: Tensor, weight: Tensor, bias?: Tensor | null, options?: ConvTranspose2dOptions) {
    return convTranspose2d(this, weight, bias, options);
  },
});
