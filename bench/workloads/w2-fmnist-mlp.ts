/**
 * W2 Fashion-MNIST MLP: 784 → Dense 256 ReLU → Dense 10 (softmax), cross-entropy, Adam lr 1e-3,
 * batch 64, one epoch over the 60,000 training images (938 updates), shuffled; Glorot-uniform
 * kernels, zero biases. Figure: training samples/s; also the test accuracy on the 10,000 test
 * images. neurite: an explicit loop (fmnist.ts); TensorFlow.js: model.fit; PyTorch:
 * bench/peers/torch_w2.py. A variant too slow for the time budget trains on the first N images
 * (stated in the table).
 */
import { importNeurite, loadNeurite, type Neurite } from '../lib/neurite.js';
import { loadTfjs, type Tfjs } from '../lib/tfjs.js';
import type { ChildResult, Variant } from '../lib/types.js';
import {
  type ClassifierTask,
  type FashionFiles,
  fashionArrays,
  fashionVariants,
  locateFashionMnist,
  neuriteClassifier,
  PIXELS,
  tfjsClassifier,
} from './fmnist.js';
import { measureTraining, type TrainingPlan, trainingVariants } from './training.js';
import { type BenchEnv, type RunOptions, tfjsVariants, torchVariants, type Workload } from './workload.js';

const TRAIN = 60_000;
const RUNS = 3;

/** How W2 is measured (see training.ts). */
export const W2_PLAN: TrainingPlan = {
  case: `train 1 epoch, ${TRAIN.toLocaleString('en-US')} images`,
  full: TRAIN,
  granule: 64,
  probe: 640,
  unit: 'samples/s',
  perUnit: 1,
  what: 'images',
};

/** neurite's model: Sequential(Linear 784 → 256, ReLU, Linear 256 → 10). */
export function neuriteMlp(nn: Neurite, rng: InstanceType<Neurite['Rng']>) {
  return new nn.Sequential(new nn.Linear(PIXELS, 256, { rng }), new nn.ReLU(), new nn.Linear(256, 10, { rng }));
}

/** TensorFlow.js's model: dense 256 ReLU, dense 10 softmax, Glorot-uniform kernels seeded from `seed`. */
function tfjsMlp(tf: Tfjs, seed: number) {
  const init = (s: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed: s }),
    biasInitializer: 'zeros' as const,
  });
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 256, activation: 'relu', inputShape: [PIXELS], ...init(seed) }),
      tf.layers.dense({ units: 10, activation: 'softmax', ...init(seed + 1000) }),
    ],
  });
}

/** W2, see the file comment. */
export const w2: Workload = {
  id: 'W2',
  title: 'Fashion-MNIST MLP 784→256 ReLU→10, Adam 1e-3, batch 64, 1 epoch of 60,000 (samples/s; 3 runs, median)',
  prepareData: () => ({ ...locateFashionMnist(), plan: W2_PLAN }), // the plan: for the Python peers
  variants: (env: BenchEnv) =>
    fashionVariants(locateFashionMnist(), () => [
      ...trainingVariants(env),
      ...tfjsVariants(env, { mode: 'fit' }),
      ...torchVariants(env, 'torch_w2.py'),
    ]),
  async run(variant: Variant, { runs, data }: RunOptions): Promise<ChildResult> {
    const found = data as FashionFiles;
    if (variant.impl === 'neurite') {
      const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
      const task: ClassifierTask = { data: fashionArrays(nn, found), n: TRAIN, image: [PIXELS] };
      const train = neuriteClassifier(nn, task, (rng) => neuriteMlp(nn, rng));
      return { measurements: await measureTraining(train, W2_PLAN, runs ?? RUNS), info };
    }
    const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
    const task: ClassifierTask = { data: fashionArrays(await importNeurite(), found), n: TRAIN, image: [PIXELS] };
    const train = tfjsClassifier(tf, task, (seed) => tfjsMlp(tf, seed));
    return { measurements: await measureTraining(train, W2_PLAN, runs ?? RUNS), info };
  },
};
