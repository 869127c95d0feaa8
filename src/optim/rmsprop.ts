/**
 * RMSprop: divide each gradient by a running root-mean-square of its recent values.
 */
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup, zerosLike } from './optimizer.js';
import { checkFlag, checkLr, checkNonNegative, checkRate } from './validate.js';

/** RMSprop's hyperparameters; defaults as PyTorch. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Step size η. Default 0.01. */
  lr: number;
  /** Smoothing constant α of the running average of g². Default 0.99. */
  alpha: number;
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** L2 penalty λ, added to the gradient as λ·θ. Default 0. */
  weightDecay: number;
  /** Momentum factor μ. Default 0. */
  momentum: number;
  /** Normalize by an estimate of the gradient's variance instead of its mean square. Default false. */
  centered: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

type RMSpropState = { step: number; squareAvg: FloatArray; momentumBuffer?: FloatArray; gradAvg?: FloatArray };

/**
 * RMSprop. Like Adagrad it scales each coordinate by the size of its recent gradients, but it
 * keeps an exponential moving average instead of a sum, so steps do not shrink forever.
 *
 * Update, for each parameter θ with gradient g:
 * ```
 * g ← g + λ·θ                              (weightDecay λ)
 * v ← α·v + (1 − α)·g²
 * centered:  ḡ ← α·ḡ + (1 − α)·g ;  d = √(v − ḡ²) + eps      else d = √v + eps
 * momentum μ > 0:  b ← μ·b + g / d ;  θ ← θ − η·b              else θ ← θ − η·g / d
 * ```
 * Sources: Hinton, Srivastava & Swersky, "Neural Networks for Machine Learning", lecture 6e
 * (Coursera, 2012); the centered form from Graves, "Generating Sequences With Recurrent Neural
 * Networks" (arXiv:1308.0850, 2013).
 *
 * @example
 * import { RMSprop, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new RMSprop([w], { lr: 0.01, momentum: 0.9 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: Tensor[] | ParamGroup<RMSpropOptions>[], options: Partial<RMSpropOptions> = {}) {
    super(
      'RMSprop',
      params,
      {
        lr: 0.01,
        alpha: 0.99,
        eps: 1e-8,
        weightDecay: 0,
        momentum: 0,
        centered: false,
        maximize: false,
      },
      options,
    );
  }

  protected validate(o: RMSpropOptions, where: string): void {
    checkLr('RMSprop', where, o.lr);
    checkRate(where, 'alpha', o.alpha, true);
    checkNonNegative(where, 'eps', o.eps);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkNonNegative(where, 'momentum', o.momentum);
    checkFlag(where, 'centered', o.centered);
    checkFlag(where, 'maximize', o.maximize);
  }

  protected initState(param: Tensor): RMSpropState {
    return { step: 0, squareAvg: zerosLike(param.data as FloatArray) };
  }

  protected update(param: FloatArray, grad: FloatArray, state: RMSpropState, group: Group<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    state.step += 1;
    const v = state.squareAvg;
    // created on first use (a schedule such as OneCycleLR may switch momentum on later)
    if (centered && state.gradAvg === undefined) state.gradAvg = zerosLike(param);
    if (momentum > 0 && state.momentumBuffer === undefined) state.momentumBuffer = zerosLike(param);
    const gAvg = centered ? (state.gradAvg as FloatArray) : null;
    const buf = momentum > 0 ? (state.momentumBuffer as FloatArray) : null;
    for (let i = 0; i < param.length; i++) {
      let g = maximize ? -(grad[i] as number) : (grad[i] as number);
      if (weightDecay !== 0) g += weightDecay * (param[i] as number);
      // update the running mean of the squared gradient
      v[i] = alpha * (v[i] as number) + (1 - alpha) * g * g;
      let d: number;
      if (gAvg !== null) {
        // centered: subtract the squared running mean of the gradient, leaving its variance
        gAvg[i] = alpha * (gAvg[i] as number) + (1 - alpha) * g;
        d = Math.sqrt((v[i] as number) - (gAvg[i] as number) * (gAvg[i] as number)) + eps;
      } else {
        d = Math.sqrt(v[i] as number) + eps;
      }
      if (buf !== null) {
        // momentum over the normalized gradient
        buf[i] = momentum * (buf[i] as number) + g / d;
        param[i] = (param[i] as number) - lr * (buf[i] as number);
      } else {
        param[i] = (param[i] as number) - (lr * g) / d;
      }
    }
  }
}
