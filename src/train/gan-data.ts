/**
 * Where a GAN's real samples come from, and how many steps training takes: a tensor of samples
 * (shuffled with the seeded Rng, one epoch = one pass) or a function that makes a fresh batch for
 * every step (an endless data set, such as the 2-D Gaussian ring); `epochs` or `steps`. The result
 * is a `TrainingPlan`, so the progress displays of `fit` show GAN training too (one "update" of
 * the plan is one GAN step: the discriminator's updates, then the generator's).
 */
import { tensor } from '../creation.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { indexSelect } from '../ops/index.js';
import type { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { TrainingPlan } from './plan.js';

/**
 * Real samples for a GAN: a tensor `[N, ...]` of them, or a function that returns a fresh batch
 * `[B, ...]` for a step (counted from 1), drawing any randomness from the `rng` it is given.
 */
export type GanData = Tensor | ((step: number, rng: Rng) => Tensor);

/** The options that decide how long GAN training runs. */
export interface GanScheduleOptions {
  /** Passes over a data tensor, or blocks of `stepsPerEpoch` steps for a data function. */
  epochs?: number;
  /** Or: this many GAN steps in all (the last epoch may stop early). */
  steps?: number;
  /** Steps per epoch with a data function (default 100; a data tensor's epoch is one pass). */
  stepsPerEpoch?: number;
  /** Real samples per discriminator update, and noise vectors per generator update. Default 64. */
  batchSize?: number;
  /** Discriminator updates per generator update, each on a new real batch. Default 1. */
  dSteps?: number;
}

/** How a GAN run is cut into epochs and steps, and the real batches of each step. */
export interface GanSchedule {
  plan: TrainingPlan;
  /**
   * The real batches of the epoch whose first step is `firstStep`: `dSteps` per step (fewer in the
   * last step of a pass), and no step beyond the last (so no batch is drawn that is not used).
   */
  epoch(firstStep: number, rng: Rng): Iterable<Tensor[]>;
}

function positiveInt(name: string, value: number | undefined, fallback?: number): number {
  const v = value ?? fallback;
  if (v === undefined || !Number.isInteger(v) || v < 1) {
    throw new ValueError(`trainGan: ${name} must be a positive whole number, got ${value}`);
  }
  return v;
}

/**
 * Resolve epochs / steps / batch size into a plan and a source of real batches.
 * @throws ValueError for both or neither of epochs and steps (a tensor alone means 1 epoch), values
 *   that are not positive whole numbers, stepsPerEpoch with a tensor, or an empty tensor.
 */
export function ganSchedule(data: GanData, options: GanScheduleOptions): GanSchedule {
  const { epochs, steps } = options;
  if (epochs !== undefined && steps !== undefined) {
    throw new ValueError('trainGan: give epochs or steps, not both');
  }
  const dSteps = positiveInt('dSteps', options.dSteps, 1);
  const batchSize = positiveInt('batchSize', options.batchSize, 64);
  if (data instanceof Tensor) {
    if (options.stepsPerEpoch !== undefined) {
      throw new ValueError(
        'trainGan: stepsPerEpoch is for data functions; with a data tensor an epoch is one pass over its rows',
      );
    }
    const n = data.ndim === 0 ? 0 : (data.shape[0] as number);
    if (n < 1) throw new ValueError(`trainGan: the data tensor ${fmtShape(data.shape)} holds no samples`);
    const size = Math.min(batchSize, n);
    const stepsPerEpoch = Math.ceil(Math.ceil(n / size) / dSteps);
    const regime = size === n ? 'batch' : size === 1 ? 'online' : 'minibatch';
    const plan = resolvePlan(n, regime, size, stepsPerEpoch, epochs, steps);
    const epoch = (firstStep: number, rng: Rng) =>
      upTo(plan.updates - firstStep + 1, tensorEpoch(data, size, dSteps, rng));
    return { plan, epoch };
  }
  if (typeof data !== 'function') {
    throw new ValueError('trainGan: data must be a tensor of real samples [N, ...] or a function (step, rng) → batch');
  }
  if (epochs === undefined && steps === undefined) {
    throw new ValueError('trainGan: with a data function, give steps (or epochs of stepsPerEpoch steps)');
  }
  const stepsPerEpoch = positiveInt('stepsPerEpoch', options.stepsPerEpoch, 100);
  const plan = resolvePlan(stepsPerEpoch * dSteps * batchSize, 'minibatch', batchSize, stepsPerEpoch, epochs, steps);
  return {
    plan,
    epoch: (firstStep, rng) =>
      upTo(plan.updates - firstStep + 1, functionEpoch(data, firstStep, stepsPerEpoch, dSteps, rng)),
  };
}

function resolvePlan(
  samples: number,
  regime: TrainingPlan['regime'],
  batchSize: number,
  updatesPerEpoch: number,
  epochs: number | undefined,
  steps: number | undefined,
): TrainingPlan {
  if (steps !== undefined) {
    const total = positiveInt('steps', steps);
    const plan = { samples, regime, batchSize, updatesPerEpoch, epochs: Math.ceil(total / updatesPerEpoch) };
    return { ...plan, updates: total };
  }
  const e = positiveInt('epochs', epochs, 1);
  return { samples, regime, batchSize, updatesPerEpoch, epochs: e, updates: e * updatesPerEpoch };
}

/** The first `count` items, without asking for the next one. */
function* upTo<T>(count: number, items: Iterator<T>): Generator<T> {
  for (let i = 0; i < count; i++) {
    const next = items.next();
    if (next.done === true) return;
    yield next.value;
  }
}

/** One pass over the rows in a new random order, cut into batches, `dSteps` batches per step. */
function* tensorEpoch(data: Tensor, batchSize: number, dSteps: number, rng: Rng): Generator<Tensor[]> {
  const n = data.shape[0] as number;
  const order = rng.permutation(n);
  let step: Tensor[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const rows = order.slice(start, Math.min(n, start + batchSize));
    step.push(indexSelect(data, 0, tensor(rows, { dtype: 'int32' })));
    if (step.length === dSteps || start + batchSize >= n) {
      yield step;
      step = [];
    }
  }
}

/** `stepsPerEpoch` steps of `dSteps` fresh batches each, made by the data function. */
function* functionEpoch(
  data: (step: number, rng: Rng) => Tensor,
  firstStep: number,
  stepsPerEpoch: number,
  dSteps: number,
  rng: Rng,
): Generator<Tensor[]> {
  for (let step = firstStep; step < firstStep + stepsPerEpoch; step++) {
    const batch: Tensor[] = [];
    for (let k = 0; k < dSteps; k++) {
      const real = data(step, rng);
      if (!(real instanceof Tensor) || real.ndim === 0 || real.shape[0] === 0) {
        const got = real instanceof Tensor ? `a tensor of shape ${fmtShape(real.shape)}` : String(real);
        throw new ShapeError(`trainGan: data(${step}, rng) must return a batch of real samples [B, ...], got ${got}`);
      }
      batch.push(real);
    }
    yield batch;
  }
}
