/**
 * optim: optimizers (from plain steepest descent to Adam), gradient clipping and
 * learning-rate schedules.
 */

export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamOptions, AdamW } from './adam.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { type ClipGradNormOptions, clipGradNorm, clipGradValue } from './clip.js';
export { type AnyOptimizer, LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
export { NAdam, type NAdamOptions } from './nadam.js';
export {
  type Group,
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamState,
} from './optimizer.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './plateau.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  type ExponentialLROptions,
  LinearLR,
  type LinearLROptions,
  MultiStepLR,
  type MultiStepLROptions,
  StepLR,
  type StepLROptions,
} from './schedule.js';
export {
  CosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
  OneCycleLR,
  type OneCycleLROptions,
} from './schedule-cycle.js';
export { SequentialLR } from './sequential.js';
export { SGD, type SGDOptions } from './sgd.js';
export type { Json } from './state-dict.js';
