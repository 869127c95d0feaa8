/**
 * Adamax: Adam with the infinity norm in place of the root mean square.
 */
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup, zerosLike } from './optimizer.js';
import { checkBetas, checkFlag, checkLr, checkNonNegative } from './validate.js';

/** Adamax's hyperparameters; defaults as PyTorch. */
export interface AdamaxOptions extends OptimizerOptions {
  /** Step size η. Default 0.002. */
  lr: number;
  /** Decay rates [β1, β2] of the first moment and of the infinity norm. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to |g| for numerical stability. Default 1e-8. */
  eps: number;
  /** L2 penalty λ, added to the gradient as λ·θ. Default 0. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

type AdamaxState = { step: number; expAvg: FloatArray; expInf: FloatArray };

/**
 * Adamax. Adam's √v is an L2 norm of past gradients; Adamax uses their exponentially weighted
 * maximum (the L∞ norm) instead, which needs no bias correction.
 *
 * Update at step t, for each parameter θ with gradient g:
 * ```
 * g ← g + λ·θ                          (weightDecay λ)
 * m ← β1·m + (1 − β1)·g
 * u ← max(β2·u, |g| + eps)
 * θ ← θ − η/(1 − β1ᵗ) · m / u
 * ```
 * Paper: Kingma & Ba, "Adam: A Method for Stochastic Optimization" (arXiv:1412.6980), section 7.1.
 *
 * @example
 * import { Adamax, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adamax([w], { lr: 0.01 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: Tensor[] | ParamGroup<AdamaxOptions>[], options: Partial<AdamaxOptions> = {}) {
    super(
      'Adamax',
      params,
      {
        lr: 0.002,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        maximize: false,
      },
      options,
    );
  }

  protected validate(o: AdamaxOptions, where: string): void {
    checkLr('Adamax', where, o.lr);
    checkBetas(where, o.betas);
    checkNonNegative(where, 'eps', o.eps);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkFlag(where, 'maximize', o.maximize);
  }

  protected initState(param: Tensor): AdamaxState {
    const data = param.data as FloatArray;
    return { step: 0, expAvg: zerosLike(data), expInf: zerosLike(data) };
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdamaxState, group: Group<AdamaxOptions>): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    const m = state.expAvg;
    const u = state.expInf;
    state.step += 1;
    // only the first moment needs bias correction
    const clr = lr / (1 - beta1 ** state.step);
    for (let i = 0; i < param.length; i++) {
      let g = maximize ? -(grad[i] as number) : (grad[i] as number);
      if (weightDecay !== 0) g += weightDecay * (param[i] as number);
      // update the first moment (momentum)
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
      // update the exponentially weighted infinity norm (Math.max keeps NaN visible, as torch.amax)
      u[i] = Math.max(beta2 * (u[i] as number), Math.abs(g) + eps);
      param[i] = (param[i] as number) - (clr * (m[i] as number)) / (u[i] as number);
    }
  }
}
