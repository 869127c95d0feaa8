/**
 * `trainTestSplit`: scikit-learn's `train_test_split`, with its sizes, its stratified allocation
 * (`StratifiedShuffleSplit`: each class split in proportion, ties broken at random) and its errors,
 * drawing from neurite's seeded Rng. A shuffled split never hands back "the last rows", which
 * matters for files sorted by class such as iris.
 */
import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { indexSelect } from '../ops/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { checkRows, type RandomSource, resolveRng } from './dataset.js';

/** Options of `trainTestSplit`. */
export interface SplitOptions extends RandomSource {
  /**
   * Size of the test part: a fraction in (0, 1) of the rows (rounded up, as sklearn), or a count of
   * rows in [1, N). Default 0.25.
   */
  testSize?: number;
  /**
   * Keep the class proportions in both parts: `true` stratifies by `y`; or pass the labels to
   * stratify by (a tensor `[N]` or an array of N numbers/strings). Requires `shuffle`. Default false.
   */
  stratify?: boolean | Tensor | ReadonlyArray<number | string>;
  /** Shuffle before splitting. Default true; false keeps the order: train first, then test. */
  shuffle?: boolean;
}

/** The two parts, plus which rows of the input went where. */
export interface SplitResult {
  xTrain: Tensor;
  xTest: Tensor;
  yTrain: Tensor;
  yTest: Tensor;
  /** Row indices of the training part, in its order. */
  trainIndices: Int32Array;
  /** Row indices of the test part, in its order. */
  testIndices: Int32Array;
}

/**
 * Split rows of `x` and `y` into a training and a test part, as scikit-learn's `train_test_split`:
 * `nTest = ceil(testSize · N)` for a fraction (else `testSize` rows) and `nTrain = N − nTest`.
 * Shuffled (default) with `rng`, `new Rng(seed)` or the global generator; both parts come out in
 * random order. With `stratify`, every class c of n_c rows gets about `n_c · nTest / N` test rows
 * (the floor, plus one for the classes with the largest remainders, ties broken at random).
 * @param x inputs `[N, ...]`. @param y targets `[N, ...]`.
 * @returns `{ xTrain: [nTrain, ...], xTest: [nTest, ...], yTrain, yTest, trainIndices, testIndices }`.
 * @throws ValueError for a bad testSize, a class with fewer than 2 rows, or fewer test or train rows
 *   than classes when stratifying.
 * @example
 * import { loadIris, trainTestSplit } from 'neurite';
 * const { x, y } = loadIris();
 * const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 50, stratify: true, seed: 1 });
 * xTrain.shape; // [100, 4]
 * xTest.shape;  // [50, 4]: about 16 or 17 flowers of each species
 */
export function trainTestSplit(x: Tensor, y: Tensor, options: SplitOptions = {}): SplitResult {
  const { testSize = 0.25, stratify = false, shuffle = true } = options;
  checkRows('trainTestSplit', x, y);
  const n = x.shape[0] as number;
  const nTest = testCount(testSize, n);
  const nTrain = n - nTest;
  let trainIndices: Int32Array;
  let testIndices: Int32Array;
  if (stratify !== false) {
    if (!shuffle) {
      throw new ValueError('trainTestSplit: stratify needs shuffle: true (a stratified split draws rows at random)');
    }
    const labels = stratify === true ? rowKeys(y) : labelKeys(stratify, n);
    const rng = resolveRng('trainTestSplit', options);
    [trainIndices, testIndices] = stratifiedSplit(labels, nTrain, nTest, rng);
  } else if (shuffle) {
    const perm = resolveRng('trainTestSplit', options).permutation(n);
    testIndices = perm.slice(0, nTest);
    trainIndices = perm.slice(nTest);
  } else {
    trainIndices = range(0, nTrain);
    testIndices = range(nTrain, n);
  }
  const train = tensor(trainIndices, { dtype: 'int32' });
  const test = tensor(testIndices, { dtype: 'int32' });
  return {
    xTrain: indexSelect(x, 0, train),
    xTest: indexSelect(x, 0, test),
    yTrain: indexSelect(y, 0, train),
    yTest: indexSelect(y, 0, test),
    trainIndices,
    testIndices,
  };
}

/** Number of test rows, with sklearn's rules (a fraction rounds up) and errors. */
function testCount(testSize: number, n: number): number {
  const isFraction = testSize > 0 && testSize < 1;
  const isCount = Number.isInteger(testSize) && testSize >= 1 && testSize < n;
  if (!isFraction && !isCount) {
    throw new ValueError(
      `trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, ${n - 1}] ` +
        `for ${n} rows, got ${testSize}`,
    );
  }
  const nTest = isFraction ? Math.ceil(testSize * n) : testSize;
  if (nTest >= n) {
    throw new ValueError(`trainTestSplit: testSize ${testSize} of ${n} rows leaves no rows to train on`);
  }
  return nTest;
}

/** One string key per row of `t` (its values joined), so any dtype and shape can act as labels. */
function rowKeys(t: Tensor): string[] {
  const n = t.shape[0] as number;
  const width = n === 0 ? 0 : t.numel() / n;
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Array.from(t.data.subarray(i * width, (i + 1) * width)).join(',');
  return out;
}

function labelKeys(labels: Tensor | ReadonlyArray<number | string>, n: number): string[] {
  const keys = Array.isArray(labels) ? labels.map(String) : rowKeys(labels as Tensor);
  if (keys.length !== n) {
    throw new ValueError(`trainTestSplit: stratify has ${keys.length} labels but x has ${n} rows; give one per row`);
  }
  return keys;
}

/** sklearn's StratifiedShuffleSplit for one split: per-class allocation, then a shuffle of each part. */
function stratifiedSplit(labels: string[], nTrain: number, nTest: number, rng: Rng): [Int32Array, Int32Array] {
  const byClass = new Map<string, number[]>();
  labels.forEach((key, i) => {
    const rows = byClass.get(key);
    if (rows) rows.push(i);
    else byClass.set(key, [i]);
  });
  const classes = [...byClass.keys()].sort();
  const members = classes.map((c) => byClass.get(c) as number[]);
  const counts = members.map((m) => m.length);
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    const c = classes[counts.indexOf(smallest)];
    throw new ValueError(
      `trainTestSplit: class '${c}' has only 1 row; stratifying needs at least 2 rows per class ` +
        '(drop the class or split without stratify)',
    );
  }
  for (const [part, size] of [
    ['test', nTest],
    ['train', nTrain],
  ] as const) {
    if (size < classes.length) {
      throw new ValueError(
        `trainTestSplit: the ${part} part has ${size} rows, fewer than the ${classes.length} classes; ` +
          `a stratified split needs at least one row of each class in each part`,
      );
    }
  }
  const testPer = approximateMode(counts, nTest, rng);
  const trainPer = approximateMode(
    counts.map((c, i) => c - (testPer[i] as number)),
    nTrain,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((rows, i) => {
    const perm = rng.permutation(rows.length);
    const nTr = trainPer[i] as number;
    const nTe = testPer[i] as number;
    for (let k = 0; k < nTr; k++) train.push(rows[perm[k] as number] as number);
    for (let k = nTr; k < nTr + nTe; k++) test.push(rows[perm[k] as number] as number);
  });
  return [shuffled(train, rng), shuffled(test, rng)];
}

/**
 * sklearn's `_approximate_mode`: split `draws` among classes in proportion to `counts`, taking the
 * floor and handing the remaining draws to the largest remainders (random among equal remainders).
 */
function approximateMode(counts: number[], draws: number, rng: Rng): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (draws * c) / total);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  const remainders = continuous.map((c, i) => c - (floored[i] as number));
  const values = [...new Set(remainders)].sort((a, b) => b - a);
  for (const value of values) {
    if (need <= 0) break;
    const tied = remainders.flatMap((r, i) => (r === value ? [i] : []));
    const perm = rng.permutation(tied.length);
    const add = Math.min(tied.length, need);
    for (let k = 0; k < add; k++) floored[tied[perm[k] as number] as number]! += 1;
    need -= add;
  }
  return floored;
}

function shuffled(rows: number[], rng: Rng): Int32Array {
  const perm = rng.permutation(rows.length);
  return Int32Array.from(perm, (p) => rows[p] as number);
}

function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: end - start }, (_, i) => start + i);
}
