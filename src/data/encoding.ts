/**
 * Label encodings: `oneHot` (class indices → indicator rows) and `LabelEncoder` (any labels, such
 * as the strings of a CSV file, → class indices 0..C−1 and back), as scikit-learn's.
 */
import { tensor } from '../creation.js';
import { allocate } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';

/**
 * One-hot encoding: class indices `[...]` (int32, each in [0, C)) → float32 `[..., C]` with a 1 in
 * column `labels[i]` of row i and 0 elsewhere (PyTorch's `one_hot`, as float32 for losses).
 * @param numClasses C; default `max(labels) + 1`.
 * @throws DTypeError for non-int32 labels; ValueError for a label < 0 or ≥ numClasses.
 * @example
 * import { oneHot, tensor } from 'neurite';
 * oneHot(tensor([0, 2, 1], { dtype: 'int32' })).toArray(); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 */
export function oneHot(labels: Tensor, numClasses?: number): Tensor {
  if (labels.dtype !== 'int32') {
    throw new DTypeError(
      `oneHot: labels must be int32 class indices, got ${labels.dtype}; convert with labels.to('int32')`,
    );
  }
  let max = -1;
  for (const v of labels.data) max = Math.max(max, v);
  const c = numClasses ?? max + 1;
  if (!Number.isInteger(c) || c < 1) {
    throw new ValueError(`oneHot: numClasses must be a positive integer, got ${numClasses ?? c}`);
  }
  const out = allocate('float32', labels.numel() * c);
  labels.data.forEach((v, i) => {
    if (v < 0 || v >= c) {
      throw new ValueError(`oneHot: label ${v} at position ${i} is outside [0, ${c - 1}] for ${c} classes`);
    }
    out[i * c + v] = 1;
  });
  return new Tensor(out, [...labels.shape, c]);
}

/** A label `LabelEncoder` accepts: strings, or numbers (not both in one encoder). */
export type Label = string | number;

/**
 * Encode labels as class indices 0..C−1, as scikit-learn's `LabelEncoder`: the classes are the
 * distinct labels sorted (numbers numerically, strings by code unit, as NumPy's unique), so the
 * encoding does not depend on the order in which labels appear.
 * @example
 * import { LabelEncoder } from 'neurite';
 * const enc = new LabelEncoder().fit(['dog', 'cat', 'dog', 'bird']);
 * enc.classes;                                  // ['bird', 'cat', 'dog']
 * enc.transform(['cat', 'dog']).toArray();      // [1, 2] (int32)
 * enc.inverseTransform([2, 0]);                 // ['dog', 'bird']
 */
export class LabelEncoder<L extends Label = Label> {
  /** The sorted distinct labels; index = code. Empty before `fit`. */
  classes: L[] = [];
  private codes = new Map<L, number>();
  private fitted = false;

  /** Learn the classes from `labels`. Returns `this`. */
  fit(labels: ReadonlyArray<L> | Tensor): this {
    const values = toLabels<L>(labels);
    const distinct = [...new Set(values)];
    const numeric = distinct.every((v) => typeof v === 'number');
    if (!numeric && !distinct.every((v) => typeof v === 'string')) {
      throw new ValueError('LabelEncoder.fit: labels mix numbers and strings; convert them all to strings first');
    }
    if (numeric && distinct.some((v) => Number.isNaN(v))) {
      throw new ValueError('LabelEncoder.fit: labels contain NaN');
    }
    this.classes = numeric
      ? distinct.sort((a, b) => (a as number) - (b as number))
      : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.codes = new Map(this.classes.map((c, i) => [c, i]));
    this.fitted = true;
    return this;
  }

  /**
   * Labels `[N]` → int32 codes `[N]`.
   * @throws ValueError before `fit`, or for a label not seen by `fit` (naming it and the known classes).
   */
  transform(labels: ReadonlyArray<L> | Tensor): Tensor {
    this.checkFitted('transform');
    const values = toLabels<L>(labels);
    const out = new Int32Array(values.length);
    values.forEach((v, i) => {
      const code = this.codes.get(v);
      if (code === undefined) {
        throw new ValueError(
          `LabelEncoder.transform: unknown label ${JSON.stringify(v)} at position ${i}; ` +
            `known classes: ${this.classes.map((c) => JSON.stringify(c)).join(', ')}`,
        );
      }
      out[i] = code;
    });
    return tensor(out, { dtype: 'int32' });
  }

  /** `fit(labels)` then `transform(labels)`. */
  fitTransform(labels: ReadonlyArray<L> | Tensor): Tensor {
    return this.fit(labels).transform(labels);
  }

  /**
   * Codes (an int32 tensor `[N]` or numbers) → the original labels.
   * @throws ValueError for a code outside [0, C).
   */
  inverseTransform(codes: Tensor | ReadonlyArray<number>): L[] {
    this.checkFitted('inverseTransform');
    const values = codes instanceof Tensor ? Array.from(codes.data as ArrayLike<number>) : [...codes];
    return values.map((code, i) => {
      if (!Number.isInteger(code) || code < 0 || code >= this.classes.length) {
        throw new ValueError(
          `LabelEncoder.inverseTransform: code ${code} at position ${i} is not a class index in ` +
            `[0, ${this.classes.length - 1}]`,
        );
      }
      return this.classes[code] as L;
    });
  }

  private checkFitted(method: string): void {
    if (!this.fitted) throw new ValueError(`LabelEncoder.${method}: the encoder is not fitted yet; call fit(labels)`);
  }
}

function toLabels<L extends Label>(labels: ReadonlyArray<L> | Tensor): L[] {
  if (labels instanceof Tensor) {
    if (labels.ndim > 1) throw new ValueError(`LabelEncoder: labels must be 1-D, got shape [${labels.shape}]`);
    return Array.from(labels.data as ArrayLike<number>) as L[];
  }
  return [...labels];
}
