/**
 * One step of GAN training, in its two updates (the heart of `trainGan`, usable on its own):
 * `discriminatorStep` moves D towards telling real from generated samples, `generatorStep` moves G
 * towards fooling D, and `ganStep` does `dSteps` of the first, then one of the second.
 */
import { noGrad } from '../autograd.js';
import type { AnyOptimizer } from '../optim/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { discriminatorLoss, type GanLoss, generatorLoss, meanVerdict } from './gan-losses.js';
import { type NoiseOptions, sampleNoise } from './gan-sample.js';
import type { Model } from './loop.js';

/** The two networks of a GAN and their optimizers (each over its own network's parameters). */
export interface GanPlayers {
  /** G: noise `[B, noise.dim]` → samples shaped like the real ones. */
  generator: Model;
  /** D: samples → one raw score (a logit) per sample, `[B, 1]`. */
  discriminator: Model;
  /** Updates the generator's parameters (only them). */
  gOptimizer: AnyOptimizer;
  /** Updates the discriminator's parameters (only them). */
  dOptimizer: AnyOptimizer;
}

/** Options of the two update functions. */
export interface GanStepOptions {
  loss?: GanLoss;
  /** D's target for real samples is 1 − labelSmoothing (D's update only). */
  labelSmoothing?: number;
}

/**
 * One update of the discriminator: score a real batch and generated samples G(z), and move D
 * towards calling the first real and the second fake. G runs with the tape off, so its samples are
 * detached and no gradient reaches G's parameters.
 * @param real `[B, ...]`; @param z noise `[B', dim]`.
 * @returns D's loss and its mean verdicts on both batches, all before the update.
 * @example
 * import { Rng, sampleNoise } from 'neurite';
 * const d = discriminatorStep(generator, discriminator, dOptimizer, realBatch, sampleNoise(64, { dim: 2 }, new Rng(1)));
 * d.loss; // about 1.386 (2 ln 2) while D cannot tell real from fake
 */
export function discriminatorStep(
  generator: Model,
  discriminator: Model,
  dOptimizer: AnyOptimizer,
  real: Tensor,
  z: Tensor,
  { loss = 'nonSaturating', labelSmoothing = 0 }: GanStepOptions = {},
): { loss: number; real: number; fake: number } {
  const fake = noGrad(() => generator.forward(z)); // detached: D's loss cannot reach G's weights
  const realScores = discriminator.forward(real);
  const fakeScores = discriminator.forward(fake);
  const error = discriminatorLoss(realScores, fakeScores, loss, 1 - labelSmoothing);
  dOptimizer.zeroGrad();
  error.backward();
  dOptimizer.step();
  return { loss: error.item(), real: meanVerdict(realScores, loss), fake: meanVerdict(fakeScores, loss) };
}

/**
 * One update of the generator: generate G(z), let D score it, and move G towards "real". D's
 * parameters stop requiring gradients for the pass (as `requires_grad_(False)` in PyTorch), so
 * backward leaves their `.grad` untouched and D's weights stay as they are; their previous flags
 * are restored afterwards.
 * @param z noise `[B, dim]`. @returns G's loss before the update.
 * @example generatorStep(generator, discriminator, gOptimizer, sampleNoise(64, { dim: 2 }, rng)).loss
 */
export function generatorStep(
  generator: Model,
  discriminator: Model,
  gOptimizer: AnyOptimizer,
  z: Tensor,
  { loss = 'nonSaturating' }: GanStepOptions = {},
): { loss: number } {
  const dParams = discriminator.parameters();
  const flags = dParams.map((p) => p.requiresGrad);
  for (const p of dParams) p.requiresGrad = false;
  try {
    const error = generatorLoss(discriminator.forward(generator.forward(z)), loss);
    gOptimizer.zeroGrad();
    error.backward();
    gOptimizer.step();
    return { loss: error.item() };
  } finally {
    dParams.forEach((p, i) => {
      p.requiresGrad = flags[i] as boolean;
    });
  }
}

/** The values one GAN step reports (the discriminator's averaged over its updates). */
export interface GanStepValues {
  /** D's loss, before its update (the mean over its `dSteps` updates). */
  dLoss: number;
  /** G's loss, before its update. */
  gLoss: number;
  /** D(x): D's mean verdict on the real batches, a probability (1 = "real"; raw score for leastSquares). */
  dReal: number;
  /** D(G(z)): D's mean verdict on the generated batches (½ for both when D cannot tell them apart). */
  dFake: number;
}

/** What `ganStep` needs besides the players and the real batches. */
export interface GanStepSettings extends GanStepOptions {
  noise: NoiseOptions;
  /** Noise vectors for the generator's update. */
  batchSize: number;
  /** Draws every noise vector. */
  rng: Rng;
}

/**
 * One GAN step: a discriminator update on each real batch (with as many fresh generated samples),
 * then one generator update on `batchSize` new noise vectors.
 * @param reals the real batches `[B, ...]` of this step, one per discriminator update.
 * @example
 * ganStep({ generator, discriminator, gOptimizer, dOptimizer }, [realBatch], { noise: { dim: 2 }, batchSize: 64, rng });
 * // { dLoss: 1.39, gLoss: 0.70, dReal: 0.50, dFake: 0.49 }
 */
export function ganStep(players: GanPlayers, reals: readonly Tensor[], settings: GanStepSettings): GanStepValues {
  const { generator, discriminator, gOptimizer, dOptimizer } = players;
  const { noise, batchSize, rng } = settings;
  const d = { loss: 0, real: 0, fake: 0 };
  for (const real of reals) {
    const z = sampleNoise(real.shape[0] as number, noise, rng);
    const r = discriminatorStep(generator, discriminator, dOptimizer, real, z, settings);
    d.loss += r.loss / reals.length;
    d.real += r.real / reals.length;
    d.fake += r.fake / reals.length;
  }
  const g = generatorStep(generator, discriminator, gOptimizer, sampleNoise(batchSize, noise, rng), settings);
  return { dLoss: d.loss, gLoss: g.loss, dReal: d.real, dFake: d.fake };
}
