/**
 * Pooling over NCHW images (and NCL sequences): max, average and adaptive average, as PyTorch's
 * `max_pool2d`, `avg_pool2d`, `adaptive_avg_pool2d` and their 1-d forms. Each is one primitive
 * whose kernels see N·C independent planes (a 1-d pool is a 2-d one with H = 1), with a fused
 * backward kernel: max pooling routes the gradient to each window's argmax, average pooling
 * spreads it evenly over the window.
 */
import { kernels } from '../backend/backend.js';
import type { AvgPoolOptions as AvgKernelOptions, PlaneGeometry } from '../backend/kernels/pool.js';
import type { FloatArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { SpatialArg } from './conv-geometry.js';
import { defineOp } from './define.js';
import { type AdaptiveSize, type PoolPlan, planAdaptive, planWindow } from './pool-geometry.js';

export { poolOutputSize } from './pool-geometry.js';

/** Options of the max pools (PyTorch's `dilation`, `ceil_mode`). */
export interface MaxPoolOptions {
  /** Gap between window taps (default 1). */
  dilation?: SpatialArg;
  /** Round the output size up, so that a last partial window is kept (default false). */
  ceilMode?: boolean;
}

/** Options of the average pools (PyTorch's `ceil_mode`, `count_include_pad`, `divisor_override`). */
export interface AvgPoolOptions {
  /** Round the output size up (default false). */
  ceilMode?: boolean;
  /** Count padded zeros in each window's divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window sum by this number instead. */
  divisorOverride?: number;
}

const maxPoolOp = defineOp<[Tensor], PoolPlan, Int32Array>({
  name: 'maxPool',
  forward: (k, [x], { geo, outShape }) => {
    const { out, indices } = k.maxPool2d(x.data as FloatArray, geo);
    return { data: out, shape: outShape, saved: indices };
  },
  backward: (g, { inputs: [x], params: { geo }, saved }) => [
    new Tensor(kernels().maxPool2dBackward(g.data as FloatArray, saved, geo), x.shape),
  ],
});

interface AvgPlan extends PoolPlan {
  options: AvgKernelOptions;
}

const avgPoolOp = defineOp<[Tensor], AvgPlan>({
  name: 'avgPool',
  forward: (k, [x], { geo, outShape, options }) => ({
    data: k.avgPool2d(x.data as FloatArray, geo, options),
    shape: outShape,
  }),
  backward: (g, { inputs: [x], params: { geo, options } }) => [
    new Tensor(kernels().avgPool2dBackward(g.data as FloatArray, geo, options), x.shape),
  ],
});

interface AdaptivePlan {
  geo: PlaneGeometry;
  outShape: Shape;
}

const adaptiveAvgPoolOp = defineOp<[Tensor], AdaptivePlan>({
  name: 'adaptiveAvgPool',
  forward: (k, [x], { geo, outShape }) => ({ data: k.adaptiveAvgPool2d(x.data as FloatArray, geo), shape: outShape }),
  backward: (g, { inputs: [x], params: { geo } }) => [
    new Tensor(kernels().adaptiveAvgPool2dBackward(g.data as FloatArray, geo), x.shape),
  ],
});

/** maxPool2d / maxPool1d with errors named `op` (layers pass their own name). */
export function maxPool(
  op: string,
  dims: number,
  x: Tensor,
  kernelSize: SpatialArg,
  stride: SpatialArg | null | undefined,
  padding: SpatialArg,
  { dilation = 1, ceilMode = false }: MaxPoolOptions,
): Tensor {
  return maxPoolOp([x], planWindow(op, x, dims, { kernelSize, stride, padding, dilation }, ceilMode));
}

/** avgPool2d / avgPool1d with errors named `op`. */
export function avgPool(
  op: string,
  dims: number,
  x: Tensor,
  kernelSize: SpatialArg,
  stride: SpatialArg | null | undefined,
  padding: SpatialArg,
  { ceilMode = false, countIncludePad = true, divisorOverride }: AvgPoolOptions,
): Tensor {
  if (divisorOverride !== undefined && !(Number.isFinite(divisorOverride) && divisorOverride !== 0)) {
    throw new ValueError(`${op}: divisorOverride must be a non-zero number, got ${divisorOverride}`);
  }
  const plan = planWindow(op, x, dims, { kernelSize, stride, padding }, ceilMode);
  return avgPoolOp([x], { ...plan, options: { countIncludePad, divisorOverride: divisorOverride ?? null } });
}

/**
 * 2-d max pooling, as `torch.nn.functional.max_pool2d`: each output is the largest input in its
 * kH×kW window (padding never wins). Backward routes the gradient to the window's argmax (the
 * first max on ties; a NaN counts as the max).
 *
 * Shapes: [N, C, H, W] → [N, C, H′, W′] (or [C, H, W] → [C, H′, W′]) with
 * H′ = ⌊(H + 2·pH − dH·(kH − 1) − 1) / sH⌋ + 1 (see `poolOutputSize`).
 * @param kernelSize window size k or [kH, kW]
 * @param stride step (default: kernelSize, i.e. non-overlapping windows)
 * @param padding implicit −∞ on each side, at most half the kernel (default 0)
 * @throws ShapeError for an input that is not 3-d or 4-d, or too small for the window
 * @example
 * import { maxPool2d, tensor } from 'neurite';
 * const x = tensor([[[[1, 2, 5, 6], [3, 4, 7, 8]]]]); // [1, 1, 2, 4]
 * maxPool2d(x, 2).toArray(); // [[[[4, 8]]]]
 */
export function maxPool2d(
  x: Tensor,
  kernelSize: SpatialArg,
  stride?: SpatialArg | null,
  padding: SpatialArg = 0,
  options: MaxPoolOptions = {},
): Tensor {
  return maxPool('maxPool2d', 2, x, kernelSize, stride, padding, options);
}

/**
 * 1-d max pooling over the last axis, as `torch.nn.functional.max_pool1d`:
 * [N, C, L] → [N, C, L′] (or [C, L] → [C, L′]); see `maxPool2d`.
 * @example maxPool1d(tensor([[[1, 3, 2, 0]]]), 2).toArray(); // [[[3, 2]]]
 */
export function maxPool1d(
  x: Tensor,
  kernelSize: number,
  stride?: number | null,
  padding = 0,
  options: MaxPoolOptions = {},
): Tensor {
  return maxPool('maxPool1d', 1, x, kernelSize, stride, padding, options);
}

/**
 * 2-d average pooling, as `torch.nn.functional.avg_pool2d`: each output is the sum of its kH×kW
 * window divided by the window size (with `countIncludePad` the padded zeros count, PyTorch's
 * default; else only the input positions). Backward spreads each gradient evenly over its window.
 * Shapes as `maxPool2d` (no dilation).
 * @throws ShapeError for an input that is not 3-d or 4-d, or too small for the window
 * @example
 * import { avgPool2d, tensor } from 'neurite';
 * avgPool2d(tensor([[[[1, 2, 5, 6], [3, 4, 7, 8]]]]), 2).toArray(); // [[[[2.5, 6.5]]]]
 */
export function avgPool2d(
  x: Tensor,
  kernelSize: SpatialArg,
  stride?: SpatialArg | null,
  padding: SpatialArg = 0,
  options: AvgPoolOptions = {},
): Tensor {
  return avgPool('avgPool2d', 2, x, kernelSize, stride, padding, options);
}

/**
 * 1-d average pooling over the last axis, as `torch.nn.functional.avg_pool1d`:
 * [N, C, L] → [N, C, L′]; see `avgPool2d`.
 * @example avgPool1d(tensor([[[1, 3, 2, 0]]]), 2).toArray(); // [[[2, 1]]]
 */
export function avgPool1d(
  x: Tensor,
  kernelSize: number,
  stride?: number | null,
  padding = 0,
  options: Omit<AvgPoolOptions, 'divisorOverride'> = {},
): Tensor {
  return avgPool('avgPool1d', 1, x, kernelSize, stride, padding, options);
}

/** adaptiveAvgPool2d / 1d with errors named `op`. */
export function adaptiveAvgPool(op: string, x: Tensor, dims: number, outputSize: AdaptiveSize): Tensor {
  return adaptiveAvgPoolOp([x], planAdaptive(op, x, dims, outputSize));
}

/**
 * Adaptive 2-d average pooling, as `torch.nn.functional.adaptive_avg_pool2d`: the output has the
 * requested size whatever the input's; output (i, j) averages rows ⌊i·H/h⌋ … ⌈(i+1)·H/h⌉ − 1 and
 * the same for columns. `outputSize` 1 is global average pooling.
 * Shapes: [N, C, H, W] → [N, C, h, w] (or [C, H, W] → [C, h, w]).
 * @param outputSize h for [h, h], or [h, w]; null keeps that input size
 * @example
 * import { adaptiveAvgPool2d, ones } from 'neurite';
 * adaptiveAvgPool2d(ones([8, 16, 7, 7]), 1).shape; // [8, 16, 1, 1]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  return adaptiveAvgPool('adaptiveAvgPool2d', x, 2, outputSize);
}

/**
 * Adaptive 1-d average pooling over the last axis, as `torch.nn.functional.adaptive_avg_pool1d`:
 * [N, C, L] → [N, C, outputSize].
 * @example adaptiveAvgPool1d(tensor([[[1, 2, 3, 4]]]), 2).toArray(); // [[[1.5, 3.5]]]
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number): Tensor {
  return adaptiveAvgPool('adaptiveAvgPool1d', x, 1, outputSize);
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `maxPool2d()`. */
    maxPool2d(
      kernelSize: SpatialArg,
      stride?: SpatialArg | null,
      padding?: SpatialArg,
      options?: MaxPoolOptions,
    ): Tensor;
    /** See `avgPool2d()`. */
    avgPool2d(
      kernelSize: SpatialArg,
      stride?: SpatialArg | null,
      padding?: SpatialArg,
      options?: AvgPoolOptions,
    ): Tensor;
    /** See `adaptiveAvgPool2d()`. */
    adaptiveAvgPool2d(outputSize: number | readonly [number | null, number | null]): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  maxPool2d(this: Tensor, k: SpatialArg, s?: SpatialArg | null, p?: SpatialArg, o?: MaxPoolOptions) {
    return maxPool2d(this, k, s, p, o);
  },
  avgPool2d(this: Tensor, k: SpatialArg, s?: SpatialArg | null, p?: SpatialArg, o?: AvgPoolOptions) {
    return avgPool2d(this, k, s, p, o);
  },
  adaptiveAvgPool2d(this: Tensor, outputSize: number | readonly [number | null, number | null]) {
    return adaptiveAvgPool2d(this, outputSize);
  },
});
