/**
 * The data and the network of `neurite train digits-cnn` and `neurite train fashion-cnn`.
 * digits-cnn: scikit-learn's 1,797 8×8 digits, split 75 / 25 stratified by class (seeded).
 * fashion-cnn: Fashion-MNIST's standard 60,000 / 10,000 split, read from disk. Both feed the same
 * LeNet-like network; the pixels are standardized with one mean and one standard deviation taken
 * from the training images only (as the iris preset standardizes its features), which lets Adam at
 * 1e-3 converge in fewer epochs than raw [0, 1] pixels do.
 */
import {
  Conv2d,
  Flatten,
  formatCount,
  Linear,
  loadDigits,
  MaxPool2d,
  ReLU,
  type Rng,
  Sequential,
  type Tensor,
  trainTestSplit,
  ValueError,
} from '../index.js';
import { loadFashionMnist } from '../node/datasets.js';

/** The CNN presets of `neurite train`. */
export const CNN_PRESETS = ['digits-cnn', 'fashion-cnn'] as const;
export type CnnPresetName = (typeof CNN_PRESETS)[number];

/** Images ready to train on: `x…` standardized for the network, `raw…` in [0, 1] for pictures. */
export interface CnnData {
  /** `[N, 1, H, W]` standardized training images (the first `limit` of them with a limit). */
  xTrain: Tensor;
  yTrain: Tensor;
  /** `[M, 1, H, W]` standardized test images. */
  xTest: Tensor;
  yTest: Tensor;
  /** The test images as loaded (pixels in [0, 1]), for the picture of the mistakes. */
  rawTest: Tensor;
  classNames: string[];
  /** Height = width of the images (8 or 28). */
  side: number;
  /** The mean and standard deviation the pixels were standardized with. */
  mean: number;
  std: number;
}

/** Where the data comes from and how much of it to use. */
export interface CnnDataOptions {
  /** Draws the digits split (unused by fashion-cnn, whose split is fixed). */
  rng: Rng;
  /** Train on the first `limit` training images only. */
  limit?: number;
  /** fashion-cnn: the folder of the four IDX files (default: loadFashionMnist's folders). */
  dataDir?: string;
}

/**
 * Load a CNN preset's images. Throws loadFashionMnist's DatasetNotFoundError (which says how to
 * get the files) when Fashion-MNIST is not on this machine.
 */
export function loadCnnData(preset: CnnPresetName, { rng, limit, dataDir }: CnnDataOptions): CnnData {
  let train: { x: Tensor; y: Tensor };
  let test: { x: Tensor; y: Tensor };
  let classNames: string[];
  if (preset === 'digits-cnn') {
    const digits = loadDigits();
    const split = trainTestSplit(digits.x, digits.y, { testSize: 0.25, stratify: true, rng });
    train = { x: split.xTrain, y: split.yTrain };
    test = { x: split.xTest, y: split.yTest };
    classNames = digits.classNames;
  } else if (preset === 'fashion-cnn') {
    const fashion = loadFashionMnist(dataDir === undefined ? {} : { dir: dataDir });
    ({ train, test, classNames } = fashion);
  } else {
    throw new ValueError(`unknown CNN preset '${preset}'; available: ${CNN_PRESETS.join(', ')}`);
  }
  const available = train.x.shape[0] as number;
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || limit < 1) throw new ValueError(`${preset}: limit must be a whole number >= 1`);
    if (limit < available) train = { x: train.x.narrow(0, 0, limit), y: train.y.narrow(0, 0, limit) };
  }
  // One number each, from the training images only: the test images stay unseen.
  const mean = train.x.mean().item();
  const std = train.x.std().item() || 1;
  return {
    xTrain: train.x.sub(mean).div(std),
    yTrain: train.y,
    xTest: test.x.sub(mean).div(std),
    yTest: test.y,
    rawTest: test.x,
    classNames,
    side: train.x.shape[2] as number,
    mean,
    std,
  };
}

/**
 * The LeNet-like network of both presets, for `side`×`side` grayscale images:
 * conv 5×5 ×8 'same' → ReLU → max-pool 2 → conv 5×5 ×16 'same' → ReLU → max-pool 2 → flatten →
 * linear 16·(side/4)² → classes. Initial weights drawn from `rng`.
 * @example buildLeNet(28, 10, new Rng(1)).forward(zeros([2, 1, 28, 28])).shape // [2, 10]
 */
export function buildLeNet(side: number, classes: number, rng: Rng): Sequential {
  // Each 2×2 max-pool halves the side (rounding down, as PyTorch does).
  const pooled = Math.floor(Math.floor(side / 2) / 2);
  if (pooled < 1) throw new ValueError(`buildLeNet: images of side ${side} are too small; at least 4 pixels`);
  return new Sequential(
    new Conv2d(1, 8, 5, { padding: 'same', rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(8, 16, 5, { padding: 'same', rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(16 * pooled * pooled, classes, { rng }),
  );
}

/** One line describing the network, e.g. `conv 5×5 ×8 → ReLU → … → linear 784 → 10 · 12,810 parameters`. */
export function describeLeNet(model: Sequential): string {
  const params = model.parameters().reduce((n, p) => n + p.numel(), 0);
  const linear = model.at<Linear>(-1);
  return (
    'conv 5×5 ×8 same → ReLU → max-pool 2 → conv 5×5 ×16 same → ReLU → max-pool 2 → ' +
    `linear ${linear.inFeatures} → ${linear.outFeatures} · ${formatCount(params)} parameters`
  );
}

/** A misclassified test image: its index in the test set, true and predicted class. */
export interface Mistake {
  index: number;
  true: string;
  predicted: string;
}

/** The first `max` test images whose predicted class differs from the true one, in test-set order. */
export function findMistakes(
  predicted: ArrayLike<number>,
  target: Tensor,
  classNames: string[],
  max: number,
): Mistake[] {
  const mistakes: Mistake[] = [];
  const y = target.data;
  for (let i = 0; i < y.length && mistakes.length < max; i++) {
    const p = predicted[i] as number;
    const t = y[i] as number;
    if (p !== t) mistakes.push({ index: i, true: classNames[t] ?? String(t), predicted: classNames[p] ?? String(p) });
  }
  return mistakes;
}
