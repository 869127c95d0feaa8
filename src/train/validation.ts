/**
 * Setting data aside for validation (`fit`'s `validationSplit`): shuffled, and stratified by class
 * for classification targets, so the validation part looks like the training part. It never takes
 * "the last rows", which for a file sorted by class (iris) would be one class only.
 */
import { tensor } from '../creation.js';
import { type BatchSource, type Dataset, type Sample, TensorDataset, trainTestSplit } from '../data/index.js';
import { ValueError } from '../errors.js';
import type { Rng } from '../random.js';
import { Tensor } from '../tensor.js';

/** The samples of `data` at `indices`, as a Dataset (no copy of the data). */
export class Subset implements Dataset<Sample> {
  constructor(
    readonly dataset: Dataset<Sample>,
    readonly indices: Int32Array,
  ) {}

  get length(): number {
    return this.indices.length;
  }

  get(i: number): Sample {
    const index = this.indices[i];
    if (index === undefined) throw new ValueError(`Subset.get: index ${i} is out of range for ${this.length} samples`);
    return this.dataset.get(index);
  }
}

/** The x and y tensors of `{ x, y }` data or a TensorDataset; null for other datasets. */
export function asTensors(data: BatchSource): { x: Tensor; y: Tensor } | null {
  const { x, y } = data as { x?: unknown; y?: unknown };
  return x instanceof Tensor && y instanceof Tensor ? { x, y } : null;
}

/** Number of samples in `data`. */
export function sampleCount(data: BatchSource): number {
  const xy = asTensors(data);
  return xy !== null ? (xy.x.shape[0] ?? 0) : (data as Dataset<Sample>).length;
}

/** Class labels, if `y` looks like them: int32 with one value per sample. */
function classLabels(y: Tensor): Tensor | null {
  return y.dtype === 'int32' && (y.ndim === 1 || (y.ndim === 2 && y.shape[1] === 1)) ? y : null;
}

/**
 * Split off `fraction` of the samples (rounded up) for validation: shuffled with `rng`, and
 * stratified when the targets are int32 class labels (falling back to a plain shuffle when a class
 * is too small to be split).
 * @returns `{ train, validation }` as `{ x, y }` tensors, or Subsets of a Dataset.
 * @throws ValueError for a fraction outside (0, 1) or too few samples.
 */
export function splitValidation(
  data: BatchSource,
  fraction: number,
  rng: Rng,
): { train: BatchSource; validation: BatchSource } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ValueError(`fit: validationSplit must be a fraction in (0, 1), e.g. 0.2; got ${fraction}`);
  }
  const n = sampleCount(data);
  if (n < 2) throw new ValueError(`fit: validationSplit needs at least 2 samples, got ${n}`);
  const xy = asTensors(data);
  // Split row indices, so tensors and datasets share one path.
  const rows = tensor(
    Int32Array.from({ length: n }, (_, i) => i),
    { dtype: 'int32' },
  );
  const labels = xy !== null ? classLabels(xy.y) : datasetLabels(data as Dataset<Sample>);
  const testSize = Math.ceil(fraction * n) >= n ? n - 1 : fraction;
  let split: ReturnType<typeof trainTestSplit>;
  try {
    split = trainTestSplit(rows, rows, { testSize, stratify: labels ?? false, rng });
  } catch (err) {
    if (labels === null || !(err instanceof ValueError)) throw err;
    split = trainTestSplit(rows, rows, { testSize, rng });
  }
  if (xy !== null) {
    const pick = (idx: Int32Array) => ({
      x: xy.x.indexSelect(0, tensor(idx, { dtype: 'int32' })),
      y: xy.y.indexSelect(0, tensor(idx, { dtype: 'int32' })),
    });
    return { train: pick(split.trainIndices), validation: pick(split.testIndices) };
  }
  const ds = data as Dataset<Sample>;
  return { train: new Subset(ds, split.trainIndices), validation: new Subset(ds, split.testIndices) };
}

/** The labels of a dataset whose samples have a scalar int32 target (else null: no stratification). */
function datasetLabels(ds: Dataset<Sample>): Tensor | null {
  if (ds instanceof TensorDataset) return classLabels(ds.y);
  const labels = new Int32Array(ds.length);
  for (let i = 0; i < ds.length; i++) {
    const { y } = ds.get(i);
    if (y.dtype !== 'int32' || y.numel() !== 1) return null;
    labels[i] = y.data[0] as number;
  }
  return tensor(labels, { dtype: 'int32' });
}
