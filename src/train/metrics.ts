/**
 * Metrics: numbers that say how good a model's output is, for people (a loss says it for the
 * optimizer). Classification: accuracy, precision, recall, F1 (macro or per class) and the
 * confusion matrix, with scikit-learn's definitions. Regression: MAE, MSE and R². Each takes the
 * model's raw output and the targets and returns plain JS numbers.
 */
import { isFloat } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { argmax, l1Loss, mean, mseLoss, mul, sub, sum, to } from '../ops/index.js';
import type { Tensor } from '../tensor.js';

/** Options of the classification metrics. */
export interface ClassificationOptions {
  /**
   * For an output of one score per sample (`[N]` or `[N, 1]`, binary classification): the score
   * from which a sample counts as class 1. Default 0.5 (probabilities, e.g. after a sigmoid); use
   * 0 for logits.
   */
  threshold?: number;
  /** Number of classes C; default: 1 + the largest label seen, or the output's C. */
  numClasses?: number;
}

/** Options of precision, recall and F1. */
export interface AveragedOptions extends ClassificationOptions {
  /** 'macro' (default): the unweighted mean over classes, one number; 'none': one number per class. */
  average?: 'macro' | 'none';
}

/**
 * Predicted class labels from a model's output: argmax over classes for `[N, C]` scores (logits
 * or probabilities), `score > threshold` for one score per sample (`[N]` / `[N, 1]` floats), and
 * the values themselves for int32 labels.
 * @returns an Int32Array of N labels.
 * @example predictedLabels(tensor([[0.1, 2], [3, -1]])) // Int32Array [1, 0]
 */
export function predictedLabels(output: Tensor, { threshold = 0.5 }: ClassificationOptions = {}): Int32Array {
  if (!isFloat(output.dtype)) return Int32Array.from(output.data as ArrayLike<number>);
  if (output.ndim === 2 && (output.shape[1] as number) > 1) return argmax(output, 1).data as Int32Array;
  if (output.ndim === 1 || (output.ndim === 2 && output.shape[1] === 1)) {
    return Int32Array.from(output.data as ArrayLike<number>, (v) => (v > threshold ? 1 : 0));
  }
  throw new ShapeError(
    `metrics: cannot read class predictions from an output of shape ${fmtShape(output.shape)}; ` +
      'expected scores [N, C], one score per sample [N] or [N, 1], or int32 labels [N]',
  );
}

/** True labels and predicted labels of the same length, checked. */
function labelPair(
  op: string,
  output: Tensor,
  target: Tensor,
  options: ClassificationOptions,
): [Int32Array, Int32Array] {
  const predicted = predictedLabels(output, options);
  const truth = target.ndim === 2 && target.shape[1] === 1 ? target.reshape([target.shape[0] as number]) : target;
  if (truth.ndim !== 1 || truth.shape[0] !== predicted.length) {
    throw new ShapeError(
      `${op}: target ${fmtShape(target.shape)} does not match output ${fmtShape(output.shape)}; ` +
        `expected ${predicted.length} class labels, shape [${predicted.length}]`,
    );
  }
  // int32 targets are whole class indices already: read them where they are
  if (truth.dtype === 'int32') return [truth.data as Int32Array, predicted];
  const labels = new Int32Array(truth.data.length);
  for (let i = 0; i < labels.length; i++) {
    const v = truth.data[i] as number;
    labels[i] = v;
    if (labels[i] !== v) throw new ValueError(`${op}: targets must be whole class indices 0, 1, …; got ${v}`);
  }
  return [labels, predicted];
}

/**
 * The fraction of samples whose predicted class equals the target: (1/N) Σᵢ [ŷᵢ = yᵢ].
 * @param output scores `[N, C]`, one score per sample `[N]`/`[N, 1]` (see `threshold`) or labels `[N]`.
 * @param target class indices `[N]` (int32, or whole floats for binary targets).
 * @returns a number in [0, 1] (NaN for N = 0).
 * @example
 * import { accuracy, tensor } from 'neurite';
 * accuracy(tensor([[2, 0.1], [0, 1], [3, 1]]), tensor([0, 1, 1], { dtype: 'int32' })); // 2/3
 */
export function accuracy(output: Tensor, target: Tensor, options: ClassificationOptions = {}): number {
  const [truth, predicted] = labelPair('accuracy', output, target, options);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  return correct / truth.length;
}

/**
 * The confusion matrix (scikit-learn's layout): `m[i][j]` counts the samples of true class i
 * predicted as class j, so the diagonal holds the correct predictions.
 * @returns C rows of C counts.
 * @example
 * import { confusionMatrix, tensor } from 'neurite';
 * confusionMatrix(tensor([0, 1, 1], { dtype: 'int32' }), tensor([0, 1, 0], { dtype: 'int32' }));
 * // [[1, 1], [0, 1]]: one sample of class 0 was taken for class 1
 */
export function confusionMatrix(output: Tensor, target: Tensor, options: ClassificationOptions = {}): number[][] {
  const [truth, predicted] = labelPair('confusionMatrix', output, target, options);
  // Scores [N, C] say C; one score per sample means 2 classes; labels say at least max + 1.
  const fromOutput = !isFloat(output.dtype) ? 1 : output.ndim === 2 ? Math.max(output.shape[1] as number, 2) : 2;
  const c = options.numClasses ?? Math.max(fromOutput, maxPlusOne(truth), maxPlusOne(predicted));
  const m = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    if (t < 0 || t >= c || p < 0 || p >= c) {
      throw new ValueError(`confusionMatrix: label ${t < 0 || t >= c ? t : p} is outside the ${c} classes 0..${c - 1}`);
    }
    (m[t] as number[])[p]! += 1;
  }
  return m;
}

function maxPlusOne(labels: Int32Array): number {
  let max = -1;
  for (const v of labels) if (v > max) max = v;
  return max + 1;
}

/** Per-class counts from the confusion matrix: true positives, predicted count, actual count. */
function perClass(m: number[][]): Array<{ tp: number; predicted: number; actual: number }> {
  return m.map((row, k) => ({
    tp: row[k] as number,
    predicted: m.reduce((s, r) => s + (r[k] as number), 0),
    actual: row.reduce((s, v) => s + v, 0),
  }));
}

// A class never predicted (or never present) has precision (recall) 0/0: scikit-learn's
// `zero_division=0` counts it as 0.
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function average(values: number[], how: 'macro' | 'none' = 'macro'): number | number[] {
  if (how === 'none') return values;
  if (how !== 'macro') throw new ValueError(`metrics: average must be 'macro' or 'none', got '${how}'`);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Precision: of the samples predicted as class k, the fraction that are k: TPₖ / (TPₖ + FPₖ).
 * Macro-averaged over classes by default (each class counts the same); `{ average: 'none' }`
 * gives one value per class. A class never predicted scores 0 (scikit-learn's zero_division=0).
 * @example
 * import { precision, tensor } from 'neurite';
 * const y = tensor([0, 0, 1, 1], { dtype: 'int32' });
 * precision(tensor([0, 1, 1, 1], { dtype: 'int32' }), y);                      // (1 + 2/3) / 2
 * precision(tensor([0, 1, 1, 1], { dtype: 'int32' }), y, { average: 'none' }); // [1, 0.667]
 */
export function precision(output: Tensor, target: Tensor, options?: AveragedOptions & { average?: 'macro' }): number;
export function precision(output: Tensor, target: Tensor, options: AveragedOptions & { average: 'none' }): number[];
export function precision(output: Tensor, target: Tensor, options: AveragedOptions = {}): number | number[] {
  const values = perClass(confusionMatrix(output, target, options)).map((c) => ratio(c.tp, c.predicted));
  return average(values, options.average);
}

/**
 * Recall (sensitivity): of the samples of class k, the fraction predicted as k: TPₖ / (TPₖ + FNₖ).
 * Macro-averaged by default; `{ average: 'none' }` gives one value per class.
 * @example recall(tensor([0, 1, 1, 1], { dtype: 'int32' }), tensor([0, 0, 1, 1], { dtype: 'int32' })) // 0.75
 */
export function recall(output: Tensor, target: Tensor, options?: AveragedOptions & { average?: 'macro' }): number;
export function recall(output: Tensor, target: Tensor, options: AveragedOptions & { average: 'none' }): number[];
export function recall(output: Tensor, target: Tensor, options: AveragedOptions = {}): number | number[] {
  const values = perClass(confusionMatrix(output, target, options)).map((c) => ratio(c.tp, c.actual));
  return average(values, options.average);
}

/**
 * F1 score: the harmonic mean of precision and recall per class, 2·P·R / (P + R)
 * = 2·TPₖ / (2·TPₖ + FPₖ + FNₖ); macro-averaged by default, `{ average: 'none' }` per class.
 * @example f1(tensor([0, 1, 1, 1], { dtype: 'int32' }), tensor([0, 0, 1, 1], { dtype: 'int32' })) // 0.733
 */
export function f1(output: Tensor, target: Tensor, options?: AveragedOptions & { average?: 'macro' }): number;
export function f1(output: Tensor, target: Tensor, options: AveragedOptions & { average: 'none' }): number[];
export function f1(output: Tensor, target: Tensor, options: AveragedOptions = {}): number | number[] {
  const values = perClass(confusionMatrix(output, target, options)).map((c) => ratio(2 * c.tp, c.predicted + c.actual));
  return average(values, options.average);
}

/** Output and target as float tensors of the same shape (a `[N]` target fits a `[N, 1]` output). */
function regressionPair(op: string, output: Tensor, target: Tensor): [Tensor, Tensor] {
  const o = isFloat(output.dtype) ? output : to(output, 'float64');
  let t = isFloat(target.dtype) ? target : to(target, o.dtype);
  if (t.numel() === o.numel() && t.ndim !== o.ndim) t = t.reshape(o.shape);
  if (t.shape.length !== o.shape.length || t.shape.some((d, i) => d !== o.shape[i])) {
    throw new ShapeError(`${op}: output ${fmtShape(o.shape)} and target ${fmtShape(t.shape)} must have the same shape`);
  }
  return [o, t];
}

/**
 * Mean absolute error: (1/n) Σ |ŷ − y| over all elements.
 * @example mae(tensor([1, 2, 3]), tensor([1, 2, 5])) // 0.667
 */
export function mae(output: Tensor, target: Tensor): number {
  const [o, t] = regressionPair('mae', output, target);
  return l1Loss(o, t).item();
}

/**
 * Mean squared error: (1/n) Σ (ŷ − y)² over all elements.
 * @example mse(tensor([1, 2, 3]), tensor([1, 2, 5])) // 1.333
 */
export function mse(output: Tensor, target: Tensor): number {
  const [o, t] = regressionPair('mse', output, target);
  return mseLoss(o, t).item();
}

/**
 * Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 is a perfect fit, 0 is no better
 * than predicting the mean, and it is negative for worse. For several outputs `[N, k]` it is the
 * mean of the k columns' R² (scikit-learn's 'uniform_average'); a constant target column scores 1
 * if predicted exactly, else 0 (as scikit-learn).
 * @example r2(tensor([2.5, 0, 2, 8]), tensor([3, -0.5, 2, 7])) // 0.9486
 */
export function r2(output: Tensor, target: Tensor): number {
  const [o, t] = regressionPair('r2', output, target);
  const error = sub(t, o);
  const spread = sub(t, mean(t, 0, true));
  const residual = sum(mul(error, error), 0).data;
  const total = sum(mul(spread, spread), 0).data;
  let score = 0;
  for (let k = 0; k < residual.length; k++) {
    const res = residual[k] as number;
    const tot = total[k] as number;
    score += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return score / residual.length;
}
