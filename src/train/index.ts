/**
 * train/: the training loop (`train`, `trainStep`), `fit` with its plan, regimes, validation,
 * callbacks, divergence guard and progress reporting, `evaluate` / `predict`, the metrics, and the
 * GAN trainer (`trainGan`, `sample`).
 */
export {
  type BatchLog,
  type Callback,
  type EarlyStoppingOptions,
  type EpochLog,
  earlyStopping,
  type History,
  type LrSchedulerOptions,
  lrScheduler,
  monitorMode,
  monitorValue,
  type StopInfo,
  type TrainContext,
} from './callbacks.js';
export { type EvaluateOptions, evaluate, inEvalMode, type PredictOptions, predict } from './evaluate.js';
export { type FitOptions, fit } from './fit.js';
export {
  type GanCallback,
  type GanContext,
  type GanHistory,
  type GanOptions,
  type GanStepLog,
  trainGan,
} from './gan.js';
export type { GanData, GanScheduleOptions } from './gan-data.js';
export { discriminatorLoss, GAN_LOSSES, type GanLoss, generatorLoss } from './gan-losses.js';
export { type NoiseOptions, type SampleOptions, sample, sampleNoise } from './gan-sample.js';
export {
  discriminatorStep,
  type GanPlayers,
  type GanStepOptions,
  type GanStepSettings,
  type GanStepValues,
  ganStep,
  generatorStep,
} from './gan-step.js';
export { DivergenceGuard } from './guard.js';
export {
  type LossFunction,
  type Model,
  nextTick,
  type StepOptions,
  type TrainOptions,
  train,
  trainStep,
} from './loop.js';
export {
  type AveragedOptions,
  accuracy,
  type ClassificationOptions,
  confusionMatrix,
  f1,
  mae,
  mse,
  precision,
  predictedLabels,
  r2,
  recall,
} from './metrics.js';
export {
  LOSSES,
  type LossLike,
  type LossName,
  METRICS,
  type MetricFunction,
  type MetricLike,
  type MetricName,
  resolveLoss,
  resolveMetrics,
} from './names.js';
export { createOptimizer, defaultLr, describeOptimizer, OPTIMIZER_NAMES, type OptimizerName } from './optimizers.js';
export { describePlan, formatCount, type PlanOptions, planTraining, type Regime, type TrainingPlan } from './plan.js';
export {
  epochValues,
  formatConfusionMatrix,
  formatEpoch,
  formatSeconds,
  formatValue,
  type LineReporterOptions,
  lineReporter,
  type Reporter,
  reporterFor,
  setDefaultReporter,
  silentReporter,
} from './report.js';
export { Subset, splitValidation } from './validation.js';
export { restoreWeights, snapshotWeights, type WeightSaver, type WeightSnapshot, weightSaver } from './weights.js';
