/**
 * Using a trained model: `predict` (its raw output) and `evaluate` (loss and metrics on a data
 * set). Both run in evaluation mode (dropout off, batch-norm running statistics) without
 * recording the tape, and put the model back in the mode it was in.
 */
import { noGrad } from '../autograd.js';
import { type BatchSource, batches } from '../data/index.js';
import { ValueError } from '../errors.js';
import { concat } from '../ops/index.js';
import { Tensor } from '../tensor.js';
import type { Model } from './loop.js';
import { type LossLike, type MetricLike, resolveLoss, resolveMetrics } from './names.js';

/** Run `fn` with the model in evaluation mode and the tape off; restore the mode after. */
export function inEvalMode<T>(model: Model, fn: () => T): T {
  const wasTraining = model.training;
  if (typeof wasTraining === 'boolean') model.eval?.();
  try {
    return noGrad(fn);
  } finally {
    if (wasTraining === true) model.train?.(true);
  }
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Rows per forward pass (bounds the memory of large inputs). Default 1024. */
  batchSize?: number;
}

/**
 * The model's raw output for inputs `x` (logits for a classifier; take `argmax(out, 1)` for the
 * classes, or `softmax` for probabilities), computed in evaluation mode without gradients.
 * @param x inputs `[N, ...]`. @returns the output `[N, ...]`, the rows in the order of x.
 * @example
 * import { argmax, predict } from 'neurite';
 * const classes = argmax(predict(model, xTest), 1); // int32 [N]
 */
export function predict(model: Model, x: Tensor, { batchSize = 1024 }: PredictOptions = {}): Tensor {
  if (x.ndim === 0) throw new ValueError('predict: x needs a first (sample) dimension, e.g. [N, features]');
  return inEvalMode(model, () => {
    const n = x.shape[0] as number;
    if (n <= batchSize) return model.forward(x);
    const parts: Tensor[] = [];
    for (let start = 0; start < n; start += batchSize)
      parts.push(model.forward(x.narrow(0, start, Math.min(batchSize, n - start))));
    return concat(parts, 0);
  });
}

/** The model's outputs for every sample of `data`, with the matching targets (in data order). */
export function outputsFor(model: Model, data: BatchSource, batchSize = 1024): { output: Tensor; target: Tensor } {
  const { x, y } = data as { x?: unknown; y?: unknown };
  if (x instanceof Tensor && y instanceof Tensor) return { output: predict(model, x, { batchSize }), target: y };
  return inEvalMode(model, () => {
    const outputs: Tensor[] = [];
    const targets: Tensor[] = [];
    for (const batch of batches(data, { batchSize })) {
      outputs.push(model.forward(batch.x));
      targets.push(batch.y);
    }
    return { output: concat(outputs, 0), target: concat(targets, 0) };
  });
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Metrics to compute: names (`'accuracy'`, `'f1'`, …) or functions. */
  metrics?: MetricLike[];
  /** The loss to report as `loss` (a name, function or loss module). */
  loss?: LossLike;
  /** Rows per forward pass. Default 1024. */
  batchSize?: number;
}

/**
 * Loss and metrics of `model` on `data`, computed over all samples at once (so precision or F1
 * are those of the whole set, not averages of batches).
 * @returns `{ loss?: number, [metric]: number }`.
 * @example
 * import { evaluate } from 'neurite';
 * evaluate(model, { x: xTest, y: yTest }, { loss: 'crossEntropy', metrics: ['accuracy', 'f1'] });
 * // { loss: 0.071, accuracy: 0.98, f1: 0.98 }
 */
export function evaluate(model: Model, data: BatchSource, options: EvaluateOptions = {}): Record<string, number> {
  const metrics = resolveMetrics(options.metrics);
  if (metrics.length === 0 && options.loss === undefined) {
    throw new ValueError("evaluate: nothing to compute; pass metrics (e.g. ['accuracy']) and/or a loss");
  }
  const { output, target } = outputsFor(model, data, options.batchSize);
  const result: Record<string, number> = {};
  if (options.loss !== undefined)
    result.loss = noGrad(() => resolveLoss(options.loss as LossLike)(output, target).item());
  for (const [name, fn] of metrics) result[name] = fn(output, target);
  return result;
}
