/**
 * Adam and AdamW: momentum on the gradient plus RMSprop-style scaling, both bias-corrected.
 * AdamW differs only in how weight decay is applied (decoupled from the gradient).
 */
import { kernels } from '../backend/backend.js';
import type { AdamScalars } from '../backend/kernels/optim.js';
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { type Group, Optimizer, type OptimizerOptions, type ParamGroup, zerosLike } from './optimizer.js';
import { checkBetas, checkFlag, checkLr, checkNonNegative } from './validate.js';

/** Adam's and AdamW's hyperparameters; defaults as PyTorch. */
export interface AdamOptions extends OptimizerOptions {
  /** Step size η. Default 0.001. */
  lr: number;
  /** Decay rates [β1, β2] of the first and second moment. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** Weight decay λ: an L2 penalty in Adam; decoupled (θ ← θ − ηλθ) in AdamW. Default 0 (AdamW: 0.01). */
  weightDecay: number;
  /** Use AMSGrad: normalize by the largest second moment seen so far. Default false. */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

type AdamState = { step: number; expAvg: FloatArray; expAvgSq: FloatArray; maxExpAvgSq?: FloatArray };

const DEFAULTS: AdamOptions = {
  lr: 0.001,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
};

/**
 * Adam (adaptive moment estimation). It keeps a running mean of the gradient (m, momentum) and
 * of its square (v, as RMSprop), corrects both for their start at zero, and steps along m / √v:
 * every coordinate moves about η per step at most, whatever the scale of its gradient.
 *
 * Update at step t, for each parameter θ with gradient g:
 * ```
 * g ← g + λ·θ                              (weightDecay λ: L2 penalty)
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * v̂max ← max(v̂max, v)                       (amsgrad only; then v is replaced by v̂max below)
 * θ ← θ − η/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
 * ```
 * Papers: Kingma & Ba, "Adam: A Method for Stochastic Optimization" (arXiv:1412.6980, 2014);
 * AMSGrad: Reddi, Kale & Kumar, "On the Convergence of Adam and Beyond" (ICLR 2018).
 *
 * @example
 * import { Adam, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Tensor[] | ParamGroup<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super('Adam', params, DEFAULTS, options);
  }

  protected validate(o: AdamOptions, where: string): void {
    validateAdam('Adam', o, where);
  }

  protected initState(param: Tensor, group: Group<AdamOptions>): AdamState {
    return initAdamState(param, group);
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdamState, group: Group<AdamOptions>): void {
    adamUpdate(param, grad, state, group, false);
  }
}

/**
 * AdamW: Adam with decoupled weight decay. Adam's L2 penalty is divided by √v like the rest
 * of the gradient, so weights with large gradients are barely decayed; AdamW shrinks every
 * weight by the same factor (1 − ηλ) before the Adam step, which regularizes as intended.
 *
 * Update at step t (m, v, v̂max as Adam, on the raw gradient g):
 * ```
 * θ ← θ·(1 − η·λ)                          (weightDecay λ, default 0.01)
 * θ ← θ − η/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
 * ```
 * Paper: Loshchilov & Hutter, "Decoupled Weight Decay Regularization" (arXiv:1711.05101, ICLR 2019).
 *
 * @example
 * import { AdamW, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.01, weightDecay: 0.05 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Tensor[] | ParamGroup<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super('AdamW', params, { ...DEFAULTS, weightDecay: 0.01 }, options);
  }

  protected validate(o: AdamOptions, where: string): void {
    validateAdam('AdamW', o, where);
  }

  protected initState(param: Tensor, group: Group<AdamOptions>): AdamState {
    return initAdamState(param, group);
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdamState, group: Group<AdamOptions>): void {
    adamUpdate(param, grad, state, group, true);
  }
}

function validateAdam(name: string, o: AdamOptions, where: string): void {
  checkLr(name, where, o.lr);
  checkBetas(where, o.betas);
  checkNonNegative(where, 'eps', o.eps);
  checkNonNegative(where, 'weightDecay', o.weightDecay);
  checkFlag(where, 'amsgrad', o.amsgrad);
  checkFlag(where, 'maximize', o.maximize);
}

function initAdamState(param: Tensor, group: Group<AdamOptions>): AdamState {
  const data = param.data as FloatArray;
  // the moments live where the backend's adamStep updates them without copies (WASM memory)
  const k = kernels();
  const state: AdamState = { step: 0, expAvg: k.stateZeros(data), expAvgSq: k.stateZeros(data) };
  if (group.amsgrad) state.maxExpAvgSq = zerosLike(data);
  return state;
}

const SCALARS: AdamScalars = {
  beta1: 0,
  oneMinusBeta1: 0,
  beta2: 0,
  oneMinusBeta2: 0,
  stepSize: 0,
  bias2Sqrt: 0,
  eps: 0,
  gradScale: 0,
  l2: 0,
  decay: 0,
};

/**
 * One Adam / AdamW step of one parameter, in place. The loop runs in the backend's `adamStep`
 * kernel (float32 parameters in float32 arithmetic, as PyTorch); AMSGrad's running maximum, the
 * rare case, stays in the readable loop below.
 */
function adamUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: AdamState,
  group: Group<AdamOptions>,
  decoupled: boolean,
): void {
  const { lr, eps, weightDecay, amsgrad, maximize, betas } = group;
  const beta1 = betas[0];
  const beta2 = betas[1];
  state.step += 1;
  // bias corrections: m and v start at 0, so early averages are too small by (1 − βᵗ)
  const stepSize = lr / (1 - beta1 ** state.step);
  const bias2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  if (!amsgrad) {
    // one object for every call (the kernel only reads it): not a fresh one per parameter per step
    const s = SCALARS;
    s.beta1 = beta1;
    s.oneMinusBeta1 = 1 - beta1;
    s.beta2 = beta2;
    s.oneMinusBeta2 = 1 - beta2;
    s.stepSize = stepSize;
    s.bias2Sqrt = bias2Sqrt;
    s.eps = eps;
    s.gradScale = maximize ? -1 : 1;
    s.l2 = decoupled ? 0 : weightDecay; // Adam: the L2 penalty's gradient λ·θ joins the loss gradient
    s.decay = decoupled ? 1 - lr * weightDecay : 1; // AdamW: shrink the weight outside the adaptive scaling
    kernels().adamStep(param, grad, state.expAvg, state.expAvgSq, s);
    return;
  }
  const m = state.expAvg;
  const v = state.expAvgSq;
  state.maxExpAvgSq ??= zerosLike(param);
  const vMax = state.maxExpAvgSq;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -(grad[i] as number) : (grad[i] as number);
    if (decoupled) {
      // AdamW: shrink the weight directly, outside the adaptive scaling
      param[i] = (param[i] as number) * (1 - lr * weightDecay);
    } else if (weightDecay !== 0) {
      // Adam: the L2 penalty's gradient λ·θ joins the loss gradient
      g += weightDecay * (param[i] as number);
    }
    // update the first moment (momentum)
    m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
    // update the second moment (the uncentered variance)
    v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
    // AMSGrad: never let the denominator shrink
    vMax[i] = Math.max(vMax[i] as number, v[i] as number);
    // bias-correct both moments and step
    const denom = Math.sqrt(vMax[i] as number) / bias2Sqrt + eps;
    param[i] = (param[i] as number) - (stepSize * (m[i] as number)) / denom;
  }
}
