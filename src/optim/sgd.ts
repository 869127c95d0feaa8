/**
 * Stochastic gradient descent: plain steepest descent, with optional (Nesterov) momentum.
 */
import type { FloatArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup, zerosLike } from './optimizer.js';
import { checkFlag, checkLr, checkNonNegative } from './validate.js';

/** SGD's hyperparameters; defaults as PyTorch (`lr` has none: choose it). */
export interface SGDOptions extends OptimizerOptions {
  /** Step size η. */
  lr: number;
  /** Momentum factor μ (0: plain steepest descent). Default 0. */
  momentum: number;
  /** Dampening τ of the gradient's share in the velocity. Default 0. */
  dampening: number;
  /** L2 penalty λ, added to the gradient as λ·θ. Default 0. */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

type SGDState = { momentumBuffer?: FloatArray };

/**
 * Stochastic gradient descent. With momentum 0 this is steepest descent, the oldest learning
 * rule: step downhill along the negative gradient. Momentum adds a velocity that averages
 * recent gradients, speeding up travel along consistent directions and damping oscillation.
 *
 * Update, for each parameter θ with gradient g (PyTorch's formulation):
 * ```
 * g ← g + λ·θ                          (weightDecay λ)
 * b ← g on the first step, else b ← μ·b + (1 − τ)·g   (momentum μ, dampening τ)
 * g ← g + μ·b  if nesterov, else g ← b   (only when μ ≠ 0)
 * θ ← θ − η·g
 * ```
 * Papers: Robbins & Monro, "A Stochastic Approximation Method" (1951); Polyak, "Some methods of
 * speeding up the convergence of iteration methods" (1964); Nesterov momentum as in Sutskever et
 * al., "On the importance of initialization and momentum in deep learning" (ICML 2013).
 *
 * @example
 * import { SGD, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward(); // minimize |w|²
 *   opt.step();
 * }
 * // w is now close to [0, 0]
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: Tensor[] | ParamGroup<SGDOptions>[], options: Partial<SGDOptions> & { lr: number }) {
    // lr has no default: it stays undefined unless given, and the check of lr says so
    const defaults = { lr: undefined as unknown as number, momentum: 0, dampening: 0, weightDecay: 0 };
    super('SGD', params, { ...defaults, nesterov: false, maximize: false }, options);
  }

  protected validate(o: SGDOptions, where: string): void {
    checkLr('SGD', where, o.lr);
    checkNonNegative(where, 'momentum', o.momentum);
    checkNonNegative(where, 'dampening', o.dampening);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkFlag(where, 'nesterov', o.nesterov);
    checkFlag(where, 'maximize', o.maximize);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ValueError(
        `${where}: nesterov needs momentum > 0 and dampening = 0, got momentum ${o.momentum} and dampening ` +
          `${o.dampening}; e.g. { momentum: 0.9, nesterov: true }`,
      );
    }
  }

  protected initState(): SGDState {
    return {}; // the momentum buffer is created from the first gradient
  }

  protected update(param: FloatArray, grad: FloatArray, state: SGDState, group: Group<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const first = momentum !== 0 && state.momentumBuffer === undefined;
    if (first) state.momentumBuffer = zerosLike(param);
    const buf = momentum !== 0 ? (state.momentumBuffer as FloatArray) : null;
    for (let i = 0; i < param.length; i++) {
      // the gradient of the loss (negated to climb when maximizing), plus the L2 penalty's λ·θ
      let d = maximize ? -(grad[i] as number) : (grad[i] as number);
      if (weightDecay !== 0) d += weightDecay * (param[i] as number);
      if (buf !== null) {
        // update the velocity: it starts as the first gradient, then averages the later ones
        buf[i] = first ? d : momentum * (buf[i] as number) + (1 - dampening) * d;
        // Nesterov steps from the look-ahead point; classical momentum steps along the velocity
        d = nesterov ? d + momentum * (buf[i] as number) : (buf[i] as number);
      }
      // step downhill
      param[i] = (param[i] as number) - lr * d;
    }
  }
}
