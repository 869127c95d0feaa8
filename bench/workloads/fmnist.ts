/**
 * Fashion-MNIST for W2 and W3: where the files are (Debian's `dataset-fashion-mnist` package, or
 * ./data/fashion-mnist, as `loadFashionMnist` looks), the shared data file that tells every peer
 * the same folder and files, and the images as flat float32 arrays (pixels / 255) for neurite and
 * TensorFlow.js, read through neurite/node's `loadFashionMnist`. Without the files, W2 and W3 are
 * listed as skipped with the way to get them: not an error.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEBIAN_FASHION_MNIST_DIR, IDX_FILES } from '../../src/node/datasets.js';
import type { Neurite } from '../lib/neurite.js';
import type { Tfjs } from '../lib/tfjs.js';
import { now } from '../lib/timing.js';
import type { Variant } from '../lib/types.js';
import { accuracyOf, chunks, glorot, type Trainer } from './training.js';

/** The shared data file of W2 and W3: the folder and the four files (null when not found). */
export interface FashionFiles {
  dir: string | null;
  /** Paths by role: trainImages, trainLabels, testImages, testLabels (gzipped or not). */
  files: Record<keyof typeof IDX_FILES, string> | null;
  /** Where we looked, for the skip message. */
  searched: string[];
}

/** The folders `loadFashionMnist()` searches, in its order. */
export function fashionDirs(): string[] {
  return [DEBIAN_FASHION_MNIST_DIR, resolve('data/fashion-mnist')];
}

/**
 * The first folder of `dirs` that holds all four IDX files (each plain or `.gz`), with their paths.
 * @example locateFashionMnist(['/nowhere']) // { dir: null, files: null, searched: ['/nowhere'] }
 */
export function locateFashionMnist(dirs: readonly string[] = fashionDirs()): FashionFiles {
  for (const dir of dirs) {
    const files: Partial<Record<keyof typeof IDX_FILES, string>> = {};
    for (const [key, name] of Object.entries(IDX_FILES) as Array<[keyof typeof IDX_FILES, string]>) {
      const path = [name, `${name}.gz`].map((n) => join(dir, n)).find((p) => existsSync(p));
      if (path !== undefined) files[key] = path;
    }
    if (Object.keys(files).length === 4) {
      return { dir, files: files as Record<keyof typeof IDX_FILES, string>, searched: [...dirs] };
    }
  }
  return { dir: null, files: null, searched: [...dirs] };
}

/**
 * The variants of W2 / W3, or one line saying why the workload is skipped when the data is absent.
 * @example fashionVariants(locateFashionMnist(['/nowhere']), () => [])[0]?.cannotRun // 'Fashion-MNIST not found …'
 */
export function fashionVariants(found: FashionFiles, variants: () => Variant[]): Variant[] {
  if (found.dir !== null) return variants();
  const reason =
    `Fashion-MNIST not found (looked in ${found.searched.join(', ')}); ` +
    'sudo apt-get install dataset-fashion-mnist, then run again';
  return [{ impl: 'neurite', label: 'all variants', cannotRun: reason }];
}

/** Flat float32 images (pixels / 255, 784 per image) and int32 labels of both splits. */
export interface FashionArrays {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xTest: Float32Array;
  yTest: Int32Array;
}

/** Read the files through neurite/node's `loadFashionMnist` (its parser, its checks). */
export function fashionArrays(nn: Neurite, found: FashionFiles): FashionArrays {
  if (found.dir === null) throw new Error('Fashion-MNIST not found');
  const { train, test } = nn.loadFashionMnist({ dir: found.dir });
  return {
    xTrain: train.x.data as Float32Array,
    yTrain: train.y.data as Int32Array,
    xTest: test.x.data as Float32Array,
    yTest: test.y.data as Int32Array,
  };
}

/** Pixels per image. */
export const PIXELS = 28 * 28;
/** Test images scored per forward pass. */
const EVAL_CHUNK = 1000;
const BATCH = 64;
const LR = 1e-3;

/** What W2 and W3 share: the first `n` training images, the shape of one image, batch 64, Adam 1e-3. */
export interface ClassifierTask {
  data: FashionArrays;
  /** Training images used (the first n: 60,000 for W2, 10,000 for W3). */
  n: number;
  /** One image's shape as the model takes it: [784], [1, 28, 28] (NCHW) or [28, 28, 1] (NHWC). */
  image: number[];
}

type NeuriteModel = InstanceType<Neurite['Sequential']>;
type TfjsModel = ReturnType<Tfjs['sequential']>;
type TfTensor = ReturnType<Tfjs['tensor']>;

/**
 * neurite: a fresh model from `build` (Glorot-uniform kernels, zero biases), trained on the first
 * `units` images with a plain loop (batches, crossEntropy, Adam), as a user writes it; then scored
 * on the test images.
 */
export function neuriteClassifier(
  nn: Neurite,
  { data, n, image }: ClassifierTask,
  build: (rng: InstanceType<Neurite['Rng']>) => NeuriteModel,
): Trainer {
  const x = nn.tensor(data.xTrain.subarray(0, n * PIXELS), { shape: [n, ...image] });
  const y = nn.tensor(data.yTrain.subarray(0, n), { shape: [n] });
  const xTest = nn.tensor(data.xTest, { shape: [data.yTest.length, ...image] });
  return async (seed, units) => {
    const rng = new nn.Rng(seed);
    const model = build(rng);
    glorot(nn, model, rng);
    const optimizer = new nn.Adam(model.parameters(), { lr: LR });
    const part = { x: x.slice(0, 0, units), y: y.slice(0, 0, units) };
    const t0 = now();
    for (const batch of nn.batches(part, { batchSize: BATCH, shuffle: true, rng })) {
      const loss = nn.crossEntropy(model.forward(batch.x), batch.y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
    const ms = now() - t0;
    const score = () => {
      const predicted = new Int32Array(data.yTest.length);
      nn.noGrad(() => {
        for (const [a, b] of chunks(predicted.length, EVAL_CHUNK)) {
          predicted.set(nn.argmax(model.forward(xTest.slice(0, a, b)), 1).data, a);
        }
      });
      return { accuracy: accuracyOf(predicted, data.yTest) };
    };
    return { ms, score };
  };
}

/**
 * TensorFlow.js: a fresh tf.sequential model from `build(seed)` (softmax output), compiled with
 * Adam and categorical cross-entropy and trained with model.fit, as a tfjs user writes it.
 */
export function tfjsClassifier(
  tf: Tfjs,
  { data, n, image }: ClassifierTask,
  build: (seed: number) => TfjsModel,
): Trainer {
  const x = tf.tensor(data.xTrain.subarray(0, n * PIXELS), [n, ...image]);
  const y = tf.oneHot(tf.tensor1d(data.yTrain.subarray(0, n), 'int32'), 10).toFloat();
  const xTest = tf.tensor(data.xTest, [data.yTest.length, ...image]);
  return async (seed, units) => {
    const model = build(seed);
    model.compile({ optimizer: tf.train.adam(LR), loss: 'categoricalCrossentropy' });
    const [xs, ys] = [x.slice(0, units), y.slice(0, units)];
    const t0 = now();
    await model.fit(xs, ys, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
    const ms = now() - t0;
    tf.dispose([xs, ys]);
    const score = () => {
      const predicted = new Int32Array(data.yTest.length);
      for (const [a, b] of chunks(predicted.length, EVAL_CHUNK)) {
        tf.tidy(() => {
          const out = model.predict(xTest.slice(a, b - a)) as TfTensor;
          predicted.set(out.argMax(-1).dataSync() as Int32Array, a);
        });
      }
      model.dispose();
      return { accuracy: accuracyOf(predicted, data.yTest) };
    };
    return { ms, score };
  };
}
