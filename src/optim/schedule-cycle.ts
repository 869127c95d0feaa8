/**
 * Cyclic learning-rate schedules: CosineAnnealingWarmRestarts (SGDR) and OneCycleLR.
 */
import { ValueError } from '../errors.js';
import { type AnyOptimizer, checkIn, checkInt, LRScheduler, perGroup } from './lr-scheduler.js';

/** Options of `CosineAnnealingWarmRestarts`. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Steps until the first restart. */
  t0: number;
  /** Each period is `tMult` times the previous one. Default 1. */
  tMult?: number;
  /** The lowest lr. Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR): the lr falls along half a cosine from the base
 * lr to `etaMin`, then jumps back up and starts again, each period `tMult` times longer:
 * ```
 * lr_t = η_min + (lr₀ − η_min)·(1 + cos(π·T_cur / T_i)) / 2
 * ```
 * where T_cur counts the steps since the last restart and T_i is the current period (T_0 first).
 * Paper: Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts"
 * (arXiv:1608.03983, 2016).
 * @example
 * import { SGD, CosineAnnealingWarmRestarts, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * // restarts after 10, then 20, then 40 steps
 * const schedule = new CosineAnnealingWarmRestarts(optimizer, { t0: 10, tMult: 2 });
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  tMult: number;
  etaMin: number;
  /** The current period. */
  tI: number;
  /** Steps since the last restart. */
  tCur: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingWarmRestartsOptions) {
    super(optimizer, 'CosineAnnealingWarmRestarts');
    const { t0, tMult = 1, etaMin = 0 } = options ?? ({} as CosineAnnealingWarmRestartsOptions);
    checkInt(this.name, 't0', t0, 1);
    checkInt(this.name, 'tMult', tMult, 1);
    checkIn(this.name, 'etaMin', etaMin, 0, Number.MAX_VALUE);
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tI = t0;
    this.tCur = -1;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const cosine = (1 + Math.cos((Math.PI * this.tCur) / this.tI)) / 2;
    return this.baseLrs.map((base) => this.etaMin + (base - this.etaMin) * cosine);
  }

  override step(): void {
    if (this.lastEpoch < 0) {
      this.stepTo(0);
      return;
    }
    this.countStep();
    this.lastEpoch += 1;
    this.tCur += 1;
    if (this.tCur >= this.tI) {
      // restart: back to the base lr, with a period tMult times longer
      this.tCur -= this.tI;
      this.tI *= this.tMult;
    }
    this.setLrs(this.computeLr());
  }

  override stepTo(epoch: number): void {
    if (!(epoch >= 0)) throw new ValueError(`${this.name}: epoch must be >= 0, got ${epoch}`);
    this.countStep();
    if (epoch >= this.t0) {
      if (this.tMult === 1) {
        this.tCur = epoch % this.t0;
      } else {
        // the number of completed periods: T_0·(1 + m + … + m^(n−1)) ≤ epoch
        const n = Math.trunc(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
        this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
        this.tI = this.t0 * this.tMult ** n;
      }
    } else {
      this.tI = this.t0;
      this.tCur = epoch;
    }
    this.lastEpoch = Math.floor(epoch);
    this.setLrs(this.computeLr());
  }
}

/** Options of `OneCycleLR`. Give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** The peak lr (one per param group, or one for all). */
  maxLr: number | number[];
  /** Steps in the whole cycle (the schedule is stepped once per batch). */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the lr. Default 0.3. */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing between the phase ends. */
  annealStrategy?: 'cos' | 'linear';
  /** Move momentum (or Adam's β1) inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the peak lr. Default 0.85. */
  baseMomentum?: number | number[];
  /** Momentum at the start and the end. Default 0.95. */
  maxMomentum?: number | number[];
  /** The first lr is maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** The last lr is maxLr / divFactor / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Three phases (up, down to the start, then the final anneal) instead of two. Default false. */
  threePhase?: boolean;
}

type Phase = { endStep: number; startLr: LrKey; endLr: LrKey; startMomentum: MomentumKey; endMomentum: MomentumKey };
type LrKey = 'initialLrs' | 'maxLrs' | 'minLrs';
type MomentumKey = 'maxMomentums' | 'baseMomentums';

/**
 * The 1cycle policy: the lr rises from maxLr/divFactor to maxLr over the first `pctStart` of
 * the steps, then anneals to a tiny final lr, while momentum moves the other way (high when
 * the lr is low). Stepped once per batch, for exactly `totalSteps` steps.
 * Paper: Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large
 * Learning Rates" (arXiv:1708.07120, 2017).
 * @example
 * import { SGD, OneCycleLR, tensor } from 'neurite';
 * const optimizer = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const schedule = new OneCycleLR(optimizer, { maxLr: 0.1, epochs: 10, stepsPerEpoch: 50 });
 * // after every optimizer.step(): schedule.step()
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1: boolean;
  phases: Phase[];
  initialLrs: number[];
  maxLrs: number[];
  minLrs: number[];
  maxMomentums: number[];
  baseMomentums: number[];

  constructor(optimizer: AnyOptimizer, options: OneCycleLROptions) {
    super(optimizer, 'OneCycleLR');
    const o = options ?? ({} as OneCycleLROptions);
    const name = this.name;
    const { pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, threePhase = false } = o;
    const { divFactor = 25, finalDivFactor = 1e4 } = o;
    if (o.totalSteps !== undefined) {
      checkInt(name, 'totalSteps', o.totalSteps, 1);
      this.totalSteps = o.totalSteps;
    } else if (o.epochs !== undefined && o.stepsPerEpoch !== undefined) {
      checkInt(name, 'epochs', o.epochs, 1);
      checkInt(name, 'stepsPerEpoch', o.stepsPerEpoch, 1);
      this.totalSteps = o.epochs * o.stepsPerEpoch;
    } else {
      throw new ValueError(`${name}: give totalSteps, or both epochs and stepsPerEpoch`);
    }
    checkIn(name, 'pctStart', pctStart, 0, 1);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new ValueError(`${name}: annealStrategy must be 'cos' or 'linear', got ${String(annealStrategy)}`);
    }
    checkIn(name, 'divFactor', divFactor, Number.MIN_VALUE, Number.MAX_VALUE);
    checkIn(name, 'finalDivFactor', finalDivFactor, Number.MIN_VALUE, Number.MAX_VALUE);
    this.annealStrategy = annealStrategy;
    this.phases = phasesOf(this.totalSteps, pctStart, threePhase);
    this.phases.reduce((start, phase) => {
      if (phase.endStep === start) {
        throw new ValueError(
          `${name}: totalSteps = ${this.totalSteps} with pctStart = ${pctStart} leaves a phase without steps; ` +
            'use more steps or another pctStart',
        );
      }
      return phase.endStep;
    }, 0);

    const groups = optimizer.paramGroups;
    this.maxLrs = perGroup(name, 'maxLr', o.maxLr, groups.length);
    for (const lr of this.maxLrs) checkIn(name, 'maxLr', lr, Number.MIN_VALUE, Number.MAX_VALUE);
    this.initialLrs = this.maxLrs.map((lr) => lr / divFactor);
    this.minLrs = this.initialLrs.map((lr) => lr / finalDivFactor);
    // The cycle starts from maxLr / divFactor, whatever lr the optimizer was built with.
    groups.forEach((g, i) => {
      g.initialLr = this.initialLrs[i];
    });
    this.baseLrs = [...this.initialLrs];

    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = 'betas' in optimizer.defaults;
    this.maxMomentums = perGroup(name, 'maxMomentum', o.maxMomentum ?? 0.95, groups.length);
    this.baseMomentums = perGroup(name, 'baseMomentum', o.baseMomentum ?? 0.85, groups.length);
    if (cycleMomentum) {
      if (!this.useBeta1 && !('momentum' in optimizer.defaults)) {
        throw new ValueError(
          `${name}: cycleMomentum needs an optimizer with momentum or betas (SGD, RMSprop, Adam…), ` +
            `not ${optimizer.name}; pass cycleMomentum: false`,
        );
      }
      groups.forEach((_g, i) => {
        this.setMomentum(i, this.maxMomentums[i] as number);
      });
    }
    this.initialStep();
  }

  protected computeLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new ValueError(
        `${this.name}: step() was called ${step} times, more than totalSteps = ${this.totalSteps}. ` +
          'Give totalSteps (or epochs × stepsPerEpoch) for the whole run, counting every batch.',
      );
    }
    return this.optimizer.paramGroups.map((_g, i) => {
      let start = 0;
      for (const [k, phase] of this.phases.entries()) {
        if (step <= phase.endStep || k === this.phases.length - 1) {
          const pct = (step - start) / (phase.endStep - start);
          if (this.cycleMomentum) {
            this.setMomentum(i, this.anneal(this[phase.startMomentum][i], this[phase.endMomentum][i], pct));
          }
          return this.anneal(this[phase.startLr][i] as number, this[phase.endLr][i] as number, pct);
        }
        start = phase.endStep;
      }
      throw new Error('unreachable: the last phase always matches');
    });
  }

  /** From `start` (pct 0) to `end` (pct 1), along half a cosine or a line. */
  private anneal(start = 0, end = 0, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  /** Set group i's momentum, or β1 for Adam-like optimizers. */
  private setMomentum(i: number, value: number): void {
    const group = this.optimizer.paramGroups[i] as unknown as { momentum?: number; betas?: number[] };
    if (this.useBeta1) group.betas = [value, ...(group.betas ?? [0.9, 0.999]).slice(1)];
    else group.momentum = value;
  }
}

/** PyTorch's phase table: where each phase ends and which values it moves between. */
function phasesOf(total: number, pctStart: number, threePhase: boolean): Phase[] {
  const up: Phase = {
    endStep: pctStart * total - 1,
    startLr: 'initialLrs',
    endLr: 'maxLrs',
    startMomentum: 'maxMomentums',
    endMomentum: 'baseMomentums',
  };
  if (!threePhase) {
    return [
      up,
      {
        endStep: total - 1,
        startLr: 'maxLrs',
        endLr: 'minLrs',
        startMomentum: 'baseMomentums',
        endMomentum: 'maxMomentums',
      },
    ];
  }
  return [
    up,
    {
      endStep: 2 * pctStart * total - 2,
      startLr: 'maxLrs',
      endLr: 'initialLrs',
      startMomentum: 'baseMomentums',
      endMomentum: 'maxMomentums',
    },
    {
      endStep: total - 1,
      startLr: 'initialLrs',
      endLr: 'minLrs',
      startMomentum: 'maxMomentums',
      endMomentum: 'maxMomentums',
    },
  ];
}
