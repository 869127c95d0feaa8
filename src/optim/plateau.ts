/**
 * ReduceLROnPlateau: lower the lr when a monitored metric stops improving.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type AnyOptimizer, checkIn, checkInt, perGroup, type SchedulerStateDict } from './lr-scheduler.js';
import { Optimizer } from './optimizer.js';
import { loadFields, saveFields } from './state-dict.js';

/** Options of `ReduceLROnPlateau`; defaults as PyTorch. */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower is better, e.g. a loss; 'max': higher is better, e.g. accuracy. */
  mode?: 'min' | 'max';
  /** Multiply the lr by this on a plateau; in [0, 1). Default 0.1. */
  factor?: number;
  /** Steps without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** 'rel' (default): improve on best·(1 ∓ threshold); 'abs': on best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting bad steps again. Default 0. */
  cooldown?: number;
  /** The lr never goes below this (one per param group, or one for all). Default 0. */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped. Default 1e-8. */
  eps?: number;
}

/**
 * Reduce each group's lr by `factor` when the metric passed to `step(metric)` has not improved
 * for more than `patience` steps (PyTorch's ReduceLROnPlateau). Usually stepped once per epoch
 * with the validation loss.
 *
 * @example
 * import { ReduceLROnPlateau, SGD, tensor } from 'neurite';
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const schedule = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 2 });
 * for (const valLoss of [1, 0.9, 0.9, 0.9, 0.9]) schedule.step(valLoss);
 * schedule.getLastLr(); // [0.05]: 3 steps without improvement > patience 2
 */
export class ReduceLROnPlateau {
  readonly optimizer: AnyOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (null before the first step). */
  best: number | null = null;
  /** Consecutive steps without improvement. */
  numBadEpochs = 0;
  /** Steps left in the current cooldown. */
  cooldownCounter = 0;
  /** Steps taken. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const name = 'ReduceLROnPlateau';
    if (!(optimizer instanceof Optimizer)) {
      throw new ValueError(`${name}: the first argument must be an optimizer (e.g. new SGD(params, { lr: 0.1 }))`);
    }
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel' } = options;
    const { cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`${name}: mode must be 'min' or 'max', got ${mode}`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new ValueError(`${name}: thresholdMode must be 'rel' or 'abs', got ${thresholdMode}`);
    }
    checkIn(name, 'factor', factor, 0, 1);
    if (factor === 1) throw new ValueError(`${name}: factor must be < 1, got 1 (the lr would never change)`);
    checkInt(name, 'patience', patience, 0);
    checkInt(name, 'cooldown', cooldown, 0);
    checkIn(name, 'threshold', threshold, 0, Number.MAX_VALUE);
    checkIn(name, 'eps', eps, 0, Number.MAX_VALUE);
    this.minLrs = perGroup(name, 'minLr', minLr, optimizer.paramGroups.length);
    for (const m of this.minLrs) checkIn(name, 'minLr', m, 0, Number.MAX_VALUE);
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Record this step's metric (a number or a one-element tensor); reduce the lrs if it has
   * not improved for more than `patience` steps.
   */
  step(metric: number | Tensor): void {
    const current = typeof metric === 'number' ? metric : metric.item();
    this.lastEpoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad steps during the cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lr of each group after the latest step. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The schedule's state (best, counters, settings), JSON-able. */
  stateDict(): SchedulerStateDict {
    return saveFields(this, ['optimizer']);
  }

  /** Restore a state saved by `stateDict()`. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadFields(this, stateDict, ['optimizer'], 'ReduceLROnPlateau.loadStateDict');
  }

  /** Whether `a` improves on the best metric by more than the threshold. */
  private isBetter(a: number): boolean {
    // before the first step, the best is the worst possible value
    const best = this.best ?? (this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    if (this.mode === 'min')
      return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (1 + this.threshold) : a > best + this.threshold;
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const newLr = Math.max(group.lr * this.factor, this.minLrs[i] as number);
      if (group.lr - newLr > this.eps) group.lr = newLr;
    });
  }
}
