/**
 * SequentialLR: run one schedule after another (e.g. a warm-up, then cosine annealing).
 */
import { ValueError } from '../errors.js';
import { type AnyOptimizer, checkInt, LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
import { loadFields, saveFields } from './state-dict.js';

/**
 * Run `schedulers[0]` until step `milestones[0]`, then `schedulers[1]` from its own step 0,
 * and so on, as PyTorch's SequentialLR. Build every schedule on `optimizer` first; each of
 * them then starts from the optimizer's initial lrs when its turn comes.
 *
 * @param milestones the steps at which to switch: one fewer than `schedulers`, increasing.
 * @example
 * import { CosineAnnealingLR, LinearLR, SequentialLR, SGD, tensor } from 'neurite';
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const warmUp = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new CosineAnnealingLR(opt, { tMax: 95 });
 * const schedule = new SequentialLR(opt, [warmUp, decay], [5]); // 5 warm-up steps, then 95 of cosine
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  milestones: number[];

  constructor(optimizer: AnyOptimizer, schedulers: LRScheduler[], milestones: number[]) {
    super(optimizer, 'SequentialLR');
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new ValueError('SequentialLR: schedulers must be a non-empty list of schedules');
    }
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler) || s.optimizer !== optimizer) {
        throw new ValueError(
          `SequentialLR: schedulers[${i}] does not belong to the optimizer passed in; build every schedule on it`,
        );
      }
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new ValueError(
        `SequentialLR: expected ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, ` +
          `got ${Array.isArray(milestones) ? milestones.length : String(milestones)}`,
      );
    }
    milestones.forEach((m, i) => {
      checkInt('SequentialLR', `milestones[${i}]`, m, 1);
      if (i > 0 && m <= (milestones[i - 1] as number)) {
        throw new ValueError(`SequentialLR: milestones must increase, got ${milestones.join(', ')}`);
      }
    });
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = 0;
    // Undo what constructing the schedules did to the lrs, and restart the first one.
    for (const group of optimizer.paramGroups) group.lr = group.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    (this.schedulers[0] as LRScheduler).initialStep();
    this.lastLr = (this.schedulers[0] as LRScheduler).getLastLr();
  }

  protected computeLr(): number[] {
    return this.currentLrs(); // unused: step() delegates to the active schedule
  }

  override step(): void {
    this.lastEpoch += 1;
    // the active schedule: the number of milestones passed
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[idx] as LRScheduler;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.stepTo(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    return {
      ...saveFields(this, ['optimizer', 'name', 'schedulers']),
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { schedulers, ...own } = stateDict;
    if (!Array.isArray(schedulers) || schedulers.length !== this.schedulers.length) {
      throw new ValueError(`SequentialLR.loadStateDict: expected ${this.schedulers.length} saved schedulers`);
    }
    loadFields(this, own, ['optimizer', 'name', 'schedulers'], 'SequentialLR.loadStateDict');
    schedulers.forEach((s, i) => {
      (this.schedulers[i] as LRScheduler).loadStateDict(s as SchedulerStateDict);
    });
  }
}
