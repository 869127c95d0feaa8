/**
 * Training a generative adversarial network (Goodfellow et al., 2014): two networks play a game.
 * The discriminator D learns to tell real samples from generated ones; the generator G learns to
 * turn random noise z into samples that D takes for real. Each step of `trainGan` is two updates:
 * 1. D's: score a real batch and a batch of G's samples (detached: G learns nothing here), and move
 *    D towards calling the first real and the second fake;
 * 2. G's: generate a new batch, let D score it, and move G (only G) towards "real".
 * The rest (epochs, steps, seeded data, callbacks, progress, the NaN stop) is what `fit` does.
 */
import { ValueError } from '../errors.js';
import { type AnyOptimizer, Optimizer } from '../optim/index.js';
import { globalRng, Rng } from '../random.js';
import { warnOnce } from '../warnings.js';
import type { BatchLog, Callback, EpochLog, History, StopInfo, TrainContext } from './callbacks.js';
import { type GanData, type GanScheduleOptions, ganSchedule } from './gan-data.js';
import { checkGanLoss, type GanLoss } from './gan-losses.js';
import { checkNoise, type NoiseOptions } from './gan-sample.js';
import { type GanPlayers, type GanStepValues, ganStep } from './gan-step.js';
import { type Model, nextTick } from './loop.js';
import { type Reporter, reporterFor } from './report.js';
import { restoreWeights, snapshotWeights } from './weights.js';

/** What one GAN step did (a `BatchLog`, so `fit`'s callbacks and progress displays read it too). */
export interface GanStepLog extends BatchLog, GanStepValues {
  /** The step, from 1, counted over the whole run. `loss` is `dLoss`, for progress displays. */
  step: number;
}

/** What `trainGan` returns: per epoch `{ loss: mean dLoss, metrics: { gLoss, dReal, dFake } }`, and every step. */
export interface GanHistory extends History {
  steps: GanStepLog[];
}

/** What GAN callbacks see: `model` / `optimizer` are the generator's. */
export interface GanContext extends TrainContext {
  generator: Model;
  discriminator: Model;
  gOptimizer: AnyOptimizer;
  dOptimizer: AnyOptimizer;
  history: GanHistory;
}

/**
 * A `Callback` whose hooks see the GAN's context (so `earlyStopping({ monitor: 'gLoss' })` and
 * `lrScheduler` work as in `fit`); `onBatchEnd` runs after every GAN step.
 */
export interface GanCallback extends Callback {
  onTrainBegin?(ctx: GanContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: GanContext): void | Promise<void>;
  onBatchEnd?(log: GanStepLog, ctx: GanContext): void | Promise<void>;
  onEpochEnd?(log: EpochLog, ctx: GanContext): void | Promise<void>;
  onTrainEnd?(history: GanHistory, ctx: GanContext): void | Promise<void>;
}

/**
 * Options of `trainGan`: the players, the data and noise, the losses, and how long to train
 * (`epochs` or `steps`, `stepsPerEpoch`, `batchSize`, `dSteps`: see `GanScheduleOptions`).
 */
export interface GanOptions extends GanPlayers, GanScheduleOptions {
  /** Real samples: a tensor `[N, ...]`, or a function `(step, rng) → [B, ...]`. */
  data: GanData;
  noise: NoiseOptions;
  /** Default 'nonSaturating'; see `GanLoss`. */
  loss?: GanLoss;
  /** One-sided label smoothing: D's target for real samples is 1 − labelSmoothing. Default 0. */
  labelSmoothing?: number;
  callbacks?: GanCallback[];
  /** 0: nothing; 1 (default): the default reporter (a live bar in a terminal); 2: one line per epoch. */
  verbose?: 0 | 1 | 2;
  reporter?: Reporter;
  /** Seed of the shuffling, the noise and the data function's rng (default: the global generator). */
  seed?: number;
  rng?: Rng;
}

// Yield to the event loop at least this often (ms), as fit does.
const YIELD_MS = 50;

/**
 * Train a GAN: per step, `dSteps` discriminator updates (`discriminatorStep`), then one generator
 * update (`generatorStep`) on new noise. Logs per step D's loss, G's loss, D(x) and D(G(z)); per
 * epoch their means (as an `EpochLog`: `loss` is D's, `metrics` holds `gLoss`, `dReal`, `dFake`),
 * shown by the same reporters as `fit`. A loss that is not finite stops training with an
 * explanation, both networks keeping the weights of the last good epoch.
 * @returns the History with every step in `steps`.
 * On the 8-Gaussian ring, a LeakyReLU discriminator and one-sided label smoothing of 0.1 (as below)
 * covered all 8 modes after 2,000 steps for each of seeds 1–6; without the smoothing, some seeds
 * end with 6 or 7 (so does PyTorch with the same networks).
 * @example
 * import { Adam, gaussianRing, LeakyReLU, Linear, ReLU, Sequential, sample, trainGan } from 'neurite';
 * const generator = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 2));
 * const discriminator = new Sequential(
 *   new Linear(2, 64), new LeakyReLU(0.2), new Linear(64, 64), new LeakyReLU(0.2), new Linear(64, 1),
 * );
 * const adam = (m) => new Adam(m.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
 * const history = await trainGan({
 *   generator, discriminator, gOptimizer: adam(generator), dOptimizer: adam(discriminator),
 *   noise: { dim: 2 }, labelSmoothing: 0.1, batchSize: 128, steps: 2000, seed: 1,
 *   data: (step, rng) => gaussianRing({ n: 128, rng }).x, // a fresh batch of the ring every step
 * });
 * history.steps.at(-1); // { step: 2000, dLoss, gLoss, dReal, dFake, … }
 * sample(generator, 2000, { noise: { dim: 2 }, seed: 1 }); // [2000, 2] points on the 8 modes
 */
export async function trainGan(options: GanOptions): Promise<GanHistory> {
  const { generator, discriminator, gOptimizer, dOptimizer, data, callbacks = [] } = options;
  const { loss, labelSmoothing, noise, verbose } = checkGanOptions(options);
  const rng = options.rng ?? (options.seed !== undefined ? new Rng(options.seed) : globalRng);
  const schedule = ganSchedule(data, options);
  const { plan } = schedule;
  const reporter = options.reporter ?? reporterFor(verbose);
  const history: GanHistory = { plan, epochs: [], steps: [], stopped: null };
  let stop: StopInfo | null = null;
  let epoch = 0;
  const ctx: GanContext = {
    generator,
    discriminator,
    gOptimizer,
    dOptimizer,
    model: generator,
    optimizer: gOptimizer,
    plan,
    history,
    stop: (message, reason = 'callback') => {
      stop ??= { reason, epoch, message };
    },
    say: (text) => reporter.onMessage?.(text),
  };
  const call = async (fn: (c: GanCallback) => void | Promise<void>) => {
    for (const c of callbacks) await fn(c);
  };
  const stepHooks = callbacks.some((c) => c.onBatchEnd !== undefined);
  const good = { g: snapshotWeights(generator), d: snapshotWeights(discriminator), epoch: 0 };

  const dSteps = options.dSteps ?? 1;
  const dUpdates = dSteps === 1 ? '1 discriminator update' : `${dSteps} discriminator updates`;
  reporter.onMessage?.(
    `GAN · ${loss} loss · noise ${noise.distribution}(${noise.dim}) · each step: ${dUpdates}, then 1 generator update`,
  );
  reporter.onTrainBegin?.(plan);
  await call((c) => c.onTrainBegin?.(ctx));
  generator.train?.(true);
  discriminator.train?.(true);
  let step = 0;
  let lastYield = performance.now();
  for (epoch = 1; epoch <= plan.epochs && stop === null; epoch++) {
    const started = performance.now();
    await call((c) => c.onEpochBegin?.(epoch, ctx));
    const sums = { dLoss: 0, gLoss: 0, dReal: 0, dFake: 0 };
    let batch = 0;
    for (const reals of schedule.epoch(step + 1, rng)) {
      step += 1;
      batch += 1;
      const values = ganStep(options, reals, { loss, labelSmoothing, noise, batchSize: plan.batchSize, rng });
      const where = { epoch, batch, batches: plan.updatesPerEpoch, step, size: plan.batchSize };
      const log: GanStepLog = { ...where, loss: values.dLoss, ...values };
      if (!Number.isFinite(log.dLoss) || !Number.isFinite(log.gLoss)) {
        stop = diverged(log, good.epoch, dOptimizer, gOptimizer);
        restoreWeights(generator, good.g);
        restoreWeights(discriminator, good.d);
        break;
      }
      history.steps.push(log);
      for (const k of ['dLoss', 'gLoss', 'dReal', 'dFake'] as const) sums[k] += log[k];
      reporter.onBatchEnd?.(log, plan);
      if (stepHooks) await call((c) => c.onBatchEnd?.(log, ctx));
      if (stop !== null) break;
      if (performance.now() - lastYield > YIELD_MS) {
        await nextTick();
        lastYield = performance.now();
      }
    }
    if ((stop as StopInfo | null)?.reason === 'diverged' || batch === 0) break;
    const lr = dOptimizer.paramGroups[0]?.lr ?? Number.NaN;
    const mean = (k: keyof typeof sums) => sums[k] / batch;
    const metrics = { gLoss: mean('gLoss'), dReal: mean('dReal'), dFake: mean('dFake') };
    const log: EpochLog = { epoch, loss: mean('dLoss'), metrics, lr, seconds: (performance.now() - started) / 1000 };
    history.epochs.push(log);
    reporter.onEpochEnd?.(log, plan);
    await call((c) => c.onEpochEnd?.(log, ctx));
    good.g = snapshotWeights(generator, good.g);
    good.d = snapshotWeights(discriminator, good.d);
    good.epoch = epoch;
    await nextTick();
    lastYield = performance.now();
  }
  history.stopped = stop;
  await call((c) => c.onTrainEnd?.(history, ctx));
  const stopped = history.stopped as StopInfo | null;
  if (stopped !== null && stopped.reason !== 'diverged') reporter.onMessage?.(stopped.message);
  reporter.onTrainEnd?.(history);
  // A diverged run is reported even with verbose 0: nothing fails silently.
  if (stopped?.reason === 'diverged') warnOnce(`train.gan.guard.${++guardStops}`, stopped.message);
  return history;
}

let guardStops = 0;

function checkGanOptions(options: GanOptions) {
  const { generator, discriminator, gOptimizer, dOptimizer, labelSmoothing = 0, verbose = 1 } = options;
  for (const [name, m] of [
    ['generator', generator],
    ['discriminator', discriminator],
  ] as const) {
    if (typeof m?.forward !== 'function' || typeof m.parameters !== 'function') {
      throw new ValueError(`trainGan: ${name} must be a model (a Module such as a Sequential)`);
    }
  }
  for (const [name, opt, own, other] of [
    ['gOptimizer', gOptimizer, 'generator', discriminator],
    ['dOptimizer', dOptimizer, 'discriminator', generator],
  ] as const) {
    if (!(opt instanceof Optimizer)) {
      throw new ValueError(
        `trainGan: ${name} must be an optimizer over the ${own}'s parameters, e.g. new Adam(${own}.parameters(), { lr: 1e-3, betas: [0.5, 0.999] })`,
      );
    }
    const foreign = new Set(other.parameters());
    if (opt.paramGroups.some((group) => group.params.some((p) => foreign.has(p)))) {
      throw new ValueError(
        `trainGan: ${name} holds parameters of the ${own === 'generator' ? 'discriminator' : 'generator'}; give it ${own}.parameters() only`,
      );
    }
  }
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new ValueError(`trainGan: labelSmoothing must be in [0, 1), got ${labelSmoothing} (0.1 is usual)`);
  }
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) {
    throw new ValueError(`trainGan: verbose must be 0, 1 or 2, got ${verbose}`);
  }
  const loss = checkGanLoss('trainGan', options.loss ?? 'nonSaturating');
  return { loss, labelSmoothing, noise: checkNoise('trainGan', options.noise), verbose };
}

function diverged(log: GanStepLog, goodEpoch: number, dOptimizer: AnyOptimizer, gOptimizer: AnyOptimizer): StopInfo {
  const which = Number.isFinite(log.dLoss)
    ? `the generator's loss is ${log.gLoss}`
    : `the discriminator's loss is ${log.dLoss}`;
  const rate = (o: AnyOptimizer) => `${o.name} lr = ${o.paramGroups[0]?.lr}`;
  const kept = goodEpoch === 0 ? 'their initial weights' : `the weights from the end of epoch ${goodEpoch}`;
  const message =
    `Training stopped at step ${log.step} (epoch ${log.epoch}, step ${log.batch} of ${log.batches}): ${which}, ` +
    'no longer a finite number. The learning rates are probably too large ' +
    `(discriminator: ${rate(dOptimizer)}; generator: ${rate(gOptimizer)}); try about a tenth of them. ` +
    `The generator and the discriminator keep ${kept}.`;
  return { reason: 'diverged', epoch: log.epoch, batch: log.batch, message };
}
