/**
 * The shape arithmetic of convolutions: options (stride, padding, dilation, groups) checked and
 * turned into the kernels' `ConvGeometry`, output sizes, and the errors that name the op, both
 * shapes and the fix. Written once for 1 and 2 spatial dimensions (a 1-D convolution runs as a
 * 2-D one with H = 1).
 */
import type { ConvGeometry } from '../backend/kernels/conv.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import type { Shape } from '../shape.js';

/** One size per spatial dimension, or one number for all of them. */
export type SpatialArg = number | readonly number[];
/** Padding of a convolution: zeros on both sides, or PyTorch's 'same' / 'valid' (no padding). */
export type ConvPadding = SpatialArg | 'same' | 'valid';

/** The options both convolutions share, already in neurite's naming. */
export interface ConvArgs {
  stride?: SpatialArg;
  padding?: ConvPadding;
  dilation?: SpatialArg;
  groups?: number;
}

/** The options of a transposed convolution. */
export interface ConvTransposeArgs {
  stride?: SpatialArg;
  padding?: SpatialArg;
  outputPadding?: SpatialArg;
  dilation?: SpatialArg;
  groups?: number;
}

/** A checked convolution: the kernels' geometry, the output shape and the group count. */
export interface ConvPlan {
  geo: ConvGeometry;
  outShape: Shape;
  groups: number;
}

/**
 * Output length of a convolution along one dimension (PyTorch's formula):
 * ⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride⌋ + 1.
 * @example convOutputSize(28, 5, { padding: 2 }) // 28
 * @example convOutputSize(28, 3, { stride: 2 }) // 13
 */
export function convOutputSize(
  size: number,
  kernel: number,
  {
    stride = 1,
    padding = 0,
    dilation = 1,
  }: { stride?: number; padding?: number | [number, number]; dilation?: number } = {},
): number {
  const [before, after] = typeof padding === 'number' ? [padding, padding] : padding;
  return Math.floor((size + before + after - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * Output length of a transposed convolution along one dimension (PyTorch's formula):
 * (size − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1.
 * @example convTransposeOutputSize(7, 4, { stride: 2, padding: 1 }) // 14
 */
export function convTransposeOutputSize(
  size: number,
  kernel: number,
  {
    stride = 1,
    padding = 0,
    dilation = 1,
    outputPadding = 0,
  }: { stride?: number; padding?: number; dilation?: number; outputPadding?: number } = {},
): number {
  return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/** PyTorch's 'same' padding of one dimension: d·(k − 1) in total, the odd one on the right/bottom. */
export function samePadding(kernel: number, dilation: number): [number, number] {
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** `v` as `dims` integers ≥ min, or a ValueError naming the op and option. */
export function spatial(op: string, name: string, v: SpatialArg, dims: number, min: number): number[] {
  const list = typeof v === 'number' ? new Array<number>(dims).fill(v) : [...v];
  if (list.length !== dims || !list.every((x) => Number.isInteger(x) && x >= min)) {
    const want = dims === 1 ? `an integer >= ${min}` : `an integer >= ${min} or ${dims} of them [h, w]`;
    throw new ValueError(`${op}: ${name} must be ${want}, got ${JSON.stringify(v)}`);
  }
  return list;
}

/** Check groups (a positive integer dividing `channels`, described by `what`). */
function checkGroups(op: string, groups: number, channels: number, what: string): void {
  if (!Number.isInteger(groups) || groups < 1)
    throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  if (channels % groups !== 0) {
    throw new ShapeError(`${op}: ${what} ${channels} is not divisible by groups ${groups}`);
  }
}

/** `[N, C, H, W]` or `[N, C, L]`: how messages spell the expected layout. */
function layout(dims: number, c: number | string): string {
  return dims === 1 ? `[N, ${c}, L]` : `[N, ${c}, H, W]`;
}

/** `5×5` or `5`. */
function fmtSize(v: readonly number[]): string {
  return v.join('×');
}

function checkRanks(op: string, x: Shape, w: Shape, dims: number, weightLayout: string): void {
  if (x.length !== dims + 2) {
    throw new ShapeError(`${op}: input shape ${fmtShape(x)} has ${x.length} dims, expected ${layout(dims, 'C')}`);
  }
  if (w.length !== dims + 2) {
    throw new ShapeError(`${op}: weight shape ${fmtShape(w)} has ${w.length} dims, expected ${weightLayout}`);
  }
}

/** The geometry of `dims` spatial sizes, H = 1 (and no padding along it) for 1-D. */
function geometry(
  batch: number,
  channels: number,
  image: number[],
  kernel: number[],
  stride: number[],
  padBefore: number[],
  dilation: number[],
  out: number[],
): ConvGeometry {
  const two = (v: number[], fill: number) => (v.length === 1 ? [fill, v[0] as number] : v) as [number, number];
  const [height, width] = two(image, 1);
  const [kernelH, kernelW] = two(kernel, 1);
  const [strideH, strideW] = two(stride, 1);
  const [padTop, padLeft] = two(padBefore, 0);
  const [dilationH, dilationW] = two(dilation, 1);
  const [outH, outW] = two(out, 1);
  return {
    batch,
    channels,
    height,
    width,
    kernelH,
    kernelW,
    strideH,
    strideW,
    padTop,
    padLeft,
    dilationH,
    dilationW,
    outH,
    outW,
  };
}

/**
 * Check a convolution of x [N, C, …spatial] with weight [Cout, C/groups, …kernel] and plan it.
 * @throws ShapeError / ValueError naming `op`, the shapes and the fix
 */
export function planConv(op: string, x: Shape, w: Shape, dims: number, args: ConvArgs): ConvPlan {
  const kernelNames = dims === 1 ? 'k' : 'kH, kW';
  checkRanks(op, x, w, dims, `[outChannels, inChannels/groups, ${kernelNames}]`);
  const groups = args.groups ?? 1;
  const outChannels = w[0] as number;
  checkGroups(op, groups, outChannels, `weight ${fmtShape(w)}: out channels`);
  const channels = x[1] as number;
  if (channels !== (w[1] as number) * groups) {
    throw new ShapeError(
      `${op}: input shape ${fmtShape(x)} has ${channels} channels, but weight ${fmtShape(w)} with groups ${groups} ` +
        `expects ${(w[1] as number) * groups} (weight.shape[1] · groups): expected input ${layout(dims, (w[1] as number) * groups)}`,
    );
  }
  const image = x.slice(2);
  const kernel = w.slice(2);
  const stride = spatial(op, 'stride', args.stride ?? 1, dims, 1);
  const dilation = spatial(op, 'dilation', args.dilation ?? 1, dims, 1);
  const padding = args.padding ?? 0;
  let pads: Array<[number, number]>;
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) {
      throw new ValueError(
        `${op}: padding='same' needs stride 1 (as in PyTorch), got stride ${fmtShape(stride)}; ` +
          'give the padding as a number instead, e.g. (kernel − 1) / 2 for an odd kernel',
      );
    }
    pads = kernel.map((k, i) => samePadding(k, dilation[i] as number));
  } else if (padding === 'valid') {
    pads = kernel.map(() => [0, 0]);
  } else {
    pads = spatial(op, 'padding', padding, dims, 0).map((p) => [p, p]);
  }
  const out = image.map((size, i) =>
    convOutputSize(size, kernel[i] as number, {
      stride: stride[i] as number,
      padding: pads[i] as [number, number],
      dilation: dilation[i] as number,
    }),
  );
  if (out.some((o) => o < 1)) {
    const reach = kernel.map((k, i) => (dilation[i] as number) * (k - 1) + 1);
    const padded = image.map((s, i) => s + (pads[i] as [number, number])[0] + (pads[i] as [number, number])[1]);
    throw new ShapeError(
      `${op}: input shape ${fmtShape(x)} padded to ${fmtSize(padded)} is smaller than the kernel ` +
        `${fmtSize(kernel)}${dilation.some((d) => d !== 1) ? ` with dilation ${fmtSize(dilation)} (reach ${fmtSize(reach)})` : ''}; ` +
        "use a larger input, more padding (e.g. padding: 'same') or a smaller kernel",
    );
  }
  return {
    geo: geometry(
      x[0] as number,
      channels,
      image,
      kernel,
      stride,
      pads.map((p) => p[0]),
      dilation,
      out,
    ),
    outShape: [x[0] as number, outChannels, ...out],
    groups,
  };
}

/**
 * Check a transposed convolution of x [N, Cin, …spatial] with weight [Cin, Cout/groups, …kernel]
 * and plan it. The geometry describes the OUTPUT image, which the matching convolution would read.
 * @throws ShapeError / ValueError naming `op`, the shapes and the fix
 */
export function planConvTranspose(op: string, x: Shape, w: Shape, dims: number, args: ConvTransposeArgs): ConvPlan {
  const kernelNames = dims === 1 ? 'k' : 'kH, kW';
  checkRanks(op, x, w, dims, `[inChannels, outChannels/groups, ${kernelNames}]`);
  const groups = args.groups ?? 1;
  const inChannels = w[0] as number;
  checkGroups(op, groups, inChannels, `weight ${fmtShape(w)}: in channels`);
  if (x[1] !== inChannels) {
    throw new ShapeError(
      `${op}: input shape ${fmtShape(x)} has ${x[1]} channels, but weight ${fmtShape(w)} expects ${inChannels} ` +
        `(weight.shape[0]): expected input ${layout(dims, inChannels)}`,
    );
  }
  const image = x.slice(2);
  const kernel = w.slice(2);
  const stride = spatial(op, 'stride', args.stride ?? 1, dims, 1);
  const dilation = spatial(op, 'dilation', args.dilation ?? 1, dims, 1);
  const padding = spatial(op, 'padding', args.padding ?? 0, dims, 0);
  const outputPadding = spatial(op, 'outputPadding', args.outputPadding ?? 0, dims, 0);
  outputPadding.forEach((p, i) => {
    if (p >= (stride[i] as number) && p >= (dilation[i] as number)) {
      throw new ValueError(
        `${op}: outputPadding ${fmtShape(outputPadding)} must be smaller than the stride ${fmtShape(stride)} ` +
          `or the dilation ${fmtShape(dilation)} (as in PyTorch)`,
      );
    }
  });
  const out = image.map((size, i) =>
    convTransposeOutputSize(size, kernel[i] as number, {
      stride: stride[i] as number,
      padding: padding[i] as number,
      dilation: dilation[i] as number,
      outputPadding: outputPadding[i] as number,
    }),
  );
  if (out.some((o) => o < 1)) {
    throw new ShapeError(
      `${op}: input shape ${fmtShape(x)} with kernel ${fmtSize(kernel)}, stride ${fmtSize(stride)} and padding ` +
        `${fmtSize(padding)} gives output size ${fmtSize(out)}; reduce the padding`,
    );
  }
  const outChannels = (w[1] as number) * groups;
  return {
    geo: geometry(x[0] as number, outChannels, out, kernel, stride, padding, dilation, image),
    outShape: [x[0] as number, outChannels, ...out],
    groups,
  };
}
