/**
 * The base of the learning-rate schedules, with PyTorch's semantics (`_LRScheduler`): a
 * schedule changes `optimizer.paramGroups[i].lr` each time its `step()` runs — once per epoch
 * or once per batch, after `optimizer.step()`. Constructing a schedule already applies its
 * value for step 0. Most schedules are written in PyTorch's recursive ("chainable") form, which
 * updates the current lr, so their values match PyTorch's to the last bit and compose when two
 * schedules drive one optimizer.
 */
import { ValueError } from '../errors.js';
import { warnOnce } from '../warnings.js';
import { Optimizer, type OptimizerOptions, type ParamState } from './optimizer.js';
import { type Json, loadFields, saveFields } from './state-dict.js';

/** Any optimizer, as schedules see it. */
export type AnyOptimizer = Optimizer<OptimizerOptions, ParamState>;

/** A schedule's state: its counters and settings in snake_case, JSON-able (PyTorch's `__dict__` minus the optimizer). */
export type SchedulerStateDict = Record<string, Json>;

/** Fields that are references, not state. */
const NOT_STATE = ['optimizer', 'name', 'schedulers'];

/**
 * Base class of the epoch-indexed schedules (everything except `ReduceLROnPlateau`).
 * Subclasses set their fields, then call `initialStep()` at the end of their constructor.
 *
 * @example
 * import { SGD, StepLR, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1 });
 * const schedule = new StepLR(opt, { stepSize: 10, gamma: 0.5 });
 * for (let epoch = 0; epoch < 30; epoch++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 *   schedule.step(); // after the optimizer
 * }
 * schedule.getLastLr(); // [0.0125]
 */
export abstract class LRScheduler {
  /** The schedule's name in messages. */
  readonly name: string;
  /** The optimizer whose learning rates this schedule sets. */
  readonly optimizer: AnyOptimizer;
  /** Each group's lr before any schedule ran (its `initialLr`). */
  baseLrs: number[];
  /** How many times `step()` has run since construction (0 right after it). */
  lastEpoch = -1;
  /** Steps taken, counting the one in the constructor. */
  stepCount = 0;
  /** The lrs set by the latest step. */
  protected lastLr: number[] = [];
  private optimizerStepsAtStart = 0;

  protected constructor(optimizer: AnyOptimizer, name: string) {
    if (!(optimizer instanceof Optimizer)) {
      throw new ValueError(`${name}: the first argument must be an optimizer (e.g. new SGD(params, { lr: 0.1 }))`);
    }
    this.name = name;
    this.optimizer = optimizer;
    // The first schedule attached records the lrs it starts from; later ones keep them.
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
  }

  /** The lrs of step `lastEpoch`, in the recursive form (from the groups' current lrs). */
  protected abstract computeLr(): number[];

  /** The lrs of step `lastEpoch` from the base lrs alone, where a closed form exists (used by SequentialLR). */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** The groups' current lrs. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Internal: take step 0 (the end of every constructor; SequentialLR restarts its first schedule with it). */
  initialStep(): void {
    this.optimizerStepsAtStart = this.optimizer.stepCount;
    this.stepCount = 0;
    this.step();
  }

  /** Advance the schedule by one step (epoch or batch) and set the optimizer's lrs. */
  step(): void {
    this.countStep();
    this.lastEpoch += 1;
    this.setLrs(this.computeLr());
  }

  /** Internal: jump to `epoch`, with the closed form where there is one (PyTorch's `step(epoch)`; used by SequentialLR). */
  stepTo(epoch: number): void {
    this.countStep();
    this.lastEpoch = epoch;
    this.setLrs(this.closedFormLr() ?? this.computeLr());
  }

  /** The lr of each group as set by the latest step. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The schedule's state (counters, settings), JSON-able, for checkpoints.
   * @example const saved = schedule.stateDict();
   */
  stateDict(): SchedulerStateDict {
    return saveFields(this, NOT_STATE);
  }

  /**
   * Restore a state saved by `stateDict()` of the same kind of schedule.
   * @example schedule.loadStateDict(saved);
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadFields(this, stateDict, NOT_STATE, `${this.name}.loadStateDict`);
  }

  /** Set each group's lr and remember them. */
  protected setLrs(lrs: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i] as number;
    });
    this.lastLr = this.currentLrs();
  }

  /** Count a step, warning once when the first one comes before any optimizer step (PyTorch warns too). */
  protected countStep(): void {
    if (this.stepCount === 1 && this.optimizer.stepCount === this.optimizerStepsAtStart) {
      warnOnce(
        'optim.scheduler.order',
        `${this.name}: scheduler.step() was called before optimizer.step(). Call optimizer.step() first and ` +
          'scheduler.step() after it, or the first value of the schedule is skipped.',
      );
    }
    this.stepCount += 1;
  }
}

/** Throw unless `value` is an integer ≥ `min`. */
export function checkInt(where: string, name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${where}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Throw unless `value` is a finite number in [lo, hi]. */
export function checkIn(where: string, name: string, value: unknown, lo: number, hi: number): asserts value is number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
    throw new ValueError(`${where}: ${name} must be a number in [${lo}, ${hi}], got ${String(value)}`);
  }
}

/** One value per param group: a single number is repeated; a list must have one per group. */
export function perGroup(where: string, name: string, value: number | number[], groups: number): number[] {
  if (!Array.isArray(value)) return new Array<number>(groups).fill(value);
  if (value.length !== groups) {
    throw new ValueError(`${where}: ${name} has ${value.length} values but the optimizer has ${groups} param groups`);
  }
  return [...value];
}
