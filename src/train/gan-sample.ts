/**
 * A generator's input and output: the noise z it turns into samples (`sampleNoise`), and samples
 * from a trained generator (`sample`), seeded so that the same seed gives the same samples.
 */
import { rand, randn } from '../creation.js';
// resolveRng is data/'s internal helper (not public), hence the direct import.
import { type RandomSource, resolveRng } from '../data/dataset.js';
import { ValueError } from '../errors.js';
import { mul, sub } from '../ops/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { predict } from './evaluate.js';
import type { Model } from './loop.js';

/** The generator's noise: `dim` numbers per sample, drawn independently. */
export interface NoiseOptions {
  /** Numbers per sample (the generator's input size). */
  dim: number;
  /** 'normal': N(0, 1) (default); 'uniform': U(−1, 1). */
  distribution?: 'normal' | 'uniform';
}

/** @throws ValueError for a noise dim that is not a positive whole number or an unknown distribution. */
export function checkNoise(op: string, noise: NoiseOptions | undefined): Required<NoiseOptions> {
  if (noise === undefined || typeof noise !== 'object') {
    throw new ValueError(`${op}: noise is required: { dim } (the generator's input size), e.g. { dim: 2 }`);
  }
  const { dim, distribution = 'normal' } = noise;
  if (!Number.isInteger(dim) || dim < 1) {
    throw new ValueError(`${op}: noise.dim must be a positive whole number (the generator's input size), got ${dim}`);
  }
  if (distribution !== 'normal' && distribution !== 'uniform') {
    throw new ValueError(`${op}: noise.distribution must be 'normal' or 'uniform', got '${distribution}'`);
  }
  return { dim, distribution };
}

/**
 * A batch of generator inputs: `n` rows of `noise.dim` independent draws from N(0, 1) or U(−1, 1).
 * @returns float32 `[n, dim]`.
 * @example
 * import { Rng, sampleNoise } from 'neurite';
 * sampleNoise(128, { dim: 2 }, new Rng(1)).shape; // [128, 2]
 */
export function sampleNoise(n: number, noise: NoiseOptions, rng: Rng): Tensor {
  const { dim, distribution } = checkNoise('sampleNoise', noise);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`sampleNoise: n must be a whole number >= 0, got ${n}`);
  if (distribution === 'normal') return randn([n, dim], { rng });
  return sub(mul(rand([n, dim], { rng }), 2), 1);
}

/** Options of `sample`. */
export interface SampleOptions extends RandomSource {
  /** The noise the generator was trained on (its dim and distribution). */
  noise: NoiseOptions;
}

/**
 * `n` new samples from a generator: G(z) for `n` fresh noise vectors z, computed in evaluation
 * mode (dropout off, batch-norm running statistics) without recording the tape. The noise comes
 * from `rng`, `new Rng(seed)` or the global generator, so the same seed gives the same samples.
 * @returns the generator's output for `[n, noise.dim]` inputs, e.g. `[n, 2]` points or `[n, 1, 8, 8]` images.
 * @example
 * import { sample } from 'neurite';
 * const points = sample(generator, 2000, { noise: { dim: 2 }, seed: 1 }); // [2000, 2]
 */
export function sample(generator: Model, n: number, options: SampleOptions): Tensor {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`sample: n must be a positive whole number, got ${n}`);
  const noise = checkNoise('sample', options?.noise);
  return predict(generator, sampleNoise(n, noise, resolveRng('sample', options)));
}
