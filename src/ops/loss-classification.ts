/**
 * Classification losses over a class dimension: crossEntropy (fused log-softmax + NLL with its own
 * backward kernel, softmax − onehot), nllLoss on log-probabilities, multiMarginLoss. Inputs are
 * [N, C], [C] (one sample) or [N, C, d1, …] (e.g. per-pixel classes); class-index targets are int32
 * with the class dimension removed.
 */
import { kernels } from '../backend/backend.js';
import type { ClassLayout, CrossEntropyOptions } from '../backend/kernels/loss.js';
import { type FloatArray, isFloat, promoteTypes } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { numel, type Shape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';
import { to } from './elementwise.js';
import {
  checkReduction,
  classWeight,
  expectIndexTarget,
  type FusedReduction,
  floatData as f,
  fusedReduction,
  opScratch,
  perSampleGrad,
  type ReductionOptions,
  reduceLoss,
  reduceLossData,
  wrapGrad as wrap,
} from './loss-common.js';
import { reshape } from './movement.js';

/** View the input as [outer, classes, inner]; the shape a class-index target must have. */
function classLayout(op: string, input: Tensor): { layout: ClassLayout; sampleShape: Shape } {
  expectFloat(op, input);
  if (input.ndim === 0) {
    throw new ShapeError(`${op}: input must be [C], [N, C] or [N, C, d1, …] (classes in dim 1), got a scalar`);
  }
  const shape = input.shape;
  if (shape.length === 1) return { layout: { outer: 1, classes: shape[0] as number, inner: 1 }, sampleShape: [] };
  const [n, c] = shape as [number, number];
  if (shape.length === 2) return { layout: { outer: n, classes: c, inner: 1 }, sampleShape: [n] }; // [N, C]: the usual case
  const rest = shape.slice(2);
  return { layout: { outer: n, classes: c, inner: numel(rest) }, sampleShape: [n, ...rest] };
}

/** For sequence logits [N, T, V] with targets [N, T] (classes last): the reshape that fits. */
function classesLastHint(op: string, input: Tensor, target: Tensor): string {
  const n = input.ndim;
  if (n < 3 || !shapesEqual(target.shape, input.shape.slice(0, -1))) return '';
  const v = input.shape[n - 1] as number;
  return `; for classes in the last dim, flatten both: ${op}(input.reshape([-1, ${v}]), target.reshape([-1]))`;
}

/** Check a class-index target's dtype, shape and values against the input. */
function indexTarget(op: string, input: Tensor, target: Tensor, sampleShape: Shape, ignoreIndex: number | null) {
  const data = expectIndexTarget(op, target);
  if (!shapesEqual(target.shape, sampleShape)) {
    throw new ShapeError(
      `${op}: target shape ${fmtShape(target.shape)} does not match input ${fmtShape(input.shape)}: ` +
        `class-index targets must have shape ${fmtShape(sampleShape)} (the input's shape without the class dim 1)` +
        classesLastHint(op, input, target),
    );
  }
  const classes = (input.ndim === 1 ? input.shape[0] : input.shape[1]) as number;
  const bad = kernels().findInvalidClass(data, classes, ignoreIndex);
  if (bad >= 0) {
    const ignore = ignoreIndex === null ? '' : ` (or ignoreIndex ${ignoreIndex})`;
    throw new ValueError(
      `${op}: target element ${bad} is class ${data[bad]}, out of range for ${classes} classes; ` +
        `valid classes are 0 to ${classes - 1}${ignore}`,
    );
  }
  return data;
}

interface CrossEntropyParams {
  layout: ClassLayout;
  sampleShape: Shape;
  /** Class indices, or null when the target (second input) holds probabilities. */
  indices: Int32Array | null;
  options: CrossEntropyOptions;
  reduce: FusedReduction;
}

/**
 * Logits up to this many values (a batch of 64 × 128 classes) keep their log-probabilities
 * (float64, 64 KiB at most) for the backward pass.
 */
export const CE_SAVE_LOG_PROBS_MAX = 1 << 13;

/** The forward's log-probabilities, until the backward has used them. */
interface SavedLogProbs {
  logProbs: Float64Array | undefined;
}

/**
 * Log-probabilities a backward has finished with, for the next forward of the same size: a
 * training step then allocates none (an array of over 64 bytes is an ArrayBuffer outside V8's heap).
 */
let spareLogProbs: Float64Array | null = null;

function takeLogProbs(n: number): Float64Array | undefined {
  if (n > CE_SAVE_LOG_PROBS_MAX) return undefined;
  const spare = spareLogProbs;
  if (spare === null || spare.length !== n) return new Float64Array(n);
  spareLogProbs = null;
  return spare;
}

// The reduction runs inside the op: a training step records one node for the whole loss. Small
// logits save the forward's log-probabilities, so the backward does not compute them again (the
// same values): there the kernels' loops, often not yet optimized, are what a step costs. Large
// ones (a language model's [N·T, V]) recompute them rather than hold, and touch, 8 fresh bytes
// per logit. The per-sample losses and their gradient live only inside the op (opScratch).
const crossEntropyOp = defineOp<Tensor[], CrossEntropyParams, SavedLogProbs>({
  name: 'crossEntropy',
  forward: (k, inputs, { layout, sampleShape, indices, options, reduce }) => {
    const x = inputs[0] as Tensor;
    const logProbs = takeLogProbs(x.numel());
    const n = layout.outer * layout.inner;
    const into = reduce.reduction === 'none' ? undefined : opScratch(f(x), n);
    const losses = k.crossEntropy(f(x), layout, indices ?? f(inputs[1] as Tensor), options, logProbs, into);
    const { data, shape } = reduceLossData(k, losses, sampleShape, reduce);
    return { data, shape, saved: { logProbs } };
  },
  backward: (g, { inputs, params: { layout, sampleShape, indices, options, reduce }, saved }) => {
    const x = inputs[0] as Tensor;
    const probs = inputs[1];
    const into = reduce.reduction === 'none' ? undefined : opScratch(f(g), layout.outer * layout.inner);
    const perSample = perSampleGrad(g, sampleShape, reduce, into) as FloatArray;
    const target = indices ?? f(probs as Tensor);
    // a second backward through this node (the graph kept) computes them again from the logits
    const logProbs = saved.logProbs;
    saved.logProbs = undefined;
    const grads = kernels().crossEntropyBackward(f(x), layout, target, options, perSample, logProbs);
    if (logProbs !== undefined) spareLogProbs = logProbs;
    const gx = wrap(grads.input, x);
    return grads.target === null ? [gx] : [gx, wrap(grads.target, probs as Tensor)];
  },
});

/** Options of crossEntropy. */
export interface CrossEntropyLossOptions extends ReductionOptions {
  /** Weight per class, shape [C]; 'mean' then divides by the sum of the targets' weights. */
  weight?: Tensor;
  /** Class-index target value that contributes nothing (default −100). */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (Szegedy et al., 2016). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of raw logits, as `torch.nn.functional.cross_entropy` (PyTorch 1.13 semantics),
 * fused: lp = logSoftmax(input) over dim 1 (max subtracted first, so logits of ±1000 are fine).
 * - class-index target y (int32 [N, d1, …]): ℓ = (1 − ε)·(−w_y·lp_y) + (ε/C)·(−Σ_c w_c·lp_c),
 *   0 for targets equal to ignoreIndex; 'mean' = Σℓ / Σ w_y over the samples not ignored
 *   (NaN when all are ignored, as PyTorch);
 * - probability target t (float, shaped like the input): ℓ = −Σ_c w_c·t′_c·lp_c with
 *   t′ = (1 − ε)·t + ε/C; 'mean' averages over the N·d1·… samples.
 * The gradient is softmax − target (weighted), computed by one backward kernel.
 * @param input logits [N, C], [C] or [N, C, d1, …]
 * @returns a scalar, or with reduction 'none' one loss per sample: [N, d1, …] ([] for a [C] input)
 * @throws DTypeError for float class indices: convert with target.to('int32')
 * @throws ValueError for a class index outside [0, C)
 * @example
 * import { crossEntropy, tensor } from 'neurite';
 * const logits = tensor([[2, 0, 0], [0, 0, 2]]);
 * crossEntropy(logits, tensor([0, 2], { dtype: 'int32' })).item(); // ln(e² + 2) − 2 ≈ 0.2395
 * @example
 * // Sequences: logits [N, T, V] (classes last) with targets [N, T] and padding 0, as PyTorch after
 * // a reshape; 'mean' averages over the positions that are not padding.
 * import { crossEntropy, randn, tensor } from 'neurite';
 * const V = 5;
 * const seqLogits = randn([2, 3, V]);
 * const targets = tensor([[1, 4, 0], [2, 0, 0]], { dtype: 'int32' });
 * crossEntropy(seqLogits.reshape([-1, V]), targets.reshape([-1]), { ignoreIndex: 0 }); // mean of 3 losses
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  { weight, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }: CrossEntropyLossOptions = {},
): Tensor {
  const op = 'crossEntropy';
  checkReduction(op, reduction);
  const { layout, sampleShape } = classLayout(op, input);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  }
  const probTarget = isFloat(target.dtype) && shapesEqual(target.shape, input.shape);
  if (isFloat(target.dtype) && !probTarget && !shapesEqual(target.shape, sampleShape)) {
    throw new ShapeError(
      `${op}: target shape ${fmtShape(target.shape)} does not match input ${fmtShape(input.shape)}: give int32 ` +
        `class indices of shape ${fmtShape(sampleShape)} or probabilities of shape ${fmtShape(input.shape)}`,
    );
  }
  if (!probTarget) {
    const indices = indexTarget(op, input, target, sampleShape, ignoreIndex);
    const options = { weight: classWeight(op, weight, layout.classes, input), ignoreIndex, labelSmoothing };
    const reduce = fusedReduction(reduction, input, sampleShape, kernels().classWeightSum(indices, options));
    return crossEntropyOp([input], { layout, sampleShape, indices, options, reduce });
  }
  if (ignoreIndex >= 0) {
    throw new ValueError(`${op}: ignoreIndex (${ignoreIndex}) only applies to class-index targets, not probabilities`);
  }
  const dtype = promoteTypes(input.dtype, target.dtype);
  const x = to(input, dtype);
  const options = { weight: classWeight(op, weight, layout.classes, x), ignoreIndex: null, labelSmoothing };
  const reduce = fusedReduction(reduction, x, sampleShape);
  return crossEntropyOp([x, to(target, dtype)], { layout, sampleShape, indices: null, options, reduce });
}

interface NllParams {
  layout: ClassLayout;
  sampleShape: Shape;
  indices: Int32Array;
  weight: CrossEntropyOptions['weight'];
  ignoreIndex: number;
  reduce: FusedReduction;
}

const nllOp = defineOp<[Tensor], NllParams>({
  name: 'nllLoss',
  forward: (k, [x], { layout, sampleShape, indices, weight, ignoreIndex, reduce }) =>
    reduceLossData(k, k.nllLoss(f(x), layout, indices, { weight, ignoreIndex }), sampleShape, reduce),
  backward: (g, { inputs: [x], params: { layout, sampleShape, indices, weight, ignoreIndex, reduce } }) => {
    const perSample = perSampleGrad(g, sampleShape, reduce) as FloatArray;
    return [wrap(kernels().nllLossBackward(f(x), layout, indices, { weight, ignoreIndex }, perSample), x)];
  },
});

/**
 * Negative log-likelihood of log-probabilities (e.g. from logSoftmax), as
 * `torch.nn.functional.nll_loss`: ℓ = −w_y·input[n, y] per sample, 0 where y = ignoreIndex;
 * 'mean' = Σℓ / Σ w_y over the samples not ignored. crossEntropy(x, y) = nllLoss(logSoftmax(x), y).
 * @param input log-probabilities [N, C], [C] or [N, C, d1, …]
 * @param target int32 class indices [N, d1, …]
 * @example nllLoss(tensor([[-0.1, -2.3]]), tensor([1], { dtype: 'int32' })).item(); // 2.3
 */
export function nllLoss(
  input: Tensor,
  target: Tensor,
  { weight, ignoreIndex = -100, reduction = 'mean' }: Omit<CrossEntropyLossOptions, 'labelSmoothing'> = {},
): Tensor {
  const op = 'nllLoss';
  checkReduction(op, reduction);
  const { layout, sampleShape } = classLayout(op, input);
  const indices = indexTarget(op, input, target, sampleShape, ignoreIndex);
  const w = classWeight(op, weight, layout.classes, input);
  const reduce = fusedReduction(
    reduction,
    input,
    sampleShape,
    kernels().classWeightSum(indices, { weight: w, ignoreIndex }),
  );
  return nllOp([input], { layout, sampleShape, indices, weight: w, ignoreIndex, reduce });
}

interface MarginParams {
  layout: ClassLayout;
  indices: Int32Array;
  p: 1 | 2;
  margin: number;
  weight: CrossEntropyOptions['weight'];
}

const marginOp = defineOp<[Tensor], MarginParams>({
  name: 'multiMarginLoss',
  forward: (k, [x], { layout, indices, p, margin, weight }) => ({
    data: k.multiMarginLoss(f(x), layout, indices, { p, margin, weight }),
    shape: [layout.outer],
  }),
  backward: (g, { inputs: [x], params: { layout, indices, p, margin, weight } }) => [
    wrap(kernels().multiMarginLossBackward(f(x), layout, indices, { p, margin, weight }, f(g)), x),
  ],
});

/**
 * Multi-class hinge loss, as `torch.nn.functional.multi_margin_loss`: per sample
 * ℓ = Σ_{i≠y} w_y·max(0, margin − x_y + x_i)^p / C (the weight applied after the power, as
 * PyTorch's kernel); 'mean' averages over the N samples.
 * @param input scores [N, C] or [C]
 * @param target int32 [N] (or [] for a [C] input)
 * @example multiMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })).item(); // 0.325
 */
export function multiMarginLoss(
  input: Tensor,
  target: Tensor,
  {
    p = 1,
    margin = 1,
    weight,
    reduction = 'mean',
  }: ReductionOptions & { p?: 1 | 2; margin?: number; weight?: Tensor } = {},
): Tensor {
  const op = 'multiMarginLoss';
  checkReduction(op, reduction);
  if (p !== 1 && p !== 2) throw new ValueError(`${op}: p must be 1 or 2, got ${p}`);
  if (input.ndim > 2) {
    throw new ShapeError(`${op}: input must be [N, C] or [C], got ${fmtShape(input.shape)}`);
  }
  const { layout, sampleShape } = classLayout(op, input);
  const indices = indexTarget(op, input, target, sampleShape, null);
  const w = classWeight(op, weight, layout.classes, input);
  const loss = marginOp([input], { layout, indices, p, margin, weight: w });
  return reduceLoss(op, input.ndim === 1 ? reshape(loss, []) : loss, reduction);
}
