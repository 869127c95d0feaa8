/**
 * `fit()`: the training loop of `loop.ts` (predict, compare, backpropagate, update), plus what a
 * real training run needs: a stated plan, the three regimes, seeded shuffling, validation, metrics,
 * callbacks, the always-on divergence guard, a progress display and a History.
 */
import { type BatchSource, batches } from '../data/index.js';
import { allocate } from '../dtype.js';
import { ValueError } from '../errors.js';
import { type AnyOptimizer, Optimizer } from '../optim/index.js';
import { globalRng, Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { warnOnce } from '../warnings.js';
import type { Callback, EpochLog, History, StopInfo, TrainContext } from './callbacks.js';
import { outputsFor } from './evaluate.js';
import { DivergenceGuard } from './guard.js';
import { type Model, nextTick, trainStep } from './loop.js';
import { type LossLike, type MetricFunction, type MetricLike, resolveLoss, resolveMetrics } from './names.js';
import { createOptimizer, type OptimizerName } from './optimizers.js';
import { planTraining, type Regime } from './plan.js';
import { type Reporter, reporterFor } from './report.js';
import { sampleCount, splitValidation } from './validation.js';

/** Options of `fit`. */
export interface FitOptions {
  /** The loss to minimize: a name (`'crossEntropy'`, `'mse'`, …), a function or a loss module. */
  loss: LossLike;
  /** An optimizer over the model's parameters, or a name (`'adam'`, `'sgd'`, …; see `createOptimizer`). */
  optimizer: AnyOptimizer | OptimizerName;
  /** The learning rate, only with an optimizer name (default: that optimizer's default). */
  lr?: number;
  /** Passes over the training data. Default 1. */
  epochs?: number;
  /** Samples per update. Default 32 (or what `regime` implies). */
  batchSize?: number;
  /** 'batch' (all samples per update), 'minibatch' (batchSize per update) or 'online' (one). */
  regime?: Regime;
  /** A new random order of the samples every epoch. Default true. */
  shuffle?: boolean;
  /** Data to measure after every epoch (not trained on). */
  validationData?: BatchSource;
  /** Or: this fraction of the data, set aside shuffled and stratified. */
  validationSplit?: number;
  /** Metrics to log every epoch: names (`'accuracy'`, …) or functions. */
  metrics?: MetricLike[];
  callbacks?: Callback[];
  /** 0: show nothing; 1 (default): the default reporter (a live bar in a terminal); 2: one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** A reporter of your own (overrides `verbose`). */
  reporter?: Reporter;
  /** Seed of the shuffling and validation split (default: the global generator, see `manualSeed`). */
  seed?: number;
  /** Or the generator itself. */
  rng?: Rng;
  /**
   * Clip the total gradient norm of the model's parameters to this after backpropagation and
   * before every update (see `clipGradNorm`; Keras's `clipnorm`, PyTorch's `clip_grad_norm_`
   * between `backward()` and `step()`). Recurrent networks need it: one long sequence can make
   * the gradient explode (Pascanu et al., 2013). Default: no clipping.
   * @example
   * await fit(lstmModel, { x, y }, { loss: 'mse', optimizer: 'adam', epochs: 5, clipGradNorm: 1 });
   */
  clipGradNorm?: number;
}

// Yield to the event loop at least this often (ms), also within long epochs.
const YIELD_MS = 50;

/**
 * Train `model` on `data`, epoch by epoch and batch by batch, and return the History. Before the
 * first epoch it states the plan (`100 samples · batch size 20 → 5 updates per epoch · 200 epochs
 * → 1,000 updates`). A loss that overflows, or stays above 10× the first epoch's for 3 epochs,
 * stops training with an explanation (sent to the warning channel), and the model keeps its last
 * good weights. Only this loop is asynchronous: it waits a turn of the event loop after every
 * epoch, so a browser can repaint.
 * @param data `{ x: [N, ...], y: [N, ...] }` or a Dataset of samples.
 * @returns `{ plan, epochs: EpochLog[], stopped }`; `epochs[i]` is `{ epoch, loss, metrics, valLoss?,
 *   valMetrics?, lr, seconds }`.
 * @example
 * import { fit, Linear, loadIris, ReLU, Sequential, StandardScaler } from 'neurite';
 * const { x, y } = loadIris();
 * const model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * const history = await fit(model, { x: new StandardScaler().fitTransform(x), y }, {
 *   loss: 'crossEntropy', optimizer: 'adam', epochs: 100, batchSize: 20,
 *   validationSplit: 0.2, metrics: ['accuracy'], seed: 1,
 * });
 * history.epochs.at(-1)?.valMetrics?.accuracy; // about 0.97
 */
export async function fit(model: Model, data: BatchSource, options: FitOptions): Promise<History> {
  const { verbose = 1, shuffle = true, callbacks = [] } = options;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) {
    throw new ValueError(`fit: verbose must be 0, 1 or 2, got ${verbose}`);
  }
  const stepOptions = { clipGradNorm: checkClipGradNorm(options.clipGradNorm) };
  const rng = options.rng ?? (options.seed !== undefined ? new Rng(options.seed) : globalRng);
  const { train, validation } = prepareData(data, options, rng);
  const plan = planTraining(sampleCount(train), options);
  const lossFn = resolveLoss(options.loss);
  const metrics = resolveMetrics(options.metrics);
  const optimizer = resolveOptimizer(model, options);
  const reporter = options.reporter ?? reporterFor(verbose);
  const history: History = { plan, epochs: [], stopped: null };
  let stop: StopInfo | null = null;
  let epoch = 0;
  const ctx: TrainContext = {
    model,
    optimizer,
    plan,
    history,
    stop: (message, reason = 'callback') => {
      stop ??= { reason, epoch, message };
    },
    say: (text) => reporter.onMessage?.(text),
  };
  const guard = new DivergenceGuard(model, optimizer);
  const call = async (fn: (c: Callback) => void | Promise<void>) => {
    for (const c of callbacks) await fn(c);
  };
  // Waiting for callbacks that are not there would cost a promise and a microtask turn each time:
  // per batch only with a batch hook, per epoch only with callbacks.
  const batchHooks = callbacks.some((c) => c.onBatchEnd !== undefined);
  const onBatchEnd = reporter.onBatchEnd; // (a batch's log is made only for someone who reads it)

  reporter.onTrainBegin?.(plan);
  await call((c) => c.onTrainBegin?.(ctx));
  model.train?.(true);
  let lastYield = performance.now();
  for (epoch = 1; epoch <= plan.epochs && stop === null; epoch++) {
    const started = performance.now();
    const lr = optimizer.paramGroups[0]?.lr ?? Number.NaN;
    if (callbacks.length > 0) await call((c) => c.onEpochBegin?.(epoch, ctx));
    let total = 0;
    let seen = 0;
    let batch = 0;
    const outputs: Tensor[] = [];
    const targets: Tensor[] = [];
    const order = { batchSize: plan.batchSize, shuffle: shuffle && plan.regime !== 'batch', rng };
    for (const b of batches(train, order)) {
      batch += 1;
      const step = trainStep(model, lossFn, optimizer, b.x, b.y, stepOptions);
      const diverged = guard.checkBatch(epoch, batch, plan.updatesPerEpoch, step.loss);
      if (diverged !== null) {
        stop = diverged;
        break;
      }
      total += step.loss * b.indices.length;
      seen += b.indices.length;
      if (metrics.length > 0) {
        outputs.push(step.output.detach());
        targets.push(b.y);
      }
      if (onBatchEnd !== undefined || batchHooks) {
        const batchLog = { epoch, batch, batches: plan.updatesPerEpoch, loss: step.loss, size: b.indices.length };
        onBatchEnd?.call(reporter, batchLog, plan);
        if (batchHooks) await call((c) => c.onBatchEnd?.(batchLog, ctx));
      }
      if (stop !== null) break;
      if (performance.now() - lastYield > YIELD_MS) {
        await nextTick();
        lastYield = performance.now();
      }
    }
    // A diverged epoch is not logged: its loss means nothing, and the guard restored the weights.
    if ((stop as StopInfo | null)?.reason === 'diverged' || seen === 0) break;
    const log: EpochLog = {
      epoch,
      loss: total / seen,
      metrics: metrics.length > 0 ? metricValues(metrics, joinRows(outputs), joinRows(targets)) : {},
      lr,
      seconds: 0,
    };
    if (validation !== null) Object.assign(log, validate(model, validation, lossFn, metrics));
    log.seconds = (performance.now() - started) / 1000;
    history.epochs.push(log);
    reporter.onEpochEnd?.(log, plan);
    if (callbacks.length > 0) await call((c) => c.onEpochEnd?.(log, ctx));
    stop ??= guard.endEpoch(epoch, log.loss);
    await nextTick();
    lastYield = performance.now();
  }
  history.stopped = stop;
  model.train?.(true);
  await call((c) => c.onTrainEnd?.(history, ctx));
  const stopped = history.stopped as StopInfo | null;
  if (stopped !== null && stopped.reason !== 'diverged') reporter.onMessage?.(stopped.message);
  reporter.onTrainEnd?.(history);
  // A diverged run is reported even with verbose 0: nothing fails silently.
  if (stopped?.reason === 'diverged') warnOnce(`train.guard.${++guardStops}`, stopped.message);
  return history;
}

let guardStops = 0;

function prepareData(
  data: BatchSource,
  options: FitOptions,
  rng: Rng,
): { train: BatchSource; validation: BatchSource | null } {
  const { validationData, validationSplit } = options;
  if (validationData !== undefined && validationSplit !== undefined) {
    throw new ValueError('fit: give validationData or validationSplit, not both');
  }
  if (validationSplit !== undefined) return splitValidation(data, validationSplit, rng);
  return { train: data, validation: validationData ?? null };
}

function checkClipGradNorm(maxNorm: number | undefined): number | undefined {
  if (maxNorm === undefined || (typeof maxNorm === 'number' && maxNorm > 0 && Number.isFinite(maxNorm))) {
    return maxNorm;
  }
  throw new ValueError(
    `fit: clipGradNorm must be a positive finite number (the largest total gradient norm, e.g. 1), got ${maxNorm}; ` +
      'leave it out to train without clipping',
  );
}

function resolveOptimizer(model: Model, options: FitOptions): AnyOptimizer {
  const { optimizer, lr } = options;
  if (typeof optimizer === 'string') return createOptimizer(optimizer, model.parameters(), { lr });
  if (!(optimizer instanceof Optimizer)) {
    throw new ValueError(
      "fit: optimizer is required: an optimizer such as new Adam(model.parameters(), { lr: 0.01 }) or a name such as 'adam'",
    );
  }
  if (lr !== undefined) {
    throw new ValueError(`fit: lr is set on the optimizer (${optimizer.name}), not in fit's options`);
  }
  return optimizer;
}

/**
 * The epoch's batches (detached outputs, or targets: one dtype, the same trailing dims) joined
 * along the first axis: what `concat(parts, 0)` gives, without the op's checks and promotions,
 * which `fit` would otherwise run twice after every epoch.
 * @example joinRows([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])]).shape // [3, 2]
 */
export function joinRows(parts: readonly Tensor[]): Tensor {
  const first = parts[0] as Tensor;
  if (parts.length === 1) return first;
  let rows = 0;
  for (const p of parts) rows += p.shape[0] as number;
  let rowSize = 1;
  for (let d = 1; d < first.ndim; d++) rowSize *= first.shape[d] as number;
  const data = allocate(first.dtype, rowSize * rows);
  let at = 0;
  for (const p of parts) {
    data.set(p.data as never, at);
    at += p.data.length;
  }
  const shape = first.shape.slice();
  shape[0] = rows;
  return new Tensor(data, shape);
}

function metricValues(
  metrics: Array<[string, MetricFunction]>,
  output: Tensor,
  target: Tensor,
): Record<string, number> {
  return Object.fromEntries(metrics.map(([name, fn]) => [name, fn(output, target)]));
}

function validate(
  model: Model,
  data: BatchSource,
  lossFn: (o: Tensor, t: Tensor) => Tensor,
  metrics: Array<[string, MetricFunction]>,
): Pick<EpochLog, 'valLoss' | 'valMetrics'> {
  const { output, target } = outputsFor(model, data);
  return { valLoss: lossFn(output, target).item(), valMetrics: metricValues(metrics, output, target) };
}
