/**
 * NAdam: Adam with Nesterov momentum.
 */
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup, zerosLike } from './optimizer.js';
import { checkBetas, checkLr, checkNonNegative } from './validate.js';

/** NAdam's hyperparameters; defaults as PyTorch. */
export interface NAdamOptions extends OptimizerOptions {
  /** Step size η. Default 0.002. */
  lr: number;
  /** Decay rates [β1, β2] of the first and second moment. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** L2 penalty λ, added to the gradient as λ·θ. Default 0. */
  weightDecay: number;
  /** ψ of the momentum schedule μ_t = β1·(1 − ½·0.96^(tψ)). Default 0.004. */
  momentumDecay: number;
}

type NAdamState = { step: number; muProduct: number; expAvg: FloatArray; expAvgSq: FloatArray };

/**
 * NAdam (Nesterov-accelerated Adam). It applies the momentum of the next step already in this
 * one (Nesterov's look-ahead), with a momentum coefficient μ_t that warms up over the first
 * few hundred steps.
 *
 * Update at step t, for each parameter θ with gradient g:
 * ```
 * g ← g + λ·θ                                 (weightDecay λ)
 * μ_t = β1·(1 − ½·0.96^(t·ψ)),  μ_{t+1} likewise;  Π_t = μ_1·…·μ_t
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * d = √(v / (1 − β2ᵗ)) + eps
 * θ ← θ − η·(1 − μ_t)/(1 − Π_t) · g/d − η·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m/d
 * ```
 * Paper: Dozat, "Incorporating Nesterov Momentum into Adam" (ICLR 2016 workshop).
 *
 * @example
 * import { NAdam, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new NAdam([w], { lr: 0.01 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(params: Tensor[] | ParamGroup<NAdamOptions>[], options: Partial<NAdamOptions> = {}) {
    super(
      'NAdam',
      params,
      {
        lr: 0.002,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        momentumDecay: 4e-3,
      },
      options,
    );
  }

  protected validate(o: NAdamOptions, where: string): void {
    checkLr('NAdam', where, o.lr);
    checkBetas(where, o.betas);
    checkNonNegative(where, 'eps', o.eps);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkNonNegative(where, 'momentumDecay', o.momentumDecay);
  }

  protected initState(param: Tensor): NAdamState {
    const data = param.data as FloatArray;
    return { step: 0, muProduct: 1, expAvg: zerosLike(data), expAvgSq: zerosLike(data) };
  }

  protected update(param: FloatArray, grad: FloatArray, state: NAdamState, group: Group<NAdamOptions>): void {
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const m = state.expAvg;
    const v = state.expAvgSq;
    state.step += 1;
    const t = state.step;
    const bias2 = 1 - beta2 ** t;
    // the momentum schedule at this step and the next
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    state.muProduct *= mu;
    // Π_t·μ_{t+1}, as the paper and PyTorch ≥ 2.0; PyTorch 1.13 multiplied by μ_t a second time
    // here, a bug fixed upstream in pytorch/pytorch#92699.
    const muProductNext = state.muProduct * muNext;
    // weights of the current gradient and of the (look-ahead) momentum
    const gradStep = (lr * (1 - mu)) / (1 - state.muProduct);
    const momentumStep = (lr * muNext) / (1 - muProductNext);
    for (let i = 0; i < param.length; i++) {
      let g = grad[i] as number;
      if (weightDecay !== 0) g += weightDecay * (param[i] as number);
      // update the first and second moments
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      // bias-correct the second moment
      const denom = Math.sqrt((v[i] as number) / bias2) + eps;
      param[i] = (param[i] as number) - (gradStep * g) / denom - (momentumStep * (m[i] as number)) / denom;
    }
  }
}
