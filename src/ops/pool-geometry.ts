/**
 * The shape arithmetic of pooling: arguments checked as PyTorch checks them, output sizes, and the
 * kernels' geometry (N·C planes; a 1-d pool is a 2-d one with H = 1), with errors that name the op
 * or layer, the shapes and the fix.
 */
import type { PlaneGeometry, WindowGeometry } from '../backend/kernels/pool.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { numel, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { type SpatialArg, spatial } from './conv-geometry.js';
import { expectFloat } from './define.js';

/**
 * Output length of a pooling window along one dimension (PyTorch's formula):
 * ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, or with `ceilMode` ⌈…⌉ + 1 less one
 * when the last window would start in the right padding.
 * @example poolOutputSize(28, 2, { stride: 2 }) // 14
 * @example poolOutputSize(5, 2, { stride: 2, ceilMode: true }) // 3
 */
export function poolOutputSize(
  size: number,
  kernel: number,
  {
    stride = kernel,
    padding = 0,
    dilation = 1,
    ceilMode = false,
  }: { stride?: number; padding?: number; dilation?: number; ceilMode?: boolean } = {},
): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + padding) out--;
  return out;
}

/** What a pool op carries: the kernels' geometry and the output shape. */
export interface PoolPlan {
  geo: WindowGeometry;
  outShape: Shape;
}

/** `[N, C, H, W] or [C, H, W]` / `[N, C, L] or [C, L]`. */
function layouts(dims: number): string {
  return dims === 2 ? '[N, C, H, W] or [C, H, W]' : '[N, C, L] or [C, L]';
}

/** Check that x is a float [N, C, …spatial] or [C, …spatial] tensor (`dims` spatial axes). */
export function checkPoolInput(op: string, x: Tensor, dims: number): void {
  expectFloat(op, x);
  if (x.ndim === dims + 1 || x.ndim === dims + 2) return;
  const fix =
    x.ndim < dims + 1
      ? `add the missing axes, e.g. x.reshape(${fmtShape([1, 1, ...x.shape])})`
      : `merge the leading axes, e.g. x.reshape([-1, ${x.shape.slice(-dims - 1).join(', ')}])`;
  throw new ShapeError(`${op}: input shape ${fmtShape(x.shape)} has ${x.ndim} dims, expected ${layouts(dims)}; ${fix}`);
}

/** A pooling window's arguments as given: one number for all spatial axes, or one per axis. */
export interface WindowArgs {
  kernelSize: SpatialArg;
  stride?: SpatialArg | null | undefined;
  padding?: SpatialArg | undefined;
  dilation?: SpatialArg | undefined;
}

/**
 * Check a window's arguments as PyTorch does (positive kernel, stride and dilation, padding at most
 * half the kernel) and give one value per spatial axis; stride defaults to the kernel size.
 * @throws ValueError naming `op` and the argument
 */
export function windowArgs(op: string, dims: number, args: WindowArgs) {
  const kernel = spatial(op, 'kernelSize', args.kernelSize, dims, 1);
  const stride = args.stride == null ? kernel : spatial(op, 'stride', args.stride, dims, 1);
  const padding = spatial(op, 'padding', args.padding ?? 0, dims, 0);
  const dilation = spatial(op, 'dilation', args.dilation ?? 1, dims, 1);
  padding.forEach((p, i) => {
    if (p > Math.floor((kernel[i] as number) / 2)) {
      throw new ValueError(
        `${op}: padding ${fmtShape(padding)} must be at most half the kernel size ${fmtShape(kernel)} (as in PyTorch)`,
      );
    }
  });
  return { kernel, stride, padding, dilation };
}

/** A sliding-window plan over the last `dims` axes of x (checks x and the arguments). */
export function planWindow(op: string, x: Tensor, dims: number, args: WindowArgs, ceilMode: boolean): PoolPlan {
  checkPoolInput(op, x, dims);
  return planWindowOver(op, x.shape, dims, args, ceilMode);
}

/**
 * `planWindow` for an input of this shape (already checked: float, 1 or 2 leading axes), e.g. an
 * output a fused op has not made yet.
 * @example planWindowOver('maxPool2d', [64, 8, 28, 28], 2, { kernelSize: 2 }, false).outShape // [64, 8, 14, 14]
 */
export function planWindowOver(op: string, shape: Shape, dims: number, args: WindowArgs, ceilMode: boolean): PoolPlan {
  const x = { shape };
  const { kernel, stride, padding, dilation } = windowArgs(op, dims, args);
  const image = x.shape.slice(-dims);
  const out = image.map((size, i) =>
    poolOutputSize(size, kernel[i] as number, {
      stride: stride[i] as number,
      padding: padding[i] as number,
      dilation: dilation[i] as number,
      ceilMode,
    }),
  );
  if (out.some((o) => o < 1)) {
    const dilated = dilation.some((d) => d !== 1) ? ` and dilation ${fmtShape(dilation)}` : '';
    throw new ShapeError(
      `${op}: input shape ${fmtShape(x.shape)} is too small for kernel ${kernel.join('×')} with padding ` +
        `${fmtShape(padding)}${dilated}: the output ` +
        `would be ${out.join('×')}; use a smaller kernel, more padding or a larger input`,
    );
  }
  const one = (v: number[], fill: number) => (dims === 1 ? [fill, v[0] as number] : v) as [number, number];
  const [inH, inW] = one(image as number[], 1);
  const [outH, outW] = one(out, 1);
  const [kH, kW] = one(kernel, 1);
  const [sH, sW] = one(stride, 1);
  const [pH, pW] = one(padding, 0);
  const [dH, dW] = one(dilation, 1);
  const planes = numel(x.shape.slice(0, -dims));
  const geo = { planes, inH, inW, outH, outW, kH, kW, sH, sW, pH, pW, dH, dW };
  return { geo, outShape: [...x.shape.slice(0, -dims), ...out] };
}

/** An adaptive pool's output size: h for every axis, or one per axis (null keeps the input size). */
export type AdaptiveSize = number | ReadonlyArray<number | null>;

/**
 * Check an adaptive pool's `outputSize` for `dims` spatial axes.
 * @throws ValueError naming `op`
 */
export function checkOutputSize(op: string, dims: number, outputSize: AdaptiveSize): void {
  const sizes = typeof outputSize === 'number' ? [outputSize] : outputSize;
  const count = typeof outputSize === 'number' ? 1 : dims;
  if (
    !Array.isArray(sizes) ||
    sizes.length !== count ||
    !sizes.every((s) => s === null || (Number.isInteger(s) && s >= 1))
  ) {
    const want = dims === 2 ? 'a positive integer or [h, w] (null keeps the input size)' : 'a positive integer';
    throw new ValueError(`${op}: outputSize must be ${want}, got ${JSON.stringify(outputSize)}`);
  }
}

/** The plan of an adaptive pool over the last `dims` axes of x. */
export function planAdaptive(
  op: string,
  x: Tensor,
  dims: number,
  outputSize: AdaptiveSize,
): { geo: PlaneGeometry; outShape: Shape } {
  checkPoolInput(op, x, dims);
  checkOutputSize(op, dims, outputSize);
  const image = x.shape.slice(-dims);
  if (image.some((s) => s < 1)) {
    throw new ShapeError(`${op}: input shape ${fmtShape(x.shape)} has an empty spatial axis; nothing to pool`);
  }
  const given = typeof outputSize === 'number' ? new Array<number>(dims).fill(outputSize) : outputSize;
  const out = given.map((o, i) => o ?? (image[i] as number));
  const [inH, inW] = (dims === 1 ? [1, image[0]] : image) as [number, number];
  const [outH, outW] = (dims === 1 ? [1, out[0]] : out) as [number, number];
  const geo = { planes: numel(x.shape.slice(0, -dims)), inH, inW, outH, outW };
  return { geo, outShape: [...x.shape.slice(0, -dims), ...out] };
}
