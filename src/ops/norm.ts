/**
 * Normalization: batch norm (Ioffe & Szegedy, 2015) over the channel axis of [N, C, *] inputs and
 * layer norm (Ba, Kiros & Hinton, 2016) over trailing axes, as PyTorch's `F.batch_norm` and
 * `F.layer_norm`. Each is one fused primitive: statistics, normalization and the affine transform
 * in one kernel, and a backward kernel that differentiates through the statistics.
 */
import { kernels } from '../backend/backend.js';
import type { ChannelLayout } from '../backend/kernels/norm.js';
import type { FloatArray } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { numel, type Shape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';
import { to } from './elementwise.js';

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Normalize with this batch's statistics and update the running ones (default false: use the running ones). */
  training?: boolean;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

interface BatchNormParams {
  layout: ChannelLayout;
  mean: FloatArray;
  invstd: Float64Array;
  hasWeight: boolean;
  hasBias: boolean;
  /** The statistics come from this batch (so the backward differentiates through them). */
  batchStats: boolean;
}

/** Inputs are [x], [x, weight], [x, bias] or [x, weight, bias], as the params' flags say. */
const batchNormOp = defineOp<Tensor[], BatchNormParams>({
  name: 'batchNorm',
  forward: (k, inputs, { layout, mean, invstd, hasWeight, hasBias }) => {
    const x = inputs[0] as Tensor;
    const w = hasWeight ? (inputs[1] as Tensor).data : null;
    const b = hasBias ? (inputs[hasWeight ? 2 : 1] as Tensor).data : null;
    return {
      data: k.batchNorm(x.data as FloatArray, layout, mean, invstd, w as FloatArray | null, b as FloatArray | null),
      shape: x.shape,
    };
  },
  backward: (g, { inputs, params: { layout, mean, invstd, hasWeight, hasBias, batchStats } }) => {
    const x = inputs[0] as Tensor;
    const w = hasWeight ? ((inputs[1] as Tensor).data as FloatArray) : null;
    const grads = kernels().batchNormBackward(
      x.data as FloatArray,
      g.data as FloatArray,
      layout,
      mean,
      invstd,
      w,
      batchStats,
    );
    const out: Tensor[] = [new Tensor(grads.input, x.shape)];
    if (hasWeight) out.push(new Tensor(grads.weight, [layout.channels]));
    if (hasBias) out.push(new Tensor(grads.bias, [layout.channels]));
    return out;
  },
});

/** Check a per-channel tensor (running statistic, weight or bias) of batch norm. */
function checkChannelVector(t: Tensor | null | undefined, what: string, x: Tensor): void {
  if (t === null || t === undefined) return;
  expectFloat('batchNorm', t, what);
  const c = x.shape[1] as number;
  if (!shapesEqual(t.shape, [c])) {
    throw new ShapeError(
      `batchNorm: ${what} has shape ${fmtShape(t.shape)}, expected [${c}] (one value per channel of input ` +
        `${fmtShape(x.shape)}, whose channels are dim 1)`,
    );
  }
}

/**
 * Batch normalization, as `torch.nn.functional.batch_norm` (Ioffe & Szegedy, 2015): for each
 * channel c (dim 1 of x), over the N·d1·… values of that channel,
 *
 *     y = (x − μ_c) / √(σ²_c + eps) · weight_c + bias_c
 *
 * - `training: true`: μ and σ² are this batch's mean and BIASED variance; `runningMean` and
 *   `runningVar` (when given) are updated in place, outside autograd:
 *   running ← (1 − momentum)·running + momentum·batch, with the UNBIASED variance (·m/(m − 1)).
 *   The backward differentiates through the batch statistics: with x̂ the normalized input and m
 *   values per channel, dx = weight/σ · (g − mean(g) − x̂·mean(g·x̂)), dweight = Σ g·x̂, dbias = Σ g.
 * - `training: false` (the default, as PyTorch): μ and σ² are the running statistics, constants
 *   for the backward (dx = weight/σ · g).
 *
 * Shapes: x [N, C] or [N, C, d1, …] → the same; runningMean, runningVar, weight, bias [C].
 * @throws ShapeError for an input with fewer than 2 dims or per-channel tensors of the wrong size
 * @throws ValueError in training with one value per channel, or in eval without running statistics
 * @example
 * import { batchNorm, ones, tensor, zeros } from 'neurite';
 * const x = tensor([[1, 10], [3, 20]]);
 * const mean = zeros([2]); const variance = ones([2]);
 * batchNorm(x, mean, variance, null, null, { training: true }).toArray(); // ≈ [[-1, -1], [1, 1]]
 * mean.toArray(); // [0.2, 1.5]: 0.9·0 + 0.1·[2, 15]
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  { training = false, momentum = 0.1, eps = 1e-5 }: BatchNormOptions = {},
): Tensor {
  expectFloat('batchNorm', x);
  if (x.ndim < 2) {
    throw new ShapeError(
      `batchNorm: input shape ${fmtShape(x.shape)} has ${x.ndim} dims, ` +
        'expected [N, C] or [N, C, …] (channels in dim 1)',
    );
  }
  checkChannelVector(runningMean, 'runningMean', x);
  checkChannelVector(runningVar, 'runningVar', x);
  checkChannelVector(weight, 'weight', x);
  checkChannelVector(bias, 'bias', x);
  if (!(eps >= 0 && Number.isFinite(eps))) throw new ValueError(`batchNorm: eps must be a number >= 0, got ${eps}`);
  if (!Number.isFinite(momentum)) throw new ValueError(`batchNorm: momentum must be a number, got ${momentum}`);
  const channels = x.shape[1] as number;
  const layout = { outer: x.shape[0] as number, channels, inner: numel(x.shape.slice(2)) };
  const count = layout.outer * layout.inner;
  const k = kernels();
  let mean: FloatArray;
  let invstd: Float64Array;
  if (training) {
    if (count <= 1) {
      throw new ValueError(
        `batchNorm: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}; ` +
          'use a batch of at least 2 samples, or eval mode',
      );
    }
    const stats = k.channelMoments(x.data as FloatArray, layout);
    mean = stats.mean;
    invstd = k.invStd(stats.variance, eps);
    if (runningMean) k.updateRunningStat(runningMean.data as FloatArray, stats.mean, momentum, 1);
    if (runningVar) k.updateRunningStat(runningVar.data as FloatArray, stats.variance, momentum, count / (count - 1));
  } else {
    if (!runningMean || !runningVar) {
      throw new ValueError(
        'batchNorm: eval mode (training: false) normalizes with runningMean and runningVar; pass both, ' +
          'or { training: true } to use the batch statistics',
      );
    }
    // Copies: later training steps update the running statistics in place before this backward.
    mean = (runningMean.data as FloatArray).slice();
    invstd = k.invStd(runningVar.data as FloatArray, eps);
  }
  const inputs = [x];
  if (weight) inputs.push(to(weight, x.dtype));
  if (bias) inputs.push(to(bias, x.dtype));
  return batchNormOp(inputs, { layout, mean, invstd, hasWeight: !!weight, hasBias: !!bias, batchStats: training });
}

interface LayerNormParams {
  /** normalizedShape: the shape of weight, bias and their gradients. */
  shape: Shape;
  rows: number;
  cols: number;
  eps: number;
  hasWeight: boolean;
  hasBias: boolean;
}

interface LayerNormSaved {
  mean: Float64Array;
  rstd: Float64Array;
}

const layerNormOp = defineOp<Tensor[], LayerNormParams, LayerNormSaved>({
  name: 'layerNorm',
  forward: (k, inputs, { rows, cols, eps, hasWeight, hasBias }) => {
    const x = inputs[0] as Tensor;
    const w = hasWeight ? ((inputs[1] as Tensor).data as FloatArray) : null;
    const b = hasBias ? ((inputs[hasWeight ? 2 : 1] as Tensor).data as FloatArray) : null;
    const { out, mean, rstd } = k.layerNorm(x.data as FloatArray, rows, cols, w, b, eps);
    return { data: out, shape: x.shape, saved: { mean, rstd } };
  },
  backward: (g, { inputs, params: { shape, rows, cols, hasWeight, hasBias }, saved: { mean, rstd } }) => {
    const x = inputs[0] as Tensor;
    const w = hasWeight ? ((inputs[1] as Tensor).data as FloatArray) : null;
    const grads = kernels().layerNormBackward(x.data as FloatArray, g.data as FloatArray, rows, cols, mean, rstd, w);
    const out: Tensor[] = [new Tensor(grads.input, x.shape)];
    if (hasWeight) out.push(new Tensor(grads.weight, shape));
    if (hasBias) out.push(new Tensor(grads.bias, shape));
    return out;
  },
});

/**
 * Layer normalization, as `torch.nn.functional.layer_norm` (Ba, Kiros & Hinton, 2016): each sample
 * is normalized over its last axes (those of `normalizedShape`), with no batch statistics, so it
 * behaves the same in training and evaluation:
 *
 *     y = (x − mean) / √(var + eps) · weight + bias     (biased variance over the D normalized values)
 *
 * Backward, with x̂ the normalized values and ĝ = g·weight per sample:
 * dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) / √(var + eps); dweight = Σ g·x̂ and dbias = Σ g over samples.
 *
 * Shapes: x [..., *normalizedShape] → the same; weight and bias have shape normalizedShape.
 * @throws ShapeError when x's trailing axes or weight/bias do not match normalizedShape
 * @example
 * import { layerNorm, tensor } from 'neurite';
 * layerNorm(tensor([[1, 2, 3], [2, 4, 6]]), 3).toArray(); // ≈ [[-1.2247, 0, 1.2247], [-1.2247, 0, 1.2247]]
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | Shape,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  expectFloat('layerNorm', x);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const tail = x.shape.slice(Math.max(0, x.ndim - shape.length));
  if (shape.length === 0 || shape.length > x.ndim || !shapesEqual(tail, shape)) {
    throw new ShapeError(
      `layerNorm: input shape ${fmtShape(x.shape)} does not end with normalizedShape ${fmtShape(shape)}; ` +
        `expected [..., ${shape.join(', ')}]`,
    );
  }
  for (const [t, what] of [
    [weight, 'weight'],
    [bias, 'bias'],
  ] as const) {
    if (t === null) continue;
    expectFloat('layerNorm', t, what);
    if (!shapesEqual(t.shape, shape)) {
      throw new ShapeError(
        `layerNorm: ${what} has shape ${fmtShape(t.shape)}, expected normalizedShape ${fmtShape(shape)}`,
      );
    }
  }
  if (!(eps >= 0 && Number.isFinite(eps))) throw new ValueError(`layerNorm: eps must be a number >= 0, got ${eps}`);
  const cols = numel(shape);
  const rows = cols === 0 ? 0 : x.numel() / cols;
  const inputs = [x];
  if (weight) inputs.push(to(weight, x.dtype));
  if (bias) inputs.push(to(bias, x.dtype));
  return layerNormOp(inputs, { shape, rows, cols, eps, hasWeight: !!weight, hasBias: !!bias });
}
