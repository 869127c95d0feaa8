/**
 * W3 Fashion-MNIST CNN (LeNet-like): Conv 5×5 8 filters 'same' ReLU → MaxPool 2×2 → Conv 5×5 16
 * filters 'same' ReLU → MaxPool 2×2 → Flatten (16·7·7 = 784) → Dense 10 (softmax); cross-entropy,
 * Adam lr 1e-3, batch 64, one epoch over the FIRST 10,000 training images (157 updates), shuffled;
 * Glorot-uniform kernels, zero biases. Figure: training samples/s; also the test accuracy on the
 * 10,000 test images. Images are NCHW for neurite and PyTorch, NHWC for TensorFlow.js (the same
 * bytes: one channel). TensorFlow.js's wasm backend cannot train it (it has no
 * Conv2DBackpropFilter kernel), so that variant is listed as unable to run.
 */
import { importNeurite, loadNeurite, type Neurite } from '../lib/neurite.js';
import { loadTfjs, type Tfjs } from '../lib/tfjs.js';
import type { ChildResult, Variant } from '../lib/types.js';
import {
  type FashionFiles,
  fashionArrays,
  fashionVariants,
  locateFashionMnist,
  neuriteClassifier,
  tfjsClassifier,
} from './fmnist.js';
import { measureTraining, type TrainingPlan, trainingVariants } from './training.js';
import { type BenchEnv, type RunOptions, tfjsVariants, torchVariants, type Workload } from './workload.js';

const TRAIN = 10_000;
const RUNS = 3;

/** Why tfjs-backend-wasm 4.22 cannot train W3 (test/bench checks that the kernel is still missing). */
export const TFJS_WASM_CNN =
  'cannot run: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so it cannot train a convolution';

/** How W3 is measured (see training.ts). */
export const W3_PLAN: TrainingPlan = {
  case: `train 1 epoch, first ${TRAIN.toLocaleString('en-US')} images`,
  full: TRAIN,
  granule: 64,
  probe: 128,
  unit: 'samples/s',
  perUnit: 1,
  what: 'images',
};

/** neurite's model: Sequential of Conv2d, ReLU, MaxPool2d, Flatten and Linear (NCHW). */
export function neuriteCnn(nn: Neurite, rng: InstanceType<Neurite['Rng']>) {
  return new nn.Sequential(
    new nn.Conv2d(1, 8, 5, { padding: 'same', rng }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 5, { padding: 'same', rng }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(16 * 7 * 7, 10, { rng }),
  );
}

/** TensorFlow.js's model (NHWC): conv2d, maxPooling2d, flatten, dense softmax; Glorot-uniform from `seed`. */
function tfjsCnn(tf: Tfjs, seed: number) {
  const init = (s: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed: s }),
    biasInitializer: 'zeros' as const,
  });
  const conv = (filters: number, s: number) =>
    tf.layers.conv2d({ filters, kernelSize: 5, padding: 'same', activation: 'relu', ...init(s) });
  return tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [28, 28, 1] }),
      conv(8, seed),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      conv(16, seed + 1000),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', ...init(seed + 2000) }),
    ],
  });
}

/** W3, see the file comment. */
export const w3: Workload = {
  id: 'W3',
  title:
    'Fashion-MNIST CNN conv5×5·8→pool→conv5×5·16→pool→10, Adam 1e-3, batch 64, first 10,000 images (samples/s; 3 runs, median)',
  prepareData: () => ({ ...locateFashionMnist(), plan: W3_PLAN }), // the plan: for the Python peers
  variants: (env: BenchEnv) =>
    fashionVariants(locateFashionMnist(), () => [
      ...trainingVariants(env),
      ...tfjsVariants(env, { mode: 'fit' }).map((v) => (v.backend === 'wasm' ? { ...v, cannotRun: TFJS_WASM_CNN } : v)),
      ...torchVariants(env, 'torch_w3.py'),
    ]),
  async run(variant: Variant, { runs, data }: RunOptions): Promise<ChildResult> {
    const found = data as FashionFiles;
    if (variant.impl === 'neurite') {
      const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
      const train = neuriteClassifier(nn, { data: fashionArrays(nn, found), n: TRAIN, image: [1, 28, 28] }, (rng) =>
        neuriteCnn(nn, rng),
      );
      return { measurements: await measureTraining(train, W3_PLAN, runs ?? RUNS), info };
    }
    const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
    const data28 = fashionArrays(await importNeurite(), found);
    const train = tfjsClassifier(tf, { data: data28, n: TRAIN, image: [28, 28, 1] }, (seed) => tfjsCnn(tf, seed));
    return { measurements: await measureTraining(train, W3_PLAN, runs ?? RUNS), info };
  },
};
