/**
 * Learning-rate schedules that decay the lr along a fixed curve: StepLR, MultiStepLR,
 * ExponentialLR, LinearLR (warm-up) and CosineAnnealingLR. Each is PyTorch's, in its recursive
 * form, with PyTorch's closed form beside it for SequentialLR.
 */
import { ValueError } from '../errors.js';
import { type AnyOptimizer, checkIn, checkInt, LRScheduler } from './lr-scheduler.js';

/** Options of `StepLR`. */
export interface StepLROptions {
  /** Decay every `stepSize` steps. */
  stepSize: number;
  /** Multiplicative factor of each decay. Default 0.1. */
  gamma?: number;
}

/**
 * Multiply the lr by `gamma` every `stepSize` steps: lr_t = lr₀·γ^⌊t / stepSize⌋.
 * @example
 * import { SGD, StepLR, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * // lr 0.1 for epochs 0–29, 0.01 for 30–59, 0.001 for 60–89 …
 * const schedule = new StepLR(optimizer, { stepSize: 30, gamma: 0.1 });
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: StepLROptions) {
    super(optimizer, 'StepLR');
    const { stepSize, gamma = 0.1 } = options ?? ({} as StepLROptions);
    checkInt('StepLR', 'stepSize', stepSize, 1);
    checkIn('StepLR', 'gamma', gamma, 0, Number.MAX_VALUE);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions {
  /** Steps at which to decay (a step listed twice decays twice). */
  milestones: number[];
  /** Multiplicative factor of each decay. Default 0.1. */
  gamma?: number;
}

/**
 * Multiply the lr by `gamma` at each milestone: lr_t = lr₀·γ^(number of milestones ≤ t).
 * @example
 * import { SGD, MultiStepLR, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const schedule = new MultiStepLR(optimizer, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  milestones: number[];
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: MultiStepLROptions) {
    super(optimizer, 'MultiStepLR');
    const { milestones, gamma = 0.1 } = options ?? ({} as MultiStepLROptions);
    if (!Array.isArray(milestones)) throw new ValueError('MultiStepLR: milestones must be a list of step numbers');
    for (const m of milestones) checkInt('MultiStepLR', 'each milestone', m, 0);
    checkIn('MultiStepLR', 'gamma', gamma, 0, Number.MAX_VALUE);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    const lrs = this.currentLrs();
    return hits === 0 ? lrs : lrs.map((lr) => lr * this.gamma ** hits);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }
}

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions {
  /** Multiplicative factor of every step. */
  gamma: number;
}

/**
 * Multiply the lr by `gamma` every step: lr_t = lr₀·γᵗ.
 * @example
 * import { SGD, ExponentialLR, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const schedule = new ExponentialLR(optimizer, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: ExponentialLROptions) {
    super(optimizer, 'ExponentialLR');
    checkIn('ExponentialLR', 'gamma', options?.gamma, 0, Number.MAX_VALUE);
    this.gamma = options.gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}

/** Options of `LinearLR`. */
export interface LinearLROptions {
  /** Factor of the lr at step 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor of the lr from step `totalIters` on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Steps over which the factor moves from start to end. Default 5. */
  totalIters?: number;
}

/**
 * Scale the lr by a factor that moves linearly from `startFactor` to `endFactor` over
 * `totalIters` steps, then stays: lr_t = lr₀·(s + (e − s)·min(t, T)/T). With the defaults this
 * is a learning-rate warm-up, which keeps the first, noisy updates small.
 * @example
 * import { SGD, LinearLR, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * // warm up over 10 steps from lr₀/10 to lr₀
 * const schedule = new LinearLR(optimizer, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    super(optimizer, 'LinearLR');
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    checkIn('LinearLR', 'endFactor', endFactor, 0, 1);
    checkIn('LinearLR', 'startFactor', startFactor, 0, 1);
    // the recursive form divides by startFactor
    if (startFactor === 0) throw new ValueError('LinearLR: startFactor must be > 0, got 0; use e.g. 0.001');
    checkInt('LinearLR', 'totalIters', totalIters, 1);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return lrs.map((lr) => lr * s);
    if (t > n) return lrs;
    // the ratio of this step's factor to the previous one's
    return lrs.map((lr) => lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    return this.baseLrs.map((base) => base * (s + ((e - s) * Math.min(n, t)) / n));
  }
}

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** Steps from the base lr down to `etaMin` (half a cosine period). */
  tMax: number;
  /** The lowest lr. Default 0. */
  etaMin?: number;
}

/**
 * Anneal the lr along half a cosine from the base lr to `etaMin` over `tMax` steps:
 * ```
 * lr_t = η_min + (lr₀ − η_min)·(1 + cos(π·t / T_max)) / 2
 * ```
 * computed, as PyTorch does, recursively from the previous lr (past `tMax` it rises again).
 * Paper: Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts"
 * (arXiv:1608.03983, 2016), without the restarts (see `CosineAnnealingWarmRestarts`).
 * @example
 * import { SGD, CosineAnnealingLR, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const schedule = new CosineAnnealingLR(optimizer, { tMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingLROptions) {
    super(optimizer, 'CosineAnnealingLR');
    const { tMax, etaMin = 0 } = options ?? ({} as CosineAnnealingLROptions);
    checkInt('CosineAnnealingLR', 'tMax', tMax, 1);
    checkIn('CosineAnnealingLR', 'etaMin', etaMin, 0, Number.MAX_VALUE);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { tMax: T, etaMin, lastEpoch: t } = this;
    const lrs = this.currentLrs();
    if (t === 0) return lrs;
    if ((t - 1 - T) % (2 * T) === 0) {
      // at the bottom of the curve the ratio below would divide by zero: step up from η_min instead
      return lrs.map((lr, i) => lr + (((this.baseLrs[i] as number) - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T));
    return lrs.map((lr) => ratio * (lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    const { tMax: T, etaMin, lastEpoch: t } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2);
  }
}
