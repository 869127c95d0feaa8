/**
 * W1 iris MLP: 4 → Dense 16 ReLU → Dense 3 (softmax), cross-entropy, Adam lr 0.01, batch 20
 * (5 updates per epoch), 200 epochs, reshuffled every epoch; Glorot-uniform kernels and zero
 * biases. Data: neurite's `loadIris()`, a stratified 100 / 50 split (seed 0), standardized with the
 * training rows' mean and population std; every peer reads the same split from one JSON file.
 * Only the training loop is timed; 3 runs (fresh model each, seeds 1, 2, 3), median of each figure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../lib/cli.js';
import { importNeurite, loadNeurite, type Neurite } from '../lib/neurite.js';
import { median } from '../lib/stats.js';
import { loadTfjs, type Tfjs } from '../lib/tfjs.js';
import { now } from '../lib/timing.js';
import type { ChildResult, Measurement, Variant } from '../lib/types.js';
import {
  type BenchEnv,
  neuriteVariants,
  type RunOptions,
  tfjsVariants,
  torchVariants,
  type Workload,
} from './workload.js';

const EPOCHS = 200;
const BATCH = 20;
const LR = 0.01;
const RUNS = 3;
const CASE = `train ${EPOCHS} epochs`;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The shared data file's contents. */
export interface IrisSplit {
  xTrain: number[][];
  yTrain: number[];
  xTest: number[][];
  yTest: number[];
}

/** One training run's figures. */
interface RunFigures {
  ms: number;
  accuracy: number;
  loss: number;
}

/** Train `runs` fresh models; the medians become the row (ms, plus accuracy, ms/epoch, final loss). */
async function repeat(runs: number, once: (seed: number) => Promise<RunFigures>): Promise<Measurement[]> {
  const figures: RunFigures[] = [];
  for (let seed = 1; seed <= runs; seed++) figures.push(await once(seed));
  const ms = median(figures.map((f) => f.ms));
  const extra = {
    'ms/epoch': ms / EPOCHS,
    accuracy: median(figures.map((f) => f.accuracy)),
    'final loss': median(figures.map((f) => f.loss)),
  };
  return [{ case: CASE, value: ms, unit: 'ms', better: 'lower', extra, samples: figures.map((f) => f.ms) }];
}

/** The 100 / 50 split as plain arrays (written once by the parent, read by every peer). */
async function prepareData(): Promise<IrisSplit> {
  const nn = await importNeurite();
  const { x, y } = nn.loadIris();
  const split = nn.trainTestSplit(x, y, { testSize: 50, stratify: true, rng: new nn.Rng(0) });
  const scaler = new nn.StandardScaler().fit(split.xTrain);
  return {
    xTrain: scaler.transform(split.xTrain).toArray() as number[][],
    yTrain: Array.from(split.yTrain.data, Number),
    xTest: scaler.transform(split.xTest).toArray() as number[][],
    yTest: Array.from(split.yTest.data, Number),
  };
}

/** neurite: the explicit loop of examples/iris.ts, or fit(), on the same model and recipe. */
function neuriteRun(nn: Neurite, data: IrisSplit, mode: string) {
  const x = nn.tensor(data.xTrain);
  const y = nn.tensor(data.yTrain, { dtype: 'int32' });
  const xTest = nn.tensor(data.xTest);
  return async (seed: number): Promise<RunFigures> => {
    const rng = new nn.Rng(seed);
    const l1 = new nn.Linear(4, 16, { rng });
    const l2 = new nn.Linear(16, 3, { rng });
    for (const l of [l1, l2]) {
      nn.init.xavierUniform(l.weight, { rng }); // Glorot-uniform kernels, zero biases (the Keras default)
      nn.init.zeros(l.bias!);
    }
    const model = new nn.Sequential(l1, new nn.ReLU(), l2);
    const optimizer = new nn.Adam(model.parameters(), { lr: LR });
    let loss = Number.NaN;
    const t0 = now();
    if (mode === 'fit') {
      const history = await nn.fit(
        model,
        { x, y },
        { loss: 'crossEntropy', optimizer, epochs: EPOCHS, batchSize: BATCH, rng, verbose: 0 },
      );
      loss = history.epochs.at(-1)?.loss ?? Number.NaN;
    } else {
      for (let epoch = 0; epoch < EPOCHS; epoch++) {
        let total = 0;
        for (const batch of nn.batches({ x, y }, { batchSize: BATCH, shuffle: true, rng })) {
          const out = nn.crossEntropy(model.forward(batch.x), batch.y);
          optimizer.zeroGrad();
          out.backward();
          optimizer.step();
          total += out.item() * batch.indices.length;
        }
        loss = total / data.yTrain.length;
      }
    }
    const ms = now() - t0;
    const predicted = nn.noGrad(() => nn.argmax(model.forward(xTest), 1)).data;
    return { ms, accuracy: accuracyOf(predicted, data.yTest), loss };
  };
}

/** tfjs: a tf.sequential model trained with model.fit, as a tfjs user writes it. */
function tfjsRun(tf: Tfjs, data: IrisSplit) {
  const x = tf.tensor2d(data.xTrain, undefined, 'float32');
  const y = tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), 3).toFloat();
  const xTest = tf.tensor2d(data.xTest, undefined, 'float32');
  return async (seed: number): Promise<RunFigures> => {
    const dense = (units: number, activation: 'relu' | 'softmax', s: number, inputShape?: number[]) =>
      tf.layers.dense({
        units,
        activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: s }),
        biasInitializer: 'zeros',
        ...(inputShape ? { inputShape } : {}),
      });
    const model = tf.sequential({ layers: [dense(16, 'relu', seed, [4]), dense(3, 'softmax', seed + 1000)] });
    model.compile({ optimizer: tf.train.adam(LR), loss: 'categoricalCrossentropy' });
    const t0 = now();
    const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, shuffle: true, verbose: 0 });
    const ms = now() - t0;
    const losses = history.history.loss as number[];
    const predicted = tf.tidy(() => (model.predict(xTest) as ReturnType<Tfjs['tensor']>).argMax(-1).dataSync());
    model.dispose();
    return { ms, accuracy: accuracyOf(predicted, data.yTest), loss: losses.at(-1) ?? Number.NaN };
  };
}

/**
 * The CLI's default run, `neurite train iris --json` (its own seed-1 split, default backend), one
 * process per run; `trainSeconds` is its own measure of the training loop (fit with the progress
 * display). The issue compares it with TensorFlow.js's W1 time. What runs is the `neurite` bin as
 * the build makes it (scripts/bundle-cli.mjs), bundled from the current sources into .tmp/cli/.
 */
function cliRun(): (seed: number) => Promise<RunFigures> {
  const bin = bundleCli(ROOT);
  return async () => {
    const r = spawnSync(process.execPath, [bin, 'train', 'iris', '--json'], { cwd: ROOT, encoding: 'utf8' });
    const last = r.stdout?.trim().split('\n').at(-1) ?? '';
    if (r.status !== 0 || !last.startsWith('{')) throw new Error(`neurite train iris failed: ${r.stderr}`);
    const result = JSON.parse(last) as { trainSeconds: number; testAccuracy: number; trainLoss: number | null };
    return { ms: result.trainSeconds * 1000, accuracy: result.testAccuracy, loss: result.trainLoss ?? Number.NaN };
  };
}

function accuracyOf(predicted: ArrayLike<number | bigint>, truth: readonly number[]): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (Number(predicted[i]) === truth[i]) hits++;
  return hits / truth.length;
}

/** W1, see the file comment. */
export const w1: Workload = {
  id: 'W1',
  title: `iris MLP 4→16 ReLU→3, Adam ${LR}, batch ${BATCH}, ${EPOCHS} epochs (training loop only; 3 runs, median)`,
  prepareData,
  variants: (env: BenchEnv) => [
    ...neuriteVariants(env, { mode: 'loop' }),
    ...neuriteVariants(env, { mode: 'fit', secondary: true }),
    { impl: 'neurite', label: 'neurite CLI train iris', mode: 'cli', secondary: true },
    ...tfjsVariants(env, { mode: 'fit' }),
    ...torchVariants(env, 'torch_w1.py'),
    ...(env.skip.includes('sklearn')
      ? []
      : [{ impl: 'sklearn' as const, label: 'sklearn MLP (float64)', threads: 1, script: 'sklearn_w1.py' }]),
  ],
  async run(variant: Variant, { runs, data }: RunOptions): Promise<ChildResult> {
    const split = data as IrisSplit;
    if (variant.mode === 'cli')
      return { measurements: await repeat(runs ?? RUNS, cliRun()), info: { split: 'seed 1 (CLI)' } };
    if (variant.impl === 'neurite') {
      const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
      return { measurements: await repeat(runs ?? RUNS, neuriteRun(nn, split, variant.mode ?? 'loop')), info };
    }
    const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
    return { measurements: await repeat(runs ?? RUNS, tfjsRun(tf, split)), info };
  },
};
