/**
 * Adadelta: RMSprop whose step size is the running RMS of the previous updates, so it needs no
 * learning rate (`lr` only scales the result; default 1).
 */
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup, zerosLike } from './optimizer.js';
import { checkFlag, checkLr, checkNonNegative, checkRate } from './validate.js';

/** Adadelta's hyperparameters; defaults as PyTorch. */
export interface AdadeltaOptions extends OptimizerOptions {
  /** Scale applied to each update. Default 1. */
  lr: number;
  /** Decay rate ρ of both running averages. Default 0.9. */
  rho: number;
  /** Added inside both square roots; it also sets the size of the very first steps. Default 1e-6. */
  eps: number;
  /** L2 penalty λ, added to the gradient as λ·θ. Default 0. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

type AdadeltaState = { step: number; squareAvg: FloatArray; accDelta: FloatArray };

/**
 * Adadelta. It keeps running averages of the squared gradients (v) and of the squared updates
 * (u); the update is the gradient times √(u + eps) / √(v + eps), which has the units of the
 * parameter, so no hand-tuned learning rate is needed.
 *
 * Update, for each parameter θ with gradient g:
 * ```
 * g ← g + λ·θ                          (weightDecay λ)
 * v ← ρ·v + (1 − ρ)·g²
 * Δ = √(u + eps) / √(v + eps) · g
 * u ← ρ·u + (1 − ρ)·Δ²
 * θ ← θ − lr·Δ
 * ```
 * Paper: Zeiler, "ADADELTA: An Adaptive Learning Rate Method" (arXiv:1212.5701, 2012).
 *
 * @example
 * import { Adadelta, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adadelta([w]); // lr 1 is the default scale; no warning
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: Tensor[] | ParamGroup<AdadeltaOptions>[], options: Partial<AdadeltaOptions> = {}) {
    super(
      'Adadelta',
      params,
      {
        lr: 1,
        rho: 0.9,
        eps: 1e-6,
        weightDecay: 0,
        maximize: false,
      },
      options,
    );
  }

  protected validate(o: AdadeltaOptions, where: string): void {
    checkLr('Adadelta', where, o.lr, false); // lr is a scale here, 1 by default: no warning
    checkRate(where, 'rho', o.rho, true);
    checkNonNegative(where, 'eps', o.eps);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkFlag(where, 'maximize', o.maximize);
  }

  protected initState(param: Tensor): AdadeltaState {
    const data = param.data as FloatArray;
    return { step: 0, squareAvg: zerosLike(data), accDelta: zerosLike(data) };
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdadeltaState, group: Group<AdadeltaOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    const v = state.squareAvg;
    const u = state.accDelta;
    state.step += 1;
    for (let i = 0; i < param.length; i++) {
      let g = maximize ? -(grad[i] as number) : (grad[i] as number);
      if (weightDecay !== 0) g += weightDecay * (param[i] as number);
      // update the running mean of the squared gradient
      v[i] = rho * (v[i] as number) + (1 - rho) * g * g;
      // the update: RMS of past updates over RMS of gradients, times the gradient
      const delta = (Math.sqrt((u[i] as number) + eps) / Math.sqrt((v[i] as number) + eps)) * g;
      // update the running mean of the squared update
      u[i] = rho * (u[i] as number) + (1 - rho) * delta * delta;
      param[i] = (param[i] as number) - lr * delta;
    }
  }
}
