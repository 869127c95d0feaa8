/**
 * A convolutional network (CNN) learns to tell apart ten kinds of clothes in Fashion-MNIST's 28×28
 * grayscale pictures: the LeNet-like recipe of `neurite train fashion-cnn`, written out in full.
 * Two epochs over the 60,000 training pictures reach about 0.87–0.88 test accuracy.
 *
 * Needs the data set on disk (nothing is downloaded): `sudo apt-get install dataset-fashion-mnist`,
 * or the four IDX files from https://github.com/zalandoresearch/fashion-mnist in ./data/fashion-mnist.
 * Run it: `npx tsx examples/fashion-cnn.ts` (all 60,000), `npx tsx examples/fashion-cnn.ts 5000`
 * (the first 5,000 only, much faster; or FASHION_LIMIT=5000).
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  Conv2d,
  confusionMatrix,
  Flatten,
  fit,
  formatConfusionMatrix,
  type History,
  Linear,
  MaxPool2d,
  predict,
  ReLU,
  Rng,
  Sequential,
  type Tensor,
  ValueError,
  zeros,
} from '../src/index.js';
import { loadFashionMnist, saveImageGrid } from '../src/node.js';

/** Options of `trainFashionCnn`. */
export interface FashionCnnOptions {
  /** Train on the first `limit` training pictures only (default: all 60,000). */
  limit?: number;
  epochs?: number;
  seed?: number;
  /** Folder of the four IDX files (default: loadFashionMnist's folders). */
  dir?: string;
  /** Folder for filters.png (default: none written). */
  out?: string;
  /** 0: quiet; 1: the plan, progress and results. */
  verbose?: 0 | 1;
}

/**
 * The network: two rounds of "convolve, rectify, pool", then one linear layer that scores the ten
 * classes. The shapes in the comments are for a batch of N pictures of 28×28.
 */
export function buildFashionCnn(rng: Rng): Sequential {
  return new Sequential(
    // 8 filters of 5×5 slide over the picture; each one makes a feature map (edges, blobs, …).
    // padding 'same' adds a 2-pixel border so the maps stay 28×28.  [N, 1, 28, 28] → [N, 8, 28, 28]
    new Conv2d(1, 8, 5, { padding: 'same', rng }),
    new ReLU(), // keep the positive responses, zero the rest
    new MaxPool2d(2), // the largest value of each 2×2 block: half the size  → [N, 8, 14, 14]
    // 16 filters, each looking at all 8 maps of the layer before:        → [N, 16, 14, 14]
    new Conv2d(8, 16, 5, { padding: 'same', rng }),
    new ReLU(),
    new MaxPool2d(2), //                                                    → [N, 16, 7, 7]
    new Flatten(), // one row of 16·7·7 = 784 numbers per picture           → [N, 784]
    new Linear(16 * 7 * 7, 10, { rng }), // one score (logit) per class      → [N, 10]
  );
}

/**
 * The mistake everyone makes once: feeding [N, 28, 28] pictures without the channel axis, or
 * colour pictures (3 channels) to a grayscale network. The layer says what it expected and how
 * to fix it. Returns the two messages.
 */
export function shapeMistakes(model: Sequential): string[] {
  const messages: string[] = [];
  for (const wrong of [zeros([64, 28, 28]), zeros([64, 3, 28, 28])]) {
    try {
      model.forward(wrong);
    } catch (err) {
      messages.push((err as Error).message);
    }
  }
  return messages;
}

/** Load, train, test; returns the History, the test accuracy and the first layer's filters. */
export async function trainFashionCnn({
  limit,
  epochs = 2,
  seed = 1,
  dir,
  out,
  verbose = 1,
}: FashionCnnOptions = {}): Promise<{
  history: History;
  testAccuracy: number;
  filters: Tensor;
}> {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new ValueError(`fashion-cnn: the limit must be a whole number >= 1, got ${limit}`);
  }
  const log = verbose > 0 ? console.log : () => {};
  // One seeded generator draws the initial weights and the order of the pictures in each epoch.
  const rng = new Rng(seed);

  // 1. The data: pixels in [0, 1] as [N, 1, 28, 28] float32 images, labels 0..9 as int32.
  const { train, test, classNames } = loadFashionMnist(dir === undefined ? {} : { dir });
  const n = Math.min(limit ?? Number.POSITIVE_INFINITY, train.x.shape[0] as number);
  const xTrain = train.x.narrow(0, 0, n);
  const yTrain = train.y.narrow(0, 0, n);
  // Standardize with the training pictures' mean and standard deviation (one number each):
  // inputs centred on 0 with spread 1 suit the initial weights, so training starts faster.
  const mean = xTrain.mean().item();
  const std = xTrain.std().item();
  const standardize = (x: Tensor) => x.sub(mean).div(std);

  // 2. The network.
  const model = buildFashionCnn(rng);
  log(model.summary([1, 1, 28, 28]));
  for (const message of shapeMistakes(model)) log(`(a wrong input would say: ${message})`);

  // 3. Training: Adam with a learning rate of 0.001, 64 pictures per update. fit() prints the
  //    plan (60,000 samples · batch size 64 → 938 updates per epoch · …) and the progress.
  const history = await fit(
    model,
    { x: standardize(xTrain), y: yTrain },
    {
      loss: 'crossEntropy',
      optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
      epochs,
      batchSize: 64,
      metrics: ['accuracy'],
      rng,
      verbose,
    },
  );

  // 4. Testing on the 10,000 pictures the network never saw, 500 at a time to bound the memory.
  const logits = predict(model, standardize(test.x), { batchSize: 500 });
  const matrix = confusionMatrix(logits, test.y, { numClasses: 10 });
  const correct = matrix.reduce((s, row, i) => s + (row[i] as number), 0);
  const testAccuracy = correct / (test.y.shape[0] as number);
  log(`test accuracy ${testAccuracy.toFixed(4)}`);
  log(formatConfusionMatrix(matrix, classNames));

  // 5. What the first layer learned: its 8 filters as a picture (each stretched to black…white).
  const filters = model.at<Conv2d>(0).weight.detach();
  if (out !== undefined) {
    saveImageGrid(filters, `${out}/filters.png`, { cols: 8, scale: 8, normalize: true });
    log(`wrote ${out}/filters.png`);
  }
  return { history, testAccuracy, filters };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const limit = process.argv[2] ?? process.env.FASHION_LIMIT;
  await trainFashionCnn({
    ...(limit === undefined ? {} : { limit: Number(limit) }),
    out: 'neurite-out/fashion-cnn-example',
  });
}
