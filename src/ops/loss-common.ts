/**
 * What every loss shares: the reduction option and argument checks with messages that say how to
 * fix the call. Internal to the loss files.
 */
import { type Kernels, kernels } from '../backend/backend.js';
import type { FloatArray, TypedArray } from '../dtype.js';
import { isFloat, promoteTypes } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { numel, type Shape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type ForwardResult, toTensor } from './define.js';
import { div, to } from './elementwise.js';
import { mean, sum } from './reduce.js';

/** How a loss reduces its per-element values: their mean (default), their sum, or none (unreduced). */
export type LossReduction = 'mean' | 'sum' | 'none';

/** The `reduction` option every loss takes. */
export interface ReductionOptions {
  /** 'mean' (default): average over elements; 'sum': total; 'none': one value per element. */
  reduction?: LossReduction;
}

/** Throw unless `reduction` is one of `allowed`. */
export function checkReduction(op: string, reduction: string, allowed: readonly string[] = ['mean', 'sum', 'none']) {
  if (!allowed.includes(reduction)) {
    const list = allowed.map((r) => `'${r}'`);
    throw new ValueError(
      `${op}: unknown reduction '${reduction}'; use ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`,
    );
  }
}

/**
 * Apply a reduction to unreduced losses. `denominator` replaces the element count of 'mean'
 * (the weighted mean of crossEntropy / nllLoss divides by the sum of the target weights).
 */
export function reduceLoss(op: string, loss: Tensor, reduction: string, denominator?: number): Tensor {
  checkReduction(op, reduction);
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return denominator === undefined ? mean(loss) : div(sum(loss), denominator);
}

/**
 * How a fused loss primitive reduces its per-sample values inside its own op (one tape node
 * instead of three): 'mean' divides by `denominator`, a scalar of the loss's dtype.
 */
export interface FusedReduction {
  reduction: LossReduction;
  denominator: Tensor;
}

/** The reduction of a fused loss; the default 'mean' divisor is the number of samples. */
export function fusedReduction(reduction: LossReduction, like: Tensor, sampleShape: Shape, denominator?: number) {
  return { reduction, denominator: toTensor(denominator ?? numel(sampleShape), like) };
}

/**
 * Forward of the reduction: the values and roundings of `sum()` and then `div()` (Σℓ accumulated
 * in float64 and rounded once, then divided by the denominator), in one kernel (`reduceLosses`).
 */
export function reduceLossData(
  k: Kernels,
  losses: TypedArray,
  sampleShape: Shape,
  { reduction, denominator }: FusedReduction,
): ForwardResult {
  if (reduction === 'none') return { data: losses, shape: sampleShape };
  // one kernel with sum()'s then div()'s roundings (a loss runs once per training step)
  return { data: k.reduceLosses(losses as FloatArray, reduction, denominator.data as FloatArray), shape: [] };
}

/**
 * Backward of the reduction: d loss / d ℓ for every sample, in g's dtype (the loss's), as the
 * backward of `div()` (g / denominator) and of `sum()` (spread to every sample) give it.
 */
export function perSampleGrad(g: Tensor, sampleShape: Shape, r: FusedReduction, out?: FloatArray): TypedArray {
  if (r.reduction === 'none') return g.data;
  // div()'s then broadcastTo()'s values, in one kernel
  const n = numel(sampleShape);
  return kernels().lossGrad(g.data as FloatArray, n, r.reduction, r.denominator.data as FloatArray, out);
}

let scratch32: Float32Array = new Float32Array(0);
let scratch64: Float64Array = new Float64Array(0);

/**
 * An array of `n` values of `like`'s type that lives only inside one op call: a loss's per-sample
 * values before its reduction, or the reduction's gradient on its way into the backward kernel.
 * The same array comes back on every call of the same length (its values are the last caller's):
 * a fresh array of more than 16 floats is an ArrayBuffer that V8 allocates outside its heap, at
 * ~0.3 µs, which a small model's training step would pay for each of these twice.
 * @example const losses = k.crossEntropy(x, layout, y, options, undefined, opScratch(x, n)); // then reduced
 */
export function opScratch(like: FloatArray, n: number): FloatArray {
  if (like instanceof Float32Array) {
    if (scratch32.length !== n) scratch32 = new Float32Array(n);
    return scratch32;
  }
  if (scratch64.length !== n) scratch64 = new Float64Array(n);
  return scratch64;
}

/**
 * Input and target of an elementwise loss: the input must be float, both must have the same shape
 * (PyTorch would broadcast [N, 1] with [N] to [N, N] and warn; that is almost always a bug),
 * and both are brought to their promoted float dtype.
 */
export function floatPair(op: string, input: Tensor, target: Tensor): [Tensor, Tensor] {
  if (!isFloat(input.dtype)) {
    throw new DTypeError(
      `${op}: input must be float32 or float64, got ${input.dtype}. Convert it with .to('float32').`,
    );
  }
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      `${op}: input shape ${fmtShape(input.shape)} and target shape ${fmtShape(target.shape)} differ; ` +
        'they must be equal (reshape the target, e.g. target.reshape(input.shape))',
    );
  }
  const dtype = isFloat(target.dtype) ? promoteTypes(input.dtype, target.dtype) : input.dtype;
  return [to(input, dtype), to(target, dtype)];
}

/** Throw unless `t` can broadcast to `shape` (an optional weight of an elementwise loss). */
export function checkBroadcastable(op: string, what: string, t: Tensor, shape: readonly number[]): void {
  const ok = t.ndim <= shape.length && t.shape.every((d, i) => d === 1 || d === shape[shape.length - t.ndim + i]);
  if (!ok) {
    throw new ShapeError(
      `${op}: ${what} shape ${fmtShape(t.shape)} cannot broadcast to the input shape ${fmtShape(shape)}`,
    );
  }
}

/** A per-class weight: 1-D with `classes` entries; its data in `dtype`'s array type (no gradient). */
export function classWeight(op: string, weight: Tensor | undefined, classes: number, like: Tensor): FloatArray | null {
  if (weight === undefined) return null;
  if (weight.ndim !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(
      `${op}: weight must have one entry per class, shape [${classes}], got ${fmtShape(weight.shape)}`,
    );
  }
  return to(weight, like.dtype).data as FloatArray;
}

/** Throw unless the class-index target is int32. */
export function expectIndexTarget(op: string, target: Tensor): Int32Array {
  if (target.dtype !== 'int32') {
    throw new DTypeError(
      `${op}: class-index target must be int32, got ${target.dtype}. Convert it with target.to('int32').`,
    );
  }
  return target.data as Int32Array;
}

/** A float tensor's storage, typed for the loss kernels. */
export const floatData = (t: Tensor): FloatArray => t.data as FloatArray;

/** A gradient computed by a backward kernel, as a tensor shaped like `like`. */
export const wrapGrad = (data: FloatArray, like: Tensor): Tensor => new Tensor(data, like.shape);
