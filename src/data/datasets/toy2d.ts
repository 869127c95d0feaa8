/**
 * Two-dimensional toy data for generative models: `gaussianRing`, the standard test of whether a
 * GAN covers every mode of a distribution or collapses onto a few (Metz et al., 2017, "Unrolled
 * Generative Adversarial Networks", https://arxiv.org/abs/1611.02163), and `modeCoverage`, the
 * measure that goes with it: how many of the modes the generated points reach, and how many of
 * the points land near some mode.
 */
import { fmtShape, ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { type RandomSource, resolveRng } from '../dataset.js';

/** Options of `gaussianRing`. */
export interface GaussianRingOptions extends RandomSource {
  /** Number of points. */
  n: number;
  /** Number of Gaussians (modes) on the circle. Default 8. */
  modes?: number;
  /** Radius of the circle. Default 2. */
  radius?: number;
  /** Standard deviation of each Gaussian (the same along both axes). Default 0.02. */
  std?: number;
}

/** Points of a mixture with the centres of its modes. */
export interface MixtureData {
  /** The points `[n, 2]` (float32). */
  x: Tensor;
  /** The mode each point was drawn from `[n]` (int32, in 0..modes−1). */
  y: Tensor;
  /** The centres of the modes `[modes, 2]` (float32); row k is mode k's centre. */
  centres: Tensor;
}

/**
 * `n` points from `modes` Gaussians spaced evenly on a circle: mode k is centred at
 * radius·(cos 2πk/modes, sin 2πk/modes), each point picks a mode uniformly at random and adds
 * N(0, std²) noise to both coordinates. Draws from `rng`, `new Rng(seed)` or the global generator.
 * @returns `{ x: [n, 2], y: [n] int32 (the modes), centres: [modes, 2] }`.
 * @throws ValueError for n or modes that are not whole numbers (n ≥ 0, modes ≥ 1), or a radius or
 *   std that is negative or not finite.
 * @example
 * import { gaussianRing } from 'neurite';
 * const { x, centres } = gaussianRing({ n: 1000, seed: 1 });
 * x.shape;       // [1000, 2]
 * centres.shape; // [8, 2]; centres[0] = [2, 0]
 */
export function gaussianRing(options: GaussianRingOptions): MixtureData {
  const { n, modes = 8, radius = 2, std = 0.02 } = options;
  const op = 'gaussianRing';
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op}: n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(modes) || modes < 1) {
    throw new ValueError(`${op}: modes must be a whole number >= 1, got ${modes}`);
  }
  for (const [name, v] of [
    ['radius', radius],
    ['std', std],
  ] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw new ValueError(`${op}: ${name} must be a finite number >= 0, got ${v}`);
  }
  const rng = resolveRng(op, options);
  const centres = new Float32Array(2 * modes);
  for (let k = 0; k < modes; k++) {
    const angle = (2 * Math.PI * k) / modes;
    centres[2 * k] = radius * Math.cos(angle);
    centres[2 * k + 1] = radius * Math.sin(angle);
  }
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(0, modes);
    y[i] = k;
    x[2 * i] = (centres[2 * k] as number) + rng.normal(0, std);
    x[2 * i + 1] = (centres[2 * k + 1] as number) + rng.normal(0, std);
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n]), centres: new Tensor(centres, [modes, 2]) };
}

/** Options of `modeCoverage`. */
export interface ModeCoverageOptions {
  /** A point belongs to a mode when it lies within this distance of the mode's centre. Default 0.1. */
  radius?: number;
  /** A mode is covered when it holds at least this fraction of all the points. Default 0.01. */
  minFraction?: number;
}

/** How well a set of points covers the modes of a mixture. */
export interface ModeCoverage {
  /** Modes that hold at least `minFraction` of the points. */
  modesCovered: number;
  /** Points near each mode's centre, one count per mode (in the order of `centres`). */
  perMode: number[];
  /** Fraction of all points that lie near some mode: 1 when every sample is sharp, 0 for none. */
  fractionNearModes: number;
}

/**
 * Mode coverage of generated points: a point counts for mode k when it lies within `radius` of
 * centre k (for the nearest such centre, should circles overlap); a mode is covered when at least
 * `minFraction` of the points count for it. A generator that collapsed onto one mode scores 1; one
 * that spreads its points between the modes scores a low `fractionNearModes`. With the defaults
 * (0.1 and 1%) this is the measure of the unrolled-GAN paper's 8-Gaussian ring.
 * @param points `[n, 2]` (any float dtype), e.g. `sample(generator, 2000, …)`.
 * @param centres `[modes, 2]`, e.g. `gaussianRing(…).centres`.
 * @returns `{ modesCovered, perMode: number[modes], fractionNearModes }` (0 points: all zero).
 * @throws ShapeError unless points and centres are `[*, 2]`; ValueError for a radius that is not
 *   positive or a minFraction outside [0, 1].
 * @example
 * import { gaussianRing, modeCoverage } from 'neurite';
 * const ring = gaussianRing({ n: 2000, seed: 1 });
 * modeCoverage(ring.x, ring.centres); // { modesCovered: 8, perMode: [~250, …], fractionNearModes: 1 }
 */
export function modeCoverage(points: Tensor, centres: Tensor, options: ModeCoverageOptions = {}): ModeCoverage {
  const { radius = 0.1, minFraction = 0.01 } = options;
  const op = 'modeCoverage';
  for (const [name, t] of [
    ['points', points],
    ['centres', centres],
  ] as const) {
    if (t.ndim !== 2 || t.shape[1] !== 2) {
      throw new ShapeError(`${op}: ${name} has shape ${fmtShape(t.shape)}, expected [N, 2] (one 2-D point per row)`);
    }
  }
  if (!(radius > 0 && Number.isFinite(radius))) {
    throw new ValueError(`${op}: radius must be a positive number, got ${radius}`);
  }
  if (!(minFraction >= 0 && minFraction <= 1)) {
    throw new ValueError(`${op}: minFraction must be in [0, 1], got ${minFraction}`);
  }
  const n = points.shape[0] as number;
  const modes = centres.shape[0] as number;
  const p = points.data;
  const c = centres.data;
  const perMode = new Array<number>(modes).fill(0);
  let near = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestDist = radius * radius;
    for (let k = 0; k < modes; k++) {
      const dx = (p[2 * i] as number) - (c[2 * k] as number);
      const dy = (p[2 * i + 1] as number) - (c[2 * k + 1] as number);
      const d = dx * dx + dy * dy;
      if (d <= bestDist) {
        bestDist = d;
        best = k;
      }
    }
    if (best >= 0) {
      perMode[best] = (perMode[best] as number) + 1;
      near += 1;
    }
  }
  const modesCovered = n === 0 ? 0 : perMode.filter((count) => count >= minFraction * n).length;
  return { modesCovered, perMode, fractionNearModes: n === 0 ? 0 : near / n };
}
