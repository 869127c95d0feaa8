/**
 * The batch iterator: one epoch of a dataset cut into batches, optionally shuffled with the seeded
 * Rng. This is neurite's `DataLoader`, as a function: `batches(data, { batchSize, shuffle, seed })`
 * returns one epoch; call it again (with the same `rng`) for the next epoch.
 */
import { kernels } from '../backend/backend.js';
import { allocate } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { indexSelect } from '../ops/index.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkRows, type Dataset, type RandomSource, resolveRng, type Sample, TensorDataset } from './dataset.js';

/** One batch: the inputs and targets of `indices.length` samples, stacked along a new first axis. */
export interface Batch {
  /** Inputs `[B, ...]`. */
  x: Tensor;
  /** Targets `[B, ...]`. */
  y: Tensor;
  /**
   * Which samples of the dataset the batch holds, in batch order: a view of the epoch's order
   * (read it; writing to it would change the batches still to come).
   */
  indices: Int32Array;
}

/** Options of `batches`. */
export interface BatchOptions extends RandomSource {
  /** Samples per batch (the last batch may be smaller unless `dropLast`). */
  batchSize: number;
  /** Visit the samples in a random order (a fresh permutation per call). Default false. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
}

/** What `batches` accepts: a Dataset of samples, or all rows as `{ x, y }` tensors. */
export type BatchSource = Dataset<Sample> | { x: Tensor; y: Tensor };

/**
 * Number of batches in one epoch: `ceil(n / batchSize)`, or `floor(n / batchSize)` with `dropLast`.
 * @example numBatches(150, 20) // 8
 * @example numBatches(150, 20, true) // 7
 */
export function numBatches(n: number, batchSize: number, dropLast = false): number {
  checkBatchSize('numBatches', batchSize);
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * One epoch of `data` in batches of `batchSize` samples: `{ x: [B, ...], y: [B, ...], indices }`.
 * Without `shuffle` the samples come in order; with it, in the order of a random permutation drawn
 * when `batches` is called (not lazily), from `rng` (a fresh order per call: pass the same Rng every
 * epoch), or from `new Rng(seed)` (the same order every call), or else from the global generator.
 * Every sample appears exactly once per epoch, except the last `n mod batchSize` with `dropLast`.
 * Rows of `{ x, y }` / `TensorDataset` are taken with one `indexSelect` per batch (so gradients flow
 * to `x` if it requires them); other datasets are read with `get(i)` and stacked.
 * @param data a `Dataset<Sample>` or `{ x: [N, ...], y: [N, ...] }`.
 * @returns an iterable iterator of `numBatches(N, batchSize, dropLast)` batches.
 * @throws ValueError for a batchSize that is not a positive integer.
 * @example
 * import { batches, Rng, tensor } from 'neurite';
 * const x = tensor([[0], [1], [2], [3], [4]]);
 * const y = tensor([0, 1, 0, 1, 0], { dtype: 'int32' });
 * for (const b of batches({ x, y }, { batchSize: 2 })) b.x.shape; // [2, 1], [2, 1], [1, 1]
 * const rng = new Rng(1); // one generator for the whole training run
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const { x: xb, y: yb } of batches({ x, y }, { batchSize: 2, shuffle: true, rng })) {
 *     // train on xb, yb
 *   }
 * }
 */
export function batches(data: BatchSource, options: BatchOptions): IterableIterator<Batch> {
  const { batchSize, shuffle = false, dropLast = false } = options;
  checkBatchSize('batches', batchSize);
  const source = toSource(data);
  const n = source.length;
  // Draw the permutation now, so the order does not depend on when the caller starts iterating.
  const order = shuffle ? resolveRng('batches', options).permutation(n) : identity(n);
  const count = numBatches(n, batchSize, dropLast);
  return (function* () {
    for (let b = 0; b < count; b++) {
      // a view of this epoch's order, not a copy: a copy of more than 16 indices is a fresh
      // ArrayBuffer, which V8 allocates outside its heap at ~0.3 µs, once per batch
      const indices = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
      const { x, y } = source.take(indices);
      yield { x, y, indices };
    }
  })();
}

interface Source {
  length: number;
  take(indices: Int32Array): { x: Tensor; y: Tensor };
}

function toSource(data: BatchSource): Source {
  if (data instanceof TensorDataset || ('x' in data && data.x instanceof Tensor)) {
    const { x, y } = data as { x: Tensor; y: Tensor };
    if (!(y instanceof Tensor)) throw new ValueError('batches: data.y must be a Tensor of targets, one row per sample');
    checkRows('batches', x, y);
    return {
      length: x.shape[0] as number,
      take: (indices) => ({ x: rows(x, indices), y: rows(y, indices) }),
    };
  }
  const ds = data as Dataset<Sample>;
  if (typeof ds.get !== 'function' || !Number.isInteger(ds.length) || ds.length < 0) {
    throw new ValueError('batches: data must be { x, y } tensors or a Dataset with an integer length and get(i)');
  }
  return {
    length: ds.length,
    take: (indices) => {
      const samples = Array.from(indices, (i) => ds.get(i));
      return {
        x: collate(
          samples.map((s) => s.x),
          indices,
          'x',
        ),
        y: collate(
          samples.map((s) => s.y),
          indices,
          'y',
        ),
      };
    },
  };
}

/**
 * Rows `indices` of `t` (always in range: they come from the permutation above). A tensor that
 * needs gradients goes through `indexSelect`, so they flow to it; the usual data tensor is copied
 * by the same kernel without the op's checks and tape bookkeeping, which a small model's training
 * step would otherwise pay twice per batch.
 */
function rows(t: Tensor, indices: Int32Array): Tensor {
  // (a tensor owns its array: the indices, a view of the epoch's order, are copied for it)
  if (t.requiresGrad) return indexSelect(t, 0, new Tensor(indices.slice(), [indices.length]));
  const shape = t.shape.slice();
  shape[0] = indices.length;
  return new Tensor(kernels().indexSelect(t.data, t.shape, 0, indices), shape);
}

/** Stack same-shaped, same-dtype sample tensors along a new first axis (PyTorch's default_collate). */
function collate(items: Tensor[], indices: Int32Array, what: string): Tensor {
  const first = items[0] as Tensor;
  const size = first.numel();
  const data = allocate(first.dtype, size * items.length);
  items.forEach((t, k) => {
    if (!shapesEqual(t.shape, first.shape) || t.dtype !== first.dtype) {
      throw new ShapeError(
        `batches: sample ${indices[k]} has ${what} ${fmtShape(t.shape)} ${t.dtype} but sample ${indices[0]} has ` +
          `${fmtShape(first.shape)} ${first.dtype}; every sample of a batch needs the same shape and dtype`,
      );
    }
    data.set(t.data, k * size);
  });
  return new Tensor(data, [items.length, ...first.shape]);
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function checkBatchSize(op: string, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValueError(`${op}: batchSize must be a positive integer, got ${batchSize}`);
  }
}
