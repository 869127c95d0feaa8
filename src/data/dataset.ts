/**
 * Datasets: anything with a `length` and a `get(i)`, as PyTorch's map-style `Dataset`. The common
 * case, rows of tensors held in memory, is `TensorDataset`; the batch iterator (`batches`) takes
 * whole row blocks out of it with one `indexSelect` instead of collating sample by sample.
 */

import { tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { indexSelect } from '../ops/index.js';
import { globalRng, Rng } from '../random.js';
import type { Tensor } from '../tensor.js';

/** One supervised sample: the input and its target. */
export interface Sample {
  /** Input features of one sample, e.g. `[F]` or `[C, H, W]`. */
  x: Tensor;
  /** Target of one sample: a scalar int32 class label `[]`, or a float target `[k]`, … */
  y: Tensor;
}

/**
 * A map-style dataset: `length` samples, sample `i` returned by `get(i)` (0 ≤ i < length).
 * Implement it for data that is computed or loaded lazily; the batch iterator stacks the samples.
 * @example
 * import { type Dataset, type Sample, tensor } from 'neurite';
 * const squares: Dataset<Sample> = {
 *   length: 10,
 *   get: (i) => ({ x: tensor([i]), y: tensor([i * i]) }),
 * };
 */
export interface Dataset<T = Sample> {
  readonly length: number;
  get(i: number): T;
}

/**
 * Rows of two tensors that share their first dimension: sample `i` is `{ x: x[i], y: y[i] }`
 * (PyTorch's `TensorDataset(x, y)`).
 * @param x inputs `[N, ...]`.
 * @param y targets `[N, ...]`: int32 class labels `[N]`, float targets `[N]` or `[N, k]`, …
 * @throws ShapeError when x and y have different numbers of rows.
 * @example
 * import { TensorDataset, tensor } from 'neurite';
 * const ds = new TensorDataset(tensor([[1, 2], [3, 4], [5, 6]]), tensor([0, 1, 1], { dtype: 'int32' }));
 * ds.length;            // 3
 * ds.get(1).x.toArray(); // [3, 4]
 * ds.get(1).y.item();    // 1
 */
export class TensorDataset implements Dataset<Sample> {
  /** All inputs, `[N, ...]`. */
  readonly x: Tensor;
  /** All targets, `[N, ...]`. */
  readonly y: Tensor;

  constructor(x: Tensor, y: Tensor) {
    checkRows('TensorDataset', x, y);
    this.x = x;
    this.y = y;
  }

  /** Number of samples (rows), N. */
  get length(): number {
    return this.x.shape[0] as number;
  }

  /** Sample `i`: `{ x: x[i], y: y[i] }` (negative `i` counts from the end, as Python). */
  get(i: number): Sample {
    const n = this.length;
    if (!Number.isInteger(i) || i < -n || i >= n) {
      throw new ValueError(`TensorDataset.get: index ${i} is out of range for ${n} samples (valid: ${-n} to ${n - 1})`);
    }
    const idx = tensor([i < 0 ? i + n : i], { dtype: 'int32' });
    return { x: row(this.x, idx), y: row(this.y, idx) };
  }
}

/** Row `idx` (a one-element index) without its leading dimension. */
function row(t: Tensor, idx: Tensor): Tensor {
  const picked = indexSelect(t, 0, idx);
  return picked.reshape(t.shape.slice(1));
}

/** Both tensors must have at least one dimension and the same number of rows. */
export function checkRows(op: string, x: Tensor, y: Tensor): void {
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(
      `${op}: x and y need a first (sample) dimension; got x ${fmt(x)} and y ${fmt(y)}. ` +
        'Reshape a single sample to [1, ...].',
    );
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      `${op}: x has ${x.shape[0]} rows but y has ${y.shape[0]} (x ${fmt(x)}, y ${fmt(y)}); ` +
        'they need one target per sample.',
    );
  }
}

function fmt(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

/** Where randomness comes from in the data helpers: an explicit Rng, else a seed, else the global one. */
export interface RandomSource {
  /** Generator to draw from (advanced by each call: a fresh order every epoch). */
  rng?: Rng;
  /** Seed of a private generator (the same order every call). Ignored when `rng` is given. */
  seed?: number;
}

/** The generator selected by `rng` / `seed`, or the global one that `manualSeed` resets. */
export function resolveRng(op: string, { rng, seed }: RandomSource): Rng {
  if (rng !== undefined) return rng;
  if (seed === undefined) return globalRng;
  if (!Number.isInteger(seed)) throw new ValueError(`${op}: seed must be an integer, got ${seed}`);
  return new Rng(seed);
}
