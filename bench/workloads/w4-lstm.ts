/**
 * W4 LSTM sequence regression: 2,000 noisy sine windows (frequency U(0.02, 0.12) cycles/step, phase
 * U(0, 2π), noise N(0, 0.05²); neurite's `sineWaves`, seed 4, shared with every peer), input the
 * first 32 steps (1 feature), target step 33. LSTM(hidden 32) → last hidden state → Dense 1.
 * Keras init: input kernel Glorot-uniform, recurrent kernel orthogonal, biases 0, forget-gate bias
 * 1. MSE, Adam lr 1e-3, batch 32 (63 updates per epoch), 5 epochs, shuffled. Figure: samples/s
 * (2,000 × 5 / training time); also the final training MSE over all 2,000 windows (the noise alone
 * gives ~0.0025). neurite: a small Module (LSTM + Linear) and a plain loop; TensorFlow.js:
 * tf.layers.lstm + model.fit; PyTorch: bench/peers/torch_w4.py.
 */
import { decodeF32, encodeF32 } from '../lib/f32.js';
import { importNeurite, loadNeurite, type Neurite } from '../lib/neurite.js';
import { loadTfjs, type Tfjs } from '../lib/tfjs.js';
import { now } from '../lib/timing.js';
import type { ChildResult, Variant } from '../lib/types.js';
import { measureTraining, type Trainer, type TrainingPlan, trainingVariants } from './training.js';
import { type BenchEnv, type RunOptions, tfjsVariants, torchVariants, type Workload } from './workload.js';

const WINDOWS = 2000;
const STEPS = 32;
const HIDDEN = 32;
const BATCH = 32;
const EPOCHS = 5;
const LR = 1e-3;
const RUNS = 3;

/** The shared data file: `windows` rows of 33 float32 values (32 inputs, then the target), base64. */
export interface SineData {
  windows: number;
  length: number;
  values: string;
}

/** How W4 is measured: units are epochs (see training.ts). */
export const W4_PLAN: TrainingPlan = {
  case: `train ${EPOCHS} epochs, ${WINDOWS.toLocaleString('en-US')} windows`,
  full: EPOCHS,
  granule: 1,
  probe: 1,
  unit: 'samples/s',
  perUnit: WINDOWS,
  what: 'epochs',
};

/** The windows every peer trains on (written once by the parent). */
export async function sineData(windows = WINDOWS): Promise<SineData> {
  const nn = await importNeurite();
  const waves = nn.sineWaves({ n: windows, length: STEPS + 1, noise: 0.05, freq: [0.02, 0.12], seed: 4 });
  return { windows, length: STEPS + 1, values: encodeF32(waves.data as Float32Array) };
}

type Rng = InstanceType<Neurite['Rng']>;
type Tensor = InstanceType<Neurite['Tensor']>;

/** neurite's model, as a user writes it: an LSTM and a Linear head on its last hidden state. */
export function neuriteSineModel(nn: Neurite, rng: Rng) {
  class SineLstm extends nn.Module<[Tensor], Tensor> {
    lstm = new nn.LSTM(1, HIDDEN, { rng });
    head = new nn.Linear(HIDDEN, 1, { rng });

    forward(x: Tensor): Tensor {
      const { h } = this.lstm.forward(x); // the last step's hidden state, [1, N, H]
      return this.head.forward(h.squeeze(0));
    }
  }
  const model = new SineLstm();
  // Keras' LSTM init: Glorot-uniform input kernel, orthogonal recurrent kernel, zero biases with
  // the forget gate's at 1 (gates i, f, g, o: rows H..2H).
  const { lstm, head } = model;
  nn.init.xavierUniform(lstm.weightIhL0, { rng });
  nn.init.orthogonal(lstm.weightHhL0, { rng });
  nn.init.zeros(lstm.biasIhL0!);
  nn.init.zeros(lstm.biasHhL0!);
  lstm.biasIhL0!.data.fill(1, HIDDEN, 2 * HIDDEN);
  nn.init.xavierUniform(head.weight, { rng });
  nn.init.zeros(head.bias!);
  return model;
}

/** neurite: the model above, Adam and a plain loop over shuffled batches; units = epochs. */
export function neuriteLstm(nn: Neurite, data: SineData): Trainer {
  const waves = nn.tensor(decodeF32(data.values), { shape: [data.windows, data.length] });
  const x = waves.slice(1, 0, STEPS).unsqueeze(2); // [N, 32, 1]
  const y = waves.slice(1, STEPS, STEPS + 1); // [N, 1]
  return async (seed, epochs) => {
    const rng = new nn.Rng(seed);
    const model = neuriteSineModel(nn, rng);
    const optimizer = new nn.Adam(model.parameters(), { lr: LR });
    const t0 = now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const batch of nn.batches({ x, y }, { batchSize: BATCH, shuffle: true, rng })) {
        const loss = nn.mseLoss(model.forward(batch.x), batch.y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
      }
    }
    const ms = now() - t0;
    return { ms, score: () => ({ 'final MSE': nn.noGrad(() => nn.mseLoss(model.forward(x), y).item()) }) };
  };
}

/** TensorFlow.js: tf.layers.lstm (forget bias 1, sigmoid gates: the same LSTM) + dense, trained with model.fit. */
function tfjsLstm(tf: Tfjs, data: SineData): Trainer {
  const waves = tf.tensor2d(decodeF32(data.values), [data.windows, data.length]);
  const x = waves.slice([0, 0], [data.windows, STEPS]).expandDims(2);
  const y = waves.slice([0, STEPS], [data.windows, 1]);
  return async (seed, epochs) => {
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({
          units: HIDDEN,
          inputShape: [STEPS, 1],
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
          recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: seed + 1000 }),
          biasInitializer: 'zeros',
          unitForgetBias: true, // tfjs's default is false (Keras' is true)
          recurrentActivation: 'sigmoid', // tfjs's default is hardSigmoid: not the LSTM of neurite and PyTorch
        }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2000 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(LR), loss: 'meanSquaredError' });
    const t0 = now();
    await model.fit(x, y, { epochs, batchSize: BATCH, shuffle: true, verbose: 0 });
    const ms = now() - t0;
    const score = () => {
      const mse = tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x) as typeof y).dataSync()[0]!);
      model.dispose();
      return { 'final MSE': mse };
    };
    return { ms, score };
  };
}

/** W4, see the file comment. */
export const w4: Workload = {
  id: 'W4',
  title: `LSTM(32) on ${WINDOWS.toLocaleString('en-US')} sine windows of ${STEPS} steps → Dense 1, MSE, Adam ${LR}, batch ${BATCH}, ${EPOCHS} epochs (samples/s; ${RUNS} runs, median)`,
  prepareData: async () => ({ ...(await sineData()), plan: W4_PLAN }), // the plan: for the Python peers
  variants: (env: BenchEnv) => [
    ...trainingVariants(env),
    ...tfjsVariants(env, { mode: 'fit' }),
    ...torchVariants(env, 'torch_w4.py'),
  ],
  async run(variant: Variant, { runs, data }: RunOptions): Promise<ChildResult> {
    const sine = data as SineData;
    if (variant.impl === 'neurite') {
      const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
      return { measurements: await measureTraining(neuriteLstm(nn, sine), W4_PLAN, runs ?? RUNS), info };
    }
    const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
    return { measurements: await measureTraining(tfjsLstm(tf, sine), W4_PLAN, runs ?? RUNS), info };
  },
};
