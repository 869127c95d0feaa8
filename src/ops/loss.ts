/**
 * Loss functions (functions only, as `torch.nn.functional`): regression losses, binary
 * cross-entropy, KL divergence here; crossEntropy, nllLoss and multiMarginLoss in
 * loss-classification.ts (re-exported below). Every loss takes an options object whose
 * `reduction` is 'mean' (default), 'sum' or 'none'. Where composing ops would overflow or need
 * log 0, the loss is a fused primitive with its own backward kernel.
 */
import { kernels } from '../backend/backend.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';
import { mul, sub, to } from './elementwise.js';
import {
  checkBroadcastable,
  checkReduction,
  floatData,
  floatPair,
  type LossReduction,
  type ReductionOptions,
  reduceLoss,
  wrapGrad,
} from './loss-common.js';
import { broadcastTo } from './movement.js';

export * from './loss-classification.js';
export type { LossReduction, ReductionOptions } from './loss-common.js';

const f = floatData;
const wrap = wrapGrad;

// ---- regression ---------------------------------------------------------------------------

/** smoothL1 of a difference d, elementwise; the primitive behind l1Loss, smoothL1Loss and huberLoss. */
const smoothL1Op = defineOp<[Tensor], number>({
  name: 'smoothL1',
  forward: (k, [d], beta) => ({ data: k.smoothL1(f(d), beta), shape: d.shape }),
  backward: (g, { inputs: [d], params: beta }) => [wrap(kernels().smoothL1Backward(f(d), f(g), beta), d)],
});

/**
 * Mean squared error: ℓᵢ = (inputᵢ − targetᵢ)², reduced. Input and target have the same shape.
 * @example
 * import { mseLoss, tensor } from 'neurite';
 * mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5])).item(); // 4/3 ≈ 1.3333
 */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: ReductionOptions = {}): Tensor {
  checkReduction('mseLoss', reduction);
  const [x, y] = floatPair('mseLoss', input, target);
  const d = sub(x, y);
  return reduceLoss('mseLoss', mul(d, d), reduction);
}

/**
 * Mean absolute error: ℓᵢ = |inputᵢ − targetᵢ|, reduced (gradient sign(d), 0 at d = 0).
 * @example l1Loss(tensor([1, 2, 3]), tensor([1, 2, 5])).item(); // 2/3
 */
export function l1Loss(input: Tensor, target: Tensor, { reduction = 'mean' }: ReductionOptions = {}): Tensor {
  checkReduction('l1Loss', reduction);
  const [x, y] = floatPair('l1Loss', input, target);
  return reduceLoss('l1Loss', smoothL1Op([sub(x, y)], 0), reduction);
}

/**
 * Smooth L1 loss with d = input − target: ℓᵢ = 0.5·d²/β where |d| < β, else |d| − 0.5·β.
 * β = 0 gives l1Loss. As `torch.nn.functional.smooth_l1_loss`; Fast R-CNN (Girshick, 2015).
 * @example smoothL1Loss(tensor([0, 3]), tensor([0.5, 0]), { beta: 1 }).item(); // (0.125 + 2.5) / 2
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  { beta = 1, reduction = 'mean' }: ReductionOptions & { beta?: number } = {},
): Tensor {
  checkReduction('smoothL1Loss', reduction);
  if (!(beta >= 0)) throw new ValueError(`smoothL1Loss: beta must be >= 0, got ${beta}`);
  const [x, y] = floatPair('smoothL1Loss', input, target);
  return reduceLoss('smoothL1Loss', smoothL1Op([sub(x, y)], beta), reduction);
}

/**
 * Huber loss with d = input − target: ℓᵢ = 0.5·d² where |d| < δ, else δ·(|d| − 0.5·δ)
 * (= δ · smoothL1 with β = δ). Quadratic near 0, linear for outliers; Huber (1964).
 * @example huberLoss(tensor([0, 3]), tensor([0.5, 0]), { delta: 2 }).item(); // (0.125 + 4) / 2
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  { delta = 1, reduction = 'mean' }: ReductionOptions & { delta?: number } = {},
): Tensor {
  checkReduction('huberLoss', reduction);
  if (!(delta > 0)) throw new ValueError(`huberLoss: delta must be > 0, got ${delta}`);
  const [x, y] = floatPair('huberLoss', input, target);
  return reduceLoss('huberLoss', mul(smoothL1Op([sub(x, y)], delta), delta), reduction);
}

// ---- binary cross-entropy -----------------------------------------------------------------

const bceOp = defineOp<[Tensor, Tensor]>({
  name: 'binaryCrossEntropy',
  forward: (k, [p, y]) => ({ data: k.binaryCrossEntropy(f(p), f(y)), shape: p.shape }),
  backward: (g, { inputs: [p, y] }) => {
    const grads = kernels().binaryCrossEntropyBackward(f(p), f(y), f(g));
    return [wrap(grads.input, p), wrap(grads.target, y)];
  },
});

/** Optional elementwise weight of the binary losses: broadcast to the input, dtype promoted by mul. */
function applyWeight(op: string, loss: Tensor, weight: Tensor | undefined): Tensor {
  if (weight === undefined) return loss;
  checkBroadcastable(op, 'weight', weight, loss.shape);
  return mul(loss, weight);
}

/**
 * Binary cross-entropy of probabilities: ℓᵢ = −wᵢ·(yᵢ·ln pᵢ + (1 − yᵢ)·ln(1 − pᵢ)), each log
 * clamped at −100 as PyTorch does, so p = 0 or 1 gives a finite loss; the gradient
 * (p − y)/max(p(1 − p), 1e-12) is finite there too. Prefer `binaryCrossEntropyWithLogits` on raw
 * scores: it is exact where sigmoid saturates.
 * @param input probabilities in [0, 1], any shape
 * @param target same shape, usually 0/1
 * @param weight optional, broadcastable to the input
 * @throws ValueError when an input value is outside [0, 1]
 * @example binaryCrossEntropy(tensor([0.8, 0.2]), tensor([1, 0])).item(); // −ln 0.8 ≈ 0.2231
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  { weight, reduction = 'mean' }: ReductionOptions & { weight?: Tensor } = {},
): Tensor {
  const op = 'binaryCrossEntropy';
  checkReduction(op, reduction);
  const [p, y] = floatPair(op, input, target);
  const bad = kernels().findOutside(f(p), 0, 1);
  if (bad >= 0) {
    throw new ValueError(
      `${op}: input values must be probabilities in [0, 1], but element ${bad} is ${p.data[bad]}; ` +
        'apply sigmoid() first, or better, pass the raw scores to binaryCrossEntropyWithLogits',
    );
  }
  return reduceLoss(op, applyWeight(op, bceOp([p, y], undefined), weight), reduction);
}

const bceLogitsOp = defineOp<Tensor[]>({
  name: 'binaryCrossEntropyWithLogits',
  forward: (k, [x, y, pw]) => ({
    data: k.binaryCrossEntropyWithLogits(f(x as Tensor), f(y as Tensor), pw === undefined ? null : f(pw)),
    shape: (x as Tensor).shape,
  }),
  backward: (g, { inputs: [x, y, pw] }) => {
    const [tx, ty] = [x as Tensor, y as Tensor];
    const grads = kernels().binaryCrossEntropyWithLogitsBackward(f(tx), f(ty), pw === undefined ? null : f(pw), f(g));
    const out = [wrap(grads.input, tx), wrap(grads.target, ty)];
    return grads.posWeight === null || pw === undefined ? out : [...out, wrap(grads.posWeight, pw)];
  },
});

/**
 * Binary cross-entropy on logits (sigmoid fused in): with l = 1 + (posWeight − 1)·y,
 * ℓᵢ = wᵢ·((1 − yᵢ)·xᵢ + lᵢ·ln(1 + e^−xᵢ)), computed as (1 − y)·x + l·(max(−x, 0) + ln(1 + e^−|x|)):
 * without posWeight that is max(x, 0) − x·y + ln(1 + e^−|x|), finite for any logit.
 * @param input logits, any shape
 * @param target same shape, in [0, 1]
 * @param weight optional, broadcastable to the input
 * @param posWeight optional weight of the positive term, broadcastable to the input (usually [C]:
 *   negatives/positives per class to balance rare positives)
 * @example binaryCrossEntropyWithLogits(tensor([0]), tensor([1])).item(); // ln 2 ≈ 0.6931
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  { weight, posWeight, reduction = 'mean' }: ReductionOptions & { weight?: Tensor; posWeight?: Tensor } = {},
): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkReduction(op, reduction);
  const [x, y] = floatPair(op, input, target);
  const inputs = [x, y];
  if (posWeight !== undefined) {
    checkBroadcastable(op, 'posWeight', posWeight, x.shape);
    expectFloat(op, posWeight, 'posWeight');
    inputs.push(broadcastTo(to(posWeight, x.dtype), x.shape));
  }
  return reduceLoss(op, applyWeight(op, bceLogitsOp(inputs, undefined), weight), reduction);
}

// ---- KL divergence ------------------------------------------------------------------------

const klDivOp = defineOp<[Tensor, Tensor], boolean>({
  name: 'klDiv',
  forward: (k, [x, t], logTarget) => ({ data: k.klDiv(f(x), f(t), logTarget), shape: x.shape }),
  backward: (g, { inputs: [x, t], params: logTarget }) => {
    const grads = kernels().klDivBackward(f(x), f(t), logTarget, f(g));
    return [wrap(grads.input, x), wrap(grads.target, t)];
  },
});

/**
 * Kullback–Leibler divergence D(target ‖ exp(input)) with the input given as log-probabilities
 * (e.g. from logSoftmax): ℓᵢ = tᵢ·(ln tᵢ − xᵢ) (0 where tᵢ = 0), or with `logTarget` (target also
 * as log-probabilities) ℓᵢ = e^tᵢ·(tᵢ − xᵢ). Reductions as PyTorch: 'batchmean' (the true KL per
 * sample: sum / input.shape[0]), 'mean' (average over ALL elements, which is not the KL; kept for
 * PyTorch parity), 'sum', 'none'.
 * @example
 * klDiv(tensor([[Math.log(0.5), Math.log(0.5)]]), tensor([[0.9, 0.1]]), { reduction: 'batchmean' }).item();
 * // 0.9·ln(0.9/0.5) + 0.1·ln(0.1/0.5) ≈ 0.3681
 */
export function klDiv(
  input: Tensor,
  target: Tensor,
  { reduction = 'mean', logTarget = false }: { reduction?: LossReduction | 'batchmean'; logTarget?: boolean } = {},
): Tensor {
  checkReduction('klDiv', reduction, ['mean', 'batchmean', 'sum', 'none']);
  const [x, t] = floatPair('klDiv', input, target);
  const loss = klDivOp([x, t], logTarget);
  if (reduction !== 'batchmean') return reduceLoss('klDiv', loss, reduction);
  return reduceLoss('klDiv', loss, 'mean', x.ndim === 0 ? 1 : (x.shape[0] as number));
}
