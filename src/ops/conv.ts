/**
 * Convolutions over NCHW images and NCL sequences: `conv2d`, `conv1d` and `convTranspose2d`, as
 * `torch.nn.functional`. Each is one primitive made of the conv kernels and the backend's GEMM:
 *
 *   conv:       cols = im2col(x);  y[n, g] = W[g] · cols[n, g] (+ b)
 *               dx = col2im(W[g]ᵀ · dy[n, g]);  dW[g] = Σₙ dy[n, g] · cols[n, g]ᵀ;  db = Σ dy
 *   transposed: y = col2im(W[g]ᵀ · x[n, g]) (+ b)  — exactly the input gradient of a convolution —
 *               so dx = W[g] · im2col(dy)[n, g] and dW[g] = Σₙ x[n, g] · im2col(dy)[n, g]ᵀ.
 *
 * The batch n and the group g are batch dimensions of one GEMM call with strides into the
 * operands, so no group or sample is ever copied out, and the WASM backend's GEMM runs them all.
 */
import { kernels } from '../backend/backend.js';
import type { GemmBatch, GemmSpec } from '../backend/kernels/matmul.js';
import { type DType, isFloat, promoteTypes, type TypedArray } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { type ConvArgs, type ConvPlan, type ConvTransposeArgs, planConv, planConvTranspose } from './conv-geometry.js';
import { defineOp } from './define.js';
import { to } from './elementwise.js';

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

/** The GEMM shapes per (sample, group): R weight rows, K = image channels · taps, L positions. */
interface Blocks {
  n: number;
  g: number;
  r: number;
  k: number;
  l: number;
}

function blocksOf({ geo, groups }: ConvPlan, w: Tensor): Blocks {
  const taps = geo.kernelH * geo.kernelW;
  return {
    n: geo.batch,
    g: groups,
    r: (w.shape[0] as number) / groups,
    k: (geo.channels / groups) * taps,
    l: geo.outH * geo.outW,
  };
}

/** Batch dims [N, G] with the element strides of A, B and C along each; size-1 dims left out. */
function batch(bl: Blocks, a: [number, number], b: [number, number], c: [number, number]): GemmBatch {
  const out: GemmBatch = { shape: [], aStrides: [], bStrides: [], cStrides: [] };
  const sizes = [bl.n, bl.g];
  for (let d = 0; d < 2; d++) {
    if (sizes[d] === 1) continue;
    (out.shape as number[]).push(sizes[d] as number);
    (out.aStrides as number[]).push(a[d] as number);
    (out.bStrides as number[]).push(b[d] as number);
    (out.cStrides as number[]).push(c[d] as number);
  }
  return out;
}

/** [N, G·R, L] = W[g] [R, K] · cols[n, g] [K, L] (A: the weight, B: the columns). */
function productSpec(bl: Blocks): GemmSpec {
  const { g, r, k, l } = bl;
  return {
    m: r,
    n: l,
    k,
    transA: false,
    transB: false,
    batch: batch(bl, [0, r * k], [g * k * l, k * l], [g * r * l, r * l]),
  };
}

/** cols [N, G·K, L] = W[g]ᵀ [K, R] · y[n, g] [R, L] (A: the weight, B: [N, G·R, L]). */
function columnsSpec(bl: Blocks): GemmSpec {
  const { g, r, k, l } = bl;
  return {
    m: k,
    n: l,
    k: r,
    transA: true,
    transB: false,
    batch: batch(bl, [0, r * k], [g * r * l, r * l], [g * k * l, k * l]),
  };
}

/** W [G, R, K] = Σₙ y[n, g] [R, L] · cols[n, g]ᵀ [L, K] (A: [N, G·R, L], B: the columns). */
function weightSpec(bl: Blocks): GemmSpec {
  const { g, r, k, l } = bl;
  return {
    m: r,
    n: k,
    k: l,
    transA: false,
    transB: true,
    batch: batch(bl, [g * r * l, r * l], [g * k * l, k * l], [0, r * k]),
  };
}

/** A convolution primitive (conv1d and conv2d differ only in name and shapes): inputs x, w[, b]. */
function convPrimitive(name: string) {
  return defineOp<Tensor[], ConvPlan, TypedArray>({
    name,
    forward: (k, [x, w, b], plan) => {
      const bl = blocksOf(plan, w as Tensor);
      const cols = k.im2col((x as Tensor).data, plan.geo);
      const y = k.gemm((w as Tensor).data, cols, productSpec(bl));
      if (b !== undefined) k.addChannelBias(y, b.data, bl.n, bl.g * bl.r, bl.l);
      return { data: y, shape: plan.outShape, saved: cols };
    },
    backward: (dy, { inputs: [x, w, b], params: plan, saved: cols }) => {
      const k = kernels();
      const bl = blocksOf(plan, w as Tensor);
      const dx = x?.requiresGrad
        ? new Tensor(k.col2im(k.gemm((w as Tensor).data, dy.data, columnsSpec(bl)), plan.geo), x.shape)
        : null;
      const dw = w?.requiresGrad ? new Tensor(k.gemm(dy.data, cols, weightSpec(bl)), w.shape) : null;
      if (b === undefined) return [dx, dw];
      return [dx, dw, b.requiresGrad ? new Tensor(k.channelSum(dy.data, bl.n, bl.g * bl.r, bl.l), b.shape) : null];
    },
  });
}

const conv2dOp = convPrimitive('conv2d');
const conv1dOp = convPrimitive('conv1d');

const convTranspose2dOp = defineOp<Tensor[], ConvPlan>({
  name: 'convTranspose2d',
  forward: (k, [x, w, b], plan) => {
    const bl = blocksOf(plan, w as Tensor);
    const y = k.col2im(k.gemm((w as Tensor).data, (x as Tensor).data, columnsSpec(bl)), plan.geo);
    if (b !== undefined) k.addChannelBias(y, b.data, bl.n, plan.geo.channels, plan.geo.height * plan.geo.width);
    return { data: y, shape: plan.outShape };
  },
  backward: (dy, { inputs: [x, w, b], params: plan }) => {
    const k = kernels();
    const bl = blocksOf(plan, w as Tensor);
    const { geo } = plan;
    const cols = x?.requiresGrad || w?.requiresGrad ? k.im2col(dy.data, geo) : null;
    const dx = x?.requiresGrad
      ? new Tensor(k.gemm((w as Tensor).data, cols as TypedArray, productSpec(bl)), x.shape)
      : null;
    const dw = w?.requiresGrad
      ? new Tensor(k.gemm((x as Tensor).data, cols as TypedArray, weightSpec(bl)), w.shape)
      : null;
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
