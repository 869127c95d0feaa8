/**
 * Losses and metrics by name, so `fit(model, data, { loss: 'crossEntropy', metrics: ['accuracy'] })`
 * reads like a recipe. A function works everywhere a name does.
 */
import { ValueError } from '../errors.js';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  nllLoss,
  smoothL1Loss,
} from '../ops/index.js';
import type { Tensor } from '../tensor.js';
import type { LossFunction } from './loop.js';
import { accuracy, f1, mae, mse, precision, r2, recall } from './metrics.js';

/** The losses `fit` and `evaluate` know by name. */
export const LOSSES = {
  crossEntropy: (o: Tensor, t: Tensor) => crossEntropy(o, t),
  nll: (o: Tensor, t: Tensor) => nllLoss(o, t),
  mse: (o: Tensor, t: Tensor) => mseLoss(o, t),
  l1: (o: Tensor, t: Tensor) => l1Loss(o, t),
  huber: (o: Tensor, t: Tensor) => huberLoss(o, t),
  smoothL1: (o: Tensor, t: Tensor) => smoothL1Loss(o, t),
  binaryCrossEntropy: (o: Tensor, t: Tensor) => binaryCrossEntropy(o, t),
  binaryCrossEntropyWithLogits: (o: Tensor, t: Tensor) => binaryCrossEntropyWithLogits(o, t),
} satisfies Record<string, LossFunction>;

/** A loss name (`'crossEntropy'`, `'mse'`, …). */
export type LossName = keyof typeof LOSSES;

/** A loss as `fit` accepts it: a name, a function, or a loss module (anything with `forward(output, target)`). */
export type LossLike = LossName | LossFunction | { forward(output: Tensor, target: Tensor): Tensor };

/**
 * The loss function for a name, function or loss module.
 * @throws ValueError naming the known losses for an unknown name.
 * @example resolveLoss('crossEntropy')(logits, labels)
 */
export function resolveLoss(loss: LossLike): LossFunction {
  if (typeof loss === 'function') return loss;
  if (typeof loss === 'string') {
    const fn = (LOSSES as Record<string, LossFunction>)[loss];
    if (fn === undefined) {
      throw new ValueError(
        `fit: unknown loss '${loss}'; known losses: ${Object.keys(LOSSES).join(', ')}, or pass a function`,
      );
    }
    return fn;
  }
  if (loss !== null && typeof loss === 'object' && typeof loss.forward === 'function') {
    return (o, t) => loss.forward(o, t);
  }
  throw new ValueError(
    'fit: loss must be a name such as crossEntropy, a function (output, target) => Tensor, or a loss module',
  );
}

/** A metric: a number computed from the model's output and the targets of a whole data set. */
export type MetricFunction = (output: Tensor, target: Tensor) => number;

/** The metrics known by name: classification (macro-averaged where it applies) and regression. */
export const METRICS = {
  accuracy: (o: Tensor, t: Tensor) => accuracy(o, t),
  precision: (o: Tensor, t: Tensor) => precision(o, t),
  recall: (o: Tensor, t: Tensor) => recall(o, t),
  f1: (o: Tensor, t: Tensor) => f1(o, t),
  mae: (o: Tensor, t: Tensor) => mae(o, t),
  mse: (o: Tensor, t: Tensor) => mse(o, t),
  r2: (o: Tensor, t: Tensor) => r2(o, t),
} satisfies Record<string, MetricFunction>;

/** A metric name. */
export type MetricName = keyof typeof METRICS;

/** A metric as `fit` accepts it: a name, a named function, or `{ name, fn }`. */
export type MetricLike = MetricName | MetricFunction | { name: string; fn: MetricFunction };

/**
 * Resolve metrics to `[name, function]` pairs; a function's own name names it (so
 * `function balanced(o, t) {…}` is logged as `balanced`).
 * @throws ValueError for an unknown name, an unnamed function, or a name used twice.
 * @example resolveMetrics(['accuracy', { name: 'f1Macro', fn: f1 }])
 */
export function resolveMetrics(metrics: readonly MetricLike[] = []): Array<[string, MetricFunction]> {
  const out: Array<[string, MetricFunction]> = [];
  for (const metric of metrics) {
    let entry: [string, MetricFunction];
    if (typeof metric === 'string') {
      const fn = (METRICS as Record<string, MetricFunction>)[metric];
      if (fn === undefined) {
        throw new ValueError(
          `fit: unknown metric '${metric}'; known metrics: ${Object.keys(METRICS).join(', ')}, or pass a function`,
        );
      }
      entry = [metric, fn];
    } else if (typeof metric === 'function') {
      if (!metric.name) throw new ValueError('fit: a metric function needs a name; pass { name, fn } instead');
      entry = [metric.name, metric];
    } else if (metric !== null && typeof metric === 'object' && typeof metric.fn === 'function' && metric.name) {
      entry = [metric.name, metric.fn];
    } else {
      throw new ValueError(`fit: a metric must be a name, a function or { name, fn }, got ${String(metric)}`);
    }
    if (entry[0] === 'loss' || out.some(([name]) => name === entry[0])) {
      throw new ValueError(
        `fit: metric name '${entry[0]}' is used twice (or is 'loss'); give each metric its own name`,
      );
    }
    out.push(entry);
  }
  return out;
}
