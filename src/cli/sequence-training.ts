/**
 * The training loop of the recurrent presets (`neurite train sine-lstm`, `char-rnn`): `fit()`'s
 * loop (plan, seeded shuffling, progress display, divergence guard) with one step added between
 * backpropagation and the update: gradient clipping. Recurrent networks need it: one long
 * sequence can make the gradient explode through the repeated products over time, and a single
 * update with such a gradient throws the weights far away (Pascanu et al., 2013).
 */
import {
  type AnyOptimizer,
  batches,
  clipGradNorm,
  DivergenceGuard,
  type EpochLog,
  type History,
  type LossFunction,
  type Model,
  nextTick,
  planTraining,
  type Reporter,
  type Rng,
  type StopInfo,
  type Tensor,
} from '../index.js';

/** Options of `trainClipped`. */
export interface ClippedTrainingOptions {
  loss: LossFunction;
  optimizer: AnyOptimizer;
  epochs: number;
  batchSize: number;
  /** The largest total gradient norm allowed (clipGradNorm's maxNorm). */
  maxNorm: number;
  /** Generator of the shuffling. */
  rng: Rng;
  /** Progress display (the plan, batches, epochs). */
  reporter: Reporter;
  /** The validation loss after each epoch (shown as valLoss), if any. */
  validate?: () => number;
  /** Called after each epoch's log is shown (e.g. to print samples). */
  afterEpoch?: (log: EpochLog) => void;
}

/**
 * Train `model` on `{ x, y }`: for every epoch, for every shuffled batch, predict, compare,
 * backpropagate, clip the gradients' total norm to `maxNorm`, update. The divergence guard of
 * `fit` watches the losses and stops a run that overflows, keeping the last good weights.
 * @returns a History as `fit` returns it (valLoss in every epoch's log when `validate` is given).
 * @example
 * const history = await trainClipped(model, { x, y }, {
 *   loss: mseLoss, optimizer: new Adam(model.parameters(), { lr: 3e-3 }), epochs: 6, batchSize: 32,
 *   maxNorm: 1, rng: new Rng(1), reporter: lineReporter(),
 * });
 */
export async function trainClipped(
  model: Model,
  data: { x: Tensor; y: Tensor },
  options: ClippedTrainingOptions,
): Promise<History> {
  const { loss, optimizer, maxNorm, rng, reporter } = options;
  const plan = planTraining(data.x.shape[0] as number, { epochs: options.epochs, batchSize: options.batchSize });
  const history: History = { plan, epochs: [], stopped: null };
  const guard = new DivergenceGuard(model, optimizer);
  const parameters = model.parameters();
  reporter.onTrainBegin?.(plan);
  let stop: StopInfo | null = null;
  for (let epoch = 1; epoch <= plan.epochs && stop === null; epoch++) {
    const started = performance.now();
    const lr = optimizer.paramGroups[0]?.lr ?? Number.NaN;
    model.train?.(true);
    let total = 0;
    let seen = 0;
    let batch = 0;
    for (const b of batches(data, { batchSize: plan.batchSize, shuffle: true, rng })) {
      batch += 1;
      const error = loss(model.forward(b.x), b.y); // 1. predict, 2. compare
      optimizer.zeroGrad();
      error.backward(); // 3a. backpropagate
      clipGradNorm(parameters, maxNorm); // 3b. bound the step's size
      optimizer.step(); // 3c. update
      const value = error.item();
      stop = guard.checkBatch(epoch, batch, plan.updatesPerEpoch, value);
      if (stop !== null) break;
      total += value * b.indices.length;
      seen += b.indices.length;
      reporter.onBatchEnd?.({ epoch, batch, batches: plan.updatesPerEpoch, loss: value, size: b.indices.length }, plan);
    }
    if (stop !== null) break; // a diverged epoch is not logged; the guard restored the weights
    const log: EpochLog = { epoch, loss: total / seen, metrics: {}, lr, seconds: 0 };
    if (options.validate) {
      model.eval?.();
      log.valLoss = options.validate();
      model.train?.(true);
    }
    log.seconds = (performance.now() - started) / 1000;
    history.epochs.push(log);
    reporter.onEpochEnd?.(log, plan);
    options.afterEpoch?.(log);
    stop = guard.endEpoch(epoch, log.loss);
    await nextTick(); // let a progress display repaint
  }
  history.stopped = stop;
  model.train?.(true);
  reporter.onTrainEnd?.(history);
  return history;
}

/**
 * CPU seconds this process has used since `since` (all threads), for honest timings on a busy machine.
 * @example const start = process.cpuUsage(); work(); cpuSecondsSince(start) // e.g. 1.25
 */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
