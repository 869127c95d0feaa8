/**
 * JS reference classification loss kernels: fused log-softmax + NLL (crossEntropy), NLL on
 * log-probabilities, multi-class margin loss, and the class-index checks they need. Inputs are
 * viewed as [outer, classes, inner]; sample s = n·inner + i reads class c at n·C·inner + c·inner + i.
 */
import { allocate, type FloatArray } from '../../dtype.js';
import type { ClassLayout, LossKernels } from '../kernels/loss.js';
import { like } from './broadcast.js';

type ClassificationKernels = Pick<
  LossKernels,
  | 'findInvalidClass'
  | 'classWeightSum'
  | 'crossEntropy'
  | 'crossEntropyBackward'
  | 'nllLoss'
  | 'nllLossBackward'
  | 'multiMarginLoss'
  | 'multiMarginLossBackward'
>;

const weightOf = (weight: FloatArray | null, c: number) => (weight === null ? 1 : (weight[c] as number));

/**
 * Log-softmax of one sample's logits into `lp[at …]` (float64): z − max − ln Σ e^(z − max).
 * Subtracting the max first keeps every exponent ≤ 0, so logits of ±1000 give finite values.
 */
function logSoftmaxAt(
  logits: FloatArray,
  { classes: C, inner }: ClassLayout,
  base: number,
  lp: Float64Array,
  at: number,
): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < C; c++) max = Math.max(max, logits[base + c * inner] as number);
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp((logits[base + c * inner] as number) - max);
  const lse = max + Math.log(s);
  for (let c = 0; c < C; c++) lp[at + c] = (logits[base + c * inner] as number) - lse;
}

/** Visit every sample: f(s, base) with base the offset of its class 0. */
function forSamples({ outer, classes, inner }: ClassLayout, f: (s: number, base: number) => void): void {
  for (let n = 0; n < outer; n++) for (let i = 0; i < inner; i++) f(n * inner + i, n * classes * inner + i);
}

function isIgnored(y: number, ignoreIndex: number | null): boolean {
  return ignoreIndex !== null && y === ignoreIndex;
}

export const jsClassificationLoss: ClassificationKernels = {
  findInvalidClass(target, classes, ignoreIndex) {
    for (let s = 0; s < target.length; s++) {
      const y = target[s] as number;
      if ((y < 0 || y >= classes) && !isIgnored(y, ignoreIndex)) return s;
    }
    return -1;
  },

  classWeightSum(target, { weight, ignoreIndex }) {
    let total = 0;
    // isIgnored and weightOf written out here and in the two crossEntropy kernels: these loops run
    // per sample (and class) in every training step, often before V8 has optimized anything
    for (let s = 0; s < target.length; s++) {
      const y = target[s] as number;
      if (ignoreIndex === null || y !== ignoreIndex) total += weight === null ? 1 : (weight[y] as number);
    }
    return total;
  },

  crossEntropy(logits, layout, target, { weight, ignoreIndex, labelSmoothing: eps }, logProbs, into) {
    const { outer, classes: C, inner } = layout;
    const out = into ?? like(logits, outer * inner);
    // each sample's log-probabilities: kept for the backward pass (at s·C), or in one scratch row
    const lp = logProbs ?? allocate('float64', C);
    const classIndices = target instanceof Int32Array;
    // The sample loop of `forSamples`, written out: this kernel runs once per training step.
    for (let n = 0; n < outer; n++) {
      for (let i = 0; i < inner; i++) {
        const s = n * inner + i;
        const base = n * C * inner + i;
        const at = logProbs === undefined ? 0 : s * C;
        if (classIndices) {
          const y = target[s] as number;
          if (ignoreIndex !== null && y === ignoreIndex) {
            out[s] = 0; // (`into` may hold an earlier call's values)
            continue;
          }
          logSoftmaxAt(logits, layout, base, lp, at);
          let smooth = 0;
          if (eps > 0) for (let c = 0; c < C; c++) smooth -= weightOf(weight, c) * (lp[at + c] as number);
          const wy = weight === null ? 1 : (weight[y] as number);
          out[s] = (1 - eps) * -wy * (lp[at + y] as number) + (eps / C) * smooth;
        } else {
          logSoftmaxAt(logits, layout, base, lp, at);
          let loss = 0;
          for (let c = 0; c < C; c++) {
            const t = (1 - eps) * (target[base + c * inner] as number) + eps / C;
            loss -= weightOf(weight, c) * t * (lp[at + c] as number);
          }
          out[s] = loss;
        }
      }
    }
    return out;
  },

  crossEntropyBackward(logits, layout, target, { weight, ignoreIndex, labelSmoothing: eps }, grad, logProbs) {
    const { classes: C, inner } = layout;
    const input = like(logits, logits.length);
    const classIndices = target instanceof Int32Array;
    const targetGrad = classIndices ? null : like(logits, logits.length);
    // the forward's log-probabilities (at s·C), or each sample's recomputed into one scratch row
    const lp = logProbs ?? allocate('float64', C);
    let totalWeight = 0; // W = Σ_c w_c, used by the smoothing term
    for (let c = 0; c < C; c++) totalWeight += weightOf(weight, c);
    for (let s = 0; s < layout.outer * inner; s++) {
      const base = inner === 1 ? s * C : Math.floor(s / inner) * C * inner + (s % inner); // sample s = n·inner + i
      const g = grad[s] as number;
      const at = logProbs === undefined ? 0 : s * C;
      if (classIndices) {
        const y = target[s] as number;
        if (ignoreIndex !== null && y === ignoreIndex) continue;
        if (logProbs === undefined) logSoftmaxAt(logits, layout, base, lp, 0);
        const wy = weight === null ? 1 : (weight[y] as number);
        for (let c = 0; c < C; c++) {
          const p = Math.exp(lp[at + c] as number);
          const nll = wy * (p - (c === y ? 1 : 0));
          const smooth = totalWeight * p - (weight === null ? 1 : (weight[c] as number));
          input[base + c * inner] = g * ((1 - eps) * nll + (eps / C) * smooth);
        }
      } else {
        if (logProbs === undefined) logSoftmaxAt(logits, layout, base, lp, 0);
        // w_c·t′_c with the smoothed target t′ = (1 − ε)·t + ε/C
        const wt = (c: number) => weightOf(weight, c) * ((1 - eps) * (target[base + c * inner] as number) + eps / C);
        let mass = 0; // Σ_c w_c·t′_c: the softmax term carries the whole (weighted) target mass
        for (let c = 0; c < C; c++) mass += wt(c);
        for (let c = 0; c < C; c++) {
          input[base + c * inner] = g * (mass * Math.exp(lp[at + c] as number) - wt(c));
          (targetGrad as FloatArray)[base + c * inner] = -g * (1 - eps) * weightOf(weight, c) * (lp[at + c] as number);
        }
      }
    }
    return { input, target: targetGrad };
  },

  nllLoss(x, layout, target, { weight, ignoreIndex }) {
    const out = like(x, layout.outer * layout.inner);
    forSamples(layout, (s, base) => {
      const y = target[s] as number;
      if (!isIgnored(y, ignoreIndex)) out[s] = -weightOf(weight, y) * (x[base + y * layout.inner] as number);
    });
    return out;
  },

  nllLossBackward(likeArray, layout, target, { weight, ignoreIndex }, grad) {
    const out = like(likeArray, layout.outer * layout.classes * layout.inner);
    forSamples(layout, (s, base) => {
      const y = target[s] as number;
      if (!isIgnored(y, ignoreIndex)) out[base + y * layout.inner] = -weightOf(weight, y) * (grad[s] as number);
    });
    return out;
  },

  multiMarginLoss(x, { outer: N, classes: C }, target, { p, margin, weight }) {
    const out = like(x, N);
    for (let n = 0; n < N; n++) {
      const y = target[n] as number;
      const xy = x[n * C + y] as number;
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const z = margin - xy + (x[n * C + c] as number);
        if (c !== y && z > 0) sum += (p === 1 ? z : z * z) * weightOf(weight, y);
      }
      out[n] = sum / C;
    }
    return out;
  },

  multiMarginLossBackward(x, { outer: N, classes: C }, target, { p, margin, weight }, grad) {
    const out = like(x, x.length);
    for (let n = 0; n < N; n++) {
      const y = target[n] as number;
      const xy = x[n * C + y] as number;
      const scale = ((grad[n] as number) * weightOf(weight, y)) / C;
      let dy = 0;
      for (let c = 0; c < C; c++) {
        const z = margin - xy + (x[n * C + c] as number);
        if (c === y || z <= 0) continue;
        const d = scale * (p === 1 ? 1 : 2 * z); // d/dx_c of the term; x_y gets the opposite
        out[n * C + c] = d;
        dy -= d;
      }
      out[n * C + y] = dy;
    }
    return out;
  },
};
