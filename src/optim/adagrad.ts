/**
 * Adagrad: per-coordinate step sizes that shrink with the sum of that coordinate's squared
 * gradients, so rarely-updated weights keep larger steps.
 */
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup } from './optimizer.js';
import { checkFlag, checkLr, checkNonNegative } from './validate.js';

/** Adagrad's hyperparameters; defaults as PyTorch. */
export interface AdagradOptions extends OptimizerOptions {
  /** Step size η. Default 0.01. */
  lr: number;
  /** Learning-rate decay: step t uses η / (1 + (t − 1)·lrDecay). Default 0. */
  lrDecay: number;
  /** L2 penalty λ, added to the gradient as λ·θ. Default 0. */
  weightDecay: number;
  /** Starting value of the squared-gradient sum. Default 0. */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability. Default 1e-10. */
  eps: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

type AdagradState = { step: number; sum: FloatArray };

/**
 * Adagrad (adaptive gradient). Each coordinate divides its gradient by the root of the sum of
 * all its squared gradients so far, so steep directions take small steps and flat, rarely-seen
 * ones take large steps. The sum only grows: steps keep shrinking.
 *
 * Update at step t, for each parameter θ with gradient g:
 * ```
 * g ← g + λ·θ                      (weightDecay λ)
 * η_t = η / (1 + (t − 1)·lrDecay)
 * s ← s + g²                       (s starts at initialAccumulatorValue)
 * θ ← θ − η_t · g / (√s + eps)
 * ```
 * Paper: Duchi, Hazan & Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12 (2011).
 *
 * @example
 * import { Adagrad, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adagrad([w], { lr: 0.5 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Tensor[] | ParamGroup<AdagradOptions>[], options: Partial<AdagradOptions> = {}) {
    super(
      'Adagrad',
      params,
      {
        lr: 0.01,
        lrDecay: 0,
        weightDecay: 0,
        initialAccumulatorValue: 0,
        eps: 1e-10,
        maximize: false,
      },
      options,
    );
  }

  protected validate(o: AdagradOptions, where: string): void {
    checkLr('Adagrad', where, o.lr);
    checkNonNegative(where, 'lrDecay', o.lrDecay);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkNonNegative(where, 'initialAccumulatorValue', o.initialAccumulatorValue);
    checkNonNegative(where, 'eps', o.eps);
    checkFlag(where, 'maximize', o.maximize);
  }

  protected initState(param: Tensor, group: Group<AdagradOptions>): AdagradState {
    const sum = param.dtype === 'float64' ? new Float64Array(param.numel()) : new Float32Array(param.numel());
    sum.fill(group.initialAccumulatorValue);
    return { step: 0, sum };
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdagradState, group: Group<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    const sum = state.sum;
    state.step += 1;
    // the decayed step size of this step
    const clr = lr / (1 + (state.step - 1) * lrDecay);
    for (let i = 0; i < param.length; i++) {
      let g = maximize ? -(grad[i] as number) : (grad[i] as number);
      if (weightDecay !== 0) g += weightDecay * (param[i] as number);
      // accumulate the squared gradient
      sum[i] = (sum[i] as number) + g * g;
      // divide the step by the root of the accumulated squares
      param[i] = (param[i] as number) - (clr * g) / (Math.sqrt(sum[i] as number) + eps);
    }
  }
}
