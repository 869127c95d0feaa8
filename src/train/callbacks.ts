/**
 * Callbacks: code that `fit` calls at the start and end of training, of every epoch and of every
 * batch. Early stopping and learning-rate schedules are callbacks; so is anything a user writes
 * (`{ onEpochEnd: (log) => chart.push(log.loss) }`). A callback may return a promise; fit waits.
 */
import { ValueError } from '../errors.js';
import { type AnyOptimizer, LRScheduler, ReduceLROnPlateau } from '../optim/index.js';
import type { Model } from './loop.js';
import type { TrainingPlan } from './plan.js';
import { restoreWeights, snapshotWeights, type WeightSnapshot } from './weights.js';

/** What one epoch did. Epochs count from 1. */
export interface EpochLog {
  epoch: number;
  /** Mean training loss over the epoch's samples (each measured before its batch's update). */
  loss: number;
  /** Training metrics by name, from the outputs seen during the epoch. */
  metrics: Record<string, number>;
  /** Loss on the validation data after the epoch (when there is validation data). */
  valLoss?: number;
  /** Metrics on the validation data after the epoch. */
  valMetrics?: Record<string, number>;
  /** The learning rate the epoch started with (of the first parameter group). */
  lr: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
}

/** Why training ended before its last epoch. */
export interface StopInfo {
  reason: 'earlyStopping' | 'diverged' | 'callback';
  /** The epoch (from 1) in which it stopped; `batch` (from 1) where a single batch was the cause. */
  epoch: number;
  batch?: number;
  /** The explanation, as printed. */
  message: string;
}

/** What `fit` returns: the plan, one log per epoch, and why it stopped early (null if it did not). */
export interface History {
  plan: TrainingPlan;
  epochs: EpochLog[];
  stopped: StopInfo | null;
}

/** What one batch did. */
export interface BatchLog {
  epoch: number;
  /** The batch within the epoch, from 1 to `batches`. */
  batch: number;
  batches: number;
  /** The batch's loss, before its update. */
  loss: number;
  /** Samples in the batch. */
  size: number;
}

/** What callbacks see of the training run. */
export interface TrainContext {
  model: Model;
  optimizer: AnyOptimizer;
  plan: TrainingPlan;
  history: History;
  /** Ask fit to stop after the current batch; `message` says why (printed and kept in History). */
  stop(message: string, reason?: StopInfo['reason']): void;
  /** Say something to the user through the progress display (nothing with verbose 0). */
  say(message: string): void;
}

type MaybePromise = void | Promise<void>;

/** Hooks `fit` calls; every one is optional. */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): MaybePromise;
  onEpochBegin?(epoch: number, ctx: TrainContext): MaybePromise;
  onBatchEnd?(log: BatchLog, ctx: TrainContext): MaybePromise;
  onEpochEnd?(log: EpochLog, ctx: TrainContext): MaybePromise;
  onTrainEnd?(history: History, ctx: TrainContext): MaybePromise;
}

/**
 * The value of a monitored quantity in an epoch's log: `'loss'`, `'valLoss'`, a metric name
 * (`'accuracy'`) or a validation metric (`'valAccuracy'`, i.e. 'val' + the name capitalized).
 * @throws ValueError naming the available quantities when `name` is not in the log.
 */
export function monitorValue(log: EpochLog, name: string): number {
  const values: Record<string, number | undefined> = { loss: log.loss, valLoss: log.valLoss, ...log.metrics };
  for (const [k, v] of Object.entries(log.valMetrics ?? {})) values[`val${k[0]?.toUpperCase()}${k.slice(1)}`] = v;
  const value = values[name];
  if (value === undefined) {
    const known = Object.keys(values).filter((k) => values[k] !== undefined);
    const hint = name.startsWith('val') ? ' (validation values need validationData or validationSplit)' : '';
    throw new ValueError(`monitor '${name}' is not in the epoch log; available: ${known.join(', ')}${hint}`);
  }
  return value;
}

/** 'max' for quantities that grow as the model improves (accuracy, F1, R², …), else 'min'. */
export function monitorMode(name: string): 'min' | 'max' {
  return /acc|precision|recall|f1|r2|auc/i.test(name) ? 'max' : 'min';
}

/** Options of `earlyStopping`. */
export interface EarlyStoppingOptions {
  /** What to watch: 'valLoss' when there is validation data, else 'loss' (default); or a metric. */
  monitor?: string;
  /** Stop after this many epochs in a row without improvement (Keras's meaning; 0 and 1 both stop at the first). Default 0. */
  patience?: number;
  /** A change smaller than this does not count as an improvement. Default 0. */
  minDelta?: number;
  /** 'min' (loss), 'max' (accuracy) or 'auto' (from the name; default). */
  mode?: 'min' | 'max' | 'auto';
  /** At the end, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
}

/**
 * Stop training when the monitored quantity has not improved (by more than `minDelta`) for
 * `patience` epochs. With `restoreBestWeights`, the model ends with the weights of its best epoch
 * (whether training stopped early or ran to the end), not those of its last.
 * @example
 * import { earlyStopping, fit } from 'neurite';
 * await fit(model, train, {
 *   loss: 'crossEntropy', optimizer, epochs: 500, validationSplit: 0.2,
 *   callbacks: [earlyStopping({ monitor: 'valLoss', patience: 20, restoreBestWeights: true })],
 * });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback & { bestEpoch: number | null } {
  const { patience = 0, minDelta = 0, mode = 'auto', restoreBestWeights = false } = options;
  if (!Number.isInteger(patience) || patience < 0) {
    throw new ValueError(`earlyStopping: patience must be a whole number >= 0, got ${patience}`);
  }
  if (!(minDelta >= 0)) throw new ValueError(`earlyStopping: minDelta must be >= 0, got ${minDelta}`);
  if (mode !== 'min' && mode !== 'max' && mode !== 'auto') {
    throw new ValueError(`earlyStopping: mode must be 'min', 'max' or 'auto', got '${mode}'`);
  }
  let best = Number.NaN;
  let wait = 0;
  let bestWeights: WeightSnapshot | null = null;
  const state = {
    bestEpoch: null as number | null,
    onTrainBegin() {
      best = Number.NaN;
      wait = 0;
      bestWeights = null;
      state.bestEpoch = null;
    },
    onEpochEnd(log: EpochLog, ctx: TrainContext) {
      const monitor = options.monitor ?? (log.valLoss !== undefined ? 'valLoss' : 'loss');
      const value = monitorValue(log, monitor);
      const sign = (mode === 'auto' ? monitorMode(monitor) : mode) === 'min' ? 1 : -1;
      if (Number.isNaN(best) || sign * (best - value) > minDelta) {
        best = value;
        wait = 0;
        state.bestEpoch = log.epoch;
        if (restoreBestWeights) bestWeights = snapshotWeights(ctx.model);
        return;
      }
      wait += 1;
      if (wait >= patience) {
        ctx.stop(
          `early stopping at epoch ${log.epoch}: ${monitor} has not improved for ${wait} epochs ` +
            `(best ${best.toPrecision(4)} at epoch ${state.bestEpoch})`,
          'earlyStopping',
        );
      }
    },
    onTrainEnd(history: History, ctx: TrainContext) {
      const last = history.epochs[history.epochs.length - 1];
      if (bestWeights !== null && last !== undefined && last.epoch !== state.bestEpoch) {
        restoreWeights(ctx.model, bestWeights);
        ctx.say(`restored the weights of epoch ${state.bestEpoch}, the best`);
      }
    },
  };
  return state;
}

/** Options of `lrScheduler`. */
export interface LrSchedulerOptions {
  /** Step the schedule after every epoch (default) or after every batch (e.g. OneCycleLR). */
  interval?: 'epoch' | 'batch';
  /** For ReduceLROnPlateau: the quantity it watches (default 'valLoss' if present, else 'loss'). */
  monitor?: string;
}

/**
 * Step a learning-rate schedule during `fit`: after every epoch or every batch.
 * `ReduceLROnPlateau` is stepped after every epoch with the monitored value.
 * @example
 * import { Adam, CosineAnnealingLR, fit, lrScheduler } from 'neurite';
 * const optimizer = new Adam(model.parameters(), { lr: 0.01 });
 * const schedule = new CosineAnnealingLR(optimizer, { tMax: 100 });
 * await fit(model, data, { loss: 'crossEntropy', optimizer, epochs: 100, callbacks: [lrScheduler(schedule)] });
 */
export function lrScheduler(schedule: LRScheduler | ReduceLROnPlateau, options: LrSchedulerOptions = {}): Callback {
  const { interval = 'epoch', monitor } = options;
  if (interval !== 'epoch' && interval !== 'batch') {
    throw new ValueError(`lrScheduler: interval must be 'epoch' or 'batch', got '${interval}'`);
  }
  if (schedule instanceof ReduceLROnPlateau) {
    if (interval !== 'epoch') throw new ValueError('lrScheduler: ReduceLROnPlateau is stepped per epoch');
    return {
      onEpochEnd(log) {
        schedule.step(monitorValue(log, monitor ?? (log.valLoss !== undefined ? 'valLoss' : 'loss')));
      },
    };
  }
  if (!(schedule instanceof LRScheduler)) {
    throw new ValueError('lrScheduler: expected a learning-rate schedule such as StepLR or ReduceLROnPlateau');
  }
  return interval === 'batch' ? { onBatchEnd: () => schedule.step() } : { onEpochEnd: () => schedule.step() };
}
