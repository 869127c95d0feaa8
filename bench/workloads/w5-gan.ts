/**
 * W5 GAN on 2-D points: real data = 2,000 batches of 128 points from 8 Gaussians on a circle of
 * radius 2 (angles 2πk/8, std 0.02; neurite's `gaussianRing`, seed 5, shared with every peer);
 * step s uses batch s. G: z ~ N(0, I₂) → Dense 64 ReLU → Dense 64 ReLU → Dense 2; D: 2 → Dense 64
 * ReLU → Dense 64 ReLU → Dense 1 logit, binary cross-entropy from the logit. Each step: a D update
 * on 128 real (label 1) + 128 fresh fakes (label 0, no gradient into G), then a G update on 128 new
 * z with the non-saturating loss. Adam lr 1e-3, betas (0.5, 0.999) for both; 2,000 steps.
 * Figure: steps/s; also, of 2,000 generated points, the modes covered (≥ 1% of the points within
 * 0.1 of the centre) and the fraction within 0.1 of any centre. neurite: `trainGan`; TensorFlow.js:
 * optimizer.minimize with explicit variable lists; PyTorch: bench/peers/torch_w5.py.
 */
import { decodeF32, encodeF32 } from '../lib/f32.js';
import { importNeurite, loadNeurite, type Neurite } from '../lib/neurite.js';
import { loadTfjs, type Tfjs } from '../lib/tfjs.js';
import { now } from '../lib/timing.js';
import type { ChildResult, Variant } from '../lib/types.js';
import { glorot, measureTraining, type Trainer, type TrainingPlan, trainingVariants } from './training.js';
import { type BenchEnv, type RunOptions, tfjsVariants, torchVariants, type Workload } from './workload.js';

const STEPS = 2000;
const BATCH = 128;
const HIDDEN = 64;
const POINTS = 2000;
const RUNS = 3;

/** The shared data file: `steps` batches of `batch` 2-D points, float32, base64. */
export interface RingData {
  steps: number;
  batch: number;
  values: string;
}

/** How W5 is measured: units are steps (see training.ts). */
export const W5_PLAN: TrainingPlan = {
  case: `train ${STEPS.toLocaleString('en-US')} steps, batch ${BATCH}`,
  full: STEPS,
  granule: 1,
  probe: 100,
  unit: 'steps/s',
  perUnit: 1,
  what: 'steps',
};

/** The real batches every peer trains on (written once by the parent). */
export async function ringData(steps = STEPS): Promise<RingData> {
  const nn = await importNeurite();
  const { x } = nn.gaussianRing({ n: steps * BATCH, modes: 8, radius: 2, std: 0.02, seed: 5 });
  return { steps, batch: BATCH, values: encodeF32(x.data as Float32Array) };
}

/** Modes covered and the fraction near some centre, of 2,000 points (neurite's `modeCoverage`). */
function coverage(nn: Neurite, points: Float32Array) {
  const { centres } = nn.gaussianRing({ n: 0 });
  const c = nn.modeCoverage(nn.tensor(points, { shape: [points.length / 2, 2] }), centres);
  return { modes: c.modesCovered, 'near modes': c.fractionNearModes };
}

/** neurite: two Sequential MLPs trained by `trainGan`, as a user writes it. */
export function neuriteGan(nn: Neurite, data: RingData): Trainer {
  const values = decodeF32(data.values);
  const reals = Array.from({ length: data.steps }, (_, s) =>
    nn.tensor(values.subarray(s * data.batch * 2, (s + 1) * data.batch * 2), { shape: [data.batch, 2] }),
  );
  return async (seed, steps) => {
    const rng = new nn.Rng(seed);
    const mlp = (out: number) =>
      new nn.Sequential(
        new nn.Linear(2, HIDDEN, { rng }),
        new nn.ReLU(),
        new nn.Linear(HIDDEN, HIDDEN, { rng }),
        new nn.ReLU(),
        new nn.Linear(HIDDEN, out, { rng }),
      );
    const [generator, discriminator] = [mlp(2), mlp(1)];
    glorot(nn, generator, rng);
    glorot(nn, discriminator, rng);
    const adam = (m: typeof generator) => new nn.Adam(m.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
    const t0 = now();
    await nn.trainGan({
      generator,
      discriminator,
      gOptimizer: adam(generator),
      dOptimizer: adam(discriminator),
      data: (step) => reals[step - 1]!, // step s uses batch s
      noise: { dim: 2 },
      batchSize: BATCH,
      steps,
      rng,
      verbose: 0,
    });
    const ms = now() - t0;
    const score = () => coverage(nn, nn.sample(generator, POINTS, { noise: { dim: 2 }, seed }).data as Float32Array);
    return { ms, score };
  };
}

/** TensorFlow.js: two tf.sequential MLPs, each step two optimizer.minimize calls with explicit variables. */
function tfjsGan(tf: Tfjs, nn: Neurite, data: RingData): Trainer {
  const real = tf.tensor2d(decodeF32(data.values), [data.steps * data.batch, 2]);
  const ones = tf.ones([BATCH, 1]);
  const zeros = tf.zeros([BATCH, 1]);
  return async (seed, steps) => {
    const mlp = (out: number, s: number) => {
      const dense = (units: number, k: number, extra: object = {}) =>
        tf.layers.dense({ units, kernelInitializer: tf.initializers.glorotUniform({ seed: s + k }), ...extra });
      return tf.sequential({
        layers: [
          dense(HIDDEN, 0, { activation: 'relu', inputShape: [2] }),
          dense(HIDDEN, 1, { activation: 'relu' }),
          dense(out, 2),
        ],
      });
    };
    const [g, d] = [mlp(2, seed * 10), mlp(1, seed * 10 + 5)];
    const vars = (m: typeof g) => m.trainableWeights.map((w) => w.read() as ReturnType<Tfjs['variable']>);
    const [gVars, dVars] = [vars(g), vars(d)];
    const gOpt = tf.train.adam(1e-3, 0.5, 0.999);
    const dOpt = tf.train.adam(1e-3, 0.5, 0.999);
    const apply = (m: typeof g, x: ReturnType<Tfjs['tensor']>) => m.apply(x) as ReturnType<Tfjs['tensor']>;
    const t0 = now();
    for (let s = 0; s < steps; s++) {
      tf.tidy(() => {
        const batch = real.slice([s * BATCH, 0], [BATCH, 2]);
        const fake = apply(g, tf.randomNormal([BATCH, 2])); // outside minimize: no gradient into G
        dOpt.minimize(
          () =>
            tf.add(
              tf.losses.sigmoidCrossEntropy(ones, apply(d, batch)),
              tf.losses.sigmoidCrossEntropy(zeros, apply(d, fake)),
            ) as ReturnType<Tfjs['scalar']>,
          false,
          dVars,
        );
        gOpt.minimize(
          () =>
            tf.losses.sigmoidCrossEntropy(ones, apply(d, apply(g, tf.randomNormal([BATCH, 2])))) as ReturnType<
              Tfjs['scalar']
            >,
          false,
          gVars,
        );
      });
    }
    const ms = now() - t0;
    gOpt.dispose();
    dOpt.dispose();
    const score = () => {
      const points = tf.tidy(() => apply(g, tf.randomNormal([POINTS, 2])).dataSync() as Float32Array);
      g.dispose();
      d.dispose();
      return coverage(nn, points);
    };
    return { ms, score };
  };
}

/** W5, see the file comment. */
export const w5: Workload = {
  id: 'W5',
  title: `GAN on the 8-Gaussian ring, G and D 64-64 ReLU MLPs, Adam 1e-3 (0.5, 0.999), batch ${BATCH}, ${STEPS.toLocaleString('en-US')} steps (steps/s; ${RUNS} runs, median)`,
  prepareData: async () => ({ ...(await ringData()), plan: W5_PLAN }), // the plan: for the Python peers
  variants: (env: BenchEnv) => [
    ...trainingVariants(env),
    ...tfjsVariants(env, { mode: 'minimize' }),
    ...torchVariants(env, 'torch_w5.py'),
  ],
  async run(variant: Variant, { runs, data }: RunOptions): Promise<ChildResult> {
    const ring = data as RingData;
    if (variant.impl === 'neurite') {
      const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
      return { measurements: await measureTraining(neuriteGan(nn, ring), W5_PLAN, runs ?? RUNS), info };
    }
    const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
    return {
      measurements: await measureTraining(tfjsGan(tf, await importNeurite(), ring), W5_PLAN, runs ?? RUNS),
      info,
    };
  },
};
