/**
 * `neurite train gan-ring`: the standard 2-D test of a GAN. The real data are 8 Gaussians on a
 * ring of radius 2 (std 0.02); a generator turns 2-D noise into points and a discriminator tells
 * them from real ones. A GAN that "collapses" puts all its points on a few of the 8 modes, so the
 * report counts the modes covered (of 2,000 generated points, a point counts for mode k when it
 * lies within 0.1 of centre k; a mode is covered when at least 1% of the points count for it) and
 * the fraction of points within 0.1 of any centre (how sharp the samples are). Scatter plots of real
 * (gray) against generated (orange) points show training as it goes.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Adam,
  type GanCallback,
  gaussianRing,
  LeakyReLU,
  Linear,
  manualSeed,
  modeCoverage,
  ReLU,
  Rng,
  Sequential,
  type StopInfo,
  sample,
  type Tensor,
  trainGan,
} from '../index.js';
import { savePlot } from '../node.js';
import { GAN_PROGRESS_LEGEND, type GanEndValues, ganEndValues, ganReporter } from './gan-report.js';
import type { Io } from './io.js';

/** Options of `neurite train gan-ring`, as parsed. */
export interface GanRingOptions {
  /** GAN steps (each: one discriminator update, then one generator update). */
  steps: number;
  seed: number;
  /** Write a scatter plot every this many steps (and at the start and the end). */
  plotEvery: number;
  /** Folder for the plots; default `neurite-out/gan-ring`. */
  out?: string;
  json: boolean;
}

/** What `neurite train gan-ring --json` prints as its last line (dLoss … dFake: the means of the last 100 steps). */
export interface GanRingResult extends GanEndValues {
  preset: 'gan-ring';
  seed: number;
  steps: number;
  /** Steps actually run (fewer only when the divergence guard stopped training). */
  stepsRun: number;
  /** Modes (of 8) holding at least 1% of the 2,000 generated points. */
  modesCovered: number;
  /** Generated points within 0.1 of each centre (centre k at angle 2πk/8). */
  perMode: number[];
  /** Fraction of the generated points within 0.1 of some centre. */
  fractionNearModes: number;
  trainSeconds: number;
  /** The scatter plots, as absolute paths, in step order. */
  files: string[];
  stopped: StopInfo | null;
}

/**
 * The recipe. Networks: G 2 → 64 → 64 → 2 (ReLU), D 2 → 64 → 64 → 1 logit (LeakyReLU 0.2); Adam
 * 1e-3, betas (0.5, 0.999) for both; batch 128; the non-saturating loss; one-sided label smoothing
 * 0.2 (D's target for real points is 0.8); 2,000 steps. Default runs, seeds 1–8: 8, 8, 8, 8, 8, 8,
 * 8 and 6 modes covered (about 10 s of CPU each); seeds 9–12: 8 each. The same 2,000 steps with
 * ReLU in D and no smoothing cover 8, 6, 6, 5, 8, 4 modes (seeds 1–6); with LeakyReLU and
 * smoothing 0.1, 6, 8, 8, 7, 7, 8 (3,000 steps bring those to 7–8). A D that grows sure of itself
 * gives G sharp, shifting gradients that push its points from mode to mode; the smoothing caps
 * D's confidence on real points.
 */
export const GAN_RING_DEFAULTS = {
  steps: 2000,
  seed: 1,
  plotEvery: 500,
  hidden: 64,
  lr: 1e-3,
  betas: [0.5, 0.999] as [number, number],
  batchSize: 128,
  labelSmoothing: 0.2,
  leakySlope: 0.2,
} as const;

/** Noise of the generator: 2 numbers from N(0, 1) per point. */
export const RING_NOISE = { dim: 2 } as const;
/** Points generated for the report, and for each plot. */
export const RING_EVAL_POINTS = 2000;
const PLOT_POINTS = 1000;
const STEPS_PER_EPOCH = 100;

/**
 * The two networks, initial weights drawn from `rng`: G 2 → 64 → 64 → 2 with ReLU, D 2 → 64 → 64 → 1
 * with LeakyReLU(0.2) (its output is a logit: high = "real").
 * @example const { generator, discriminator } = ringNetworks(new Rng(1)); generator.forward(randn([5, 2])).shape // [5, 2]
 */
export function ringNetworks(rng: Rng, hidden: number = GAN_RING_DEFAULTS.hidden) {
  const leaky = () => new LeakyReLU(GAN_RING_DEFAULTS.leakySlope);
  const generator = new Sequential(
    new Linear(RING_NOISE.dim, hidden, { rng }),
    new ReLU(),
    new Linear(hidden, hidden, { rng }),
    new ReLU(),
    new Linear(hidden, 2, { rng }),
  );
  const discriminator = new Sequential(
    new Linear(2, hidden, { rng }),
    leaky(),
    new Linear(hidden, hidden, { rng }),
    leaky(),
    new Linear(hidden, 1, { rng }),
  );
  return { generator, discriminator };
}

/**
 * Train the ring GAN, report the coverage, write the plots. Returns the result (also printed as JSON with `json`).
 * @example await runGanRing({ steps: 2000, seed: 1, plotEvery: 500, json: false }, processIo())
 */
export async function runGanRing(options: GanRingOptions, io: Io): Promise<GanRingResult> {
  const { steps, seed, plotEvery } = options;
  const d = GAN_RING_DEFAULTS;
  manualSeed(seed);
  // One generator, in a fixed order: the initial weights, then every real batch and noise vector.
  const rng = new Rng(seed);
  const { generator, discriminator } = ringNetworks(rng);
  const { centres } = gaussianRing({ n: 0 });
  const say = io.human;
  say(`neurite · gan-ring: 8 Gaussians on a ring of radius 2 (std 0.02) · seed ${seed}`);
  say(`generator: noise N(0, 1)² → ${d.hidden} ReLU → ${d.hidden} ReLU → 2 (a point)`);
  say(`discriminator: point → ${d.hidden} LeakyReLU → ${d.hidden} LeakyReLU → 1 logit ("real?")`);
  say(
    `Adam lr ${d.lr}, betas (${d.betas.join(', ')}) for both · batch ${d.batchSize} · non-saturating loss · ` +
      `label smoothing ${d.labelSmoothing} (D's target for real points: ${1 - d.labelSmoothing})`,
  );
  say(`per epoch of 100 steps: ${GAN_PROGRESS_LEGEND}`);

  const outDir = resolve(options.out ?? join('neurite-out', 'gan-ring'));
  mkdirSync(outDir, { recursive: true });
  const real = gaussianRing({ n: PLOT_POINTS, seed: 0 }).x; // the same gray reference in every plot
  const files: string[] = [];
  const plot = (step: number) => {
    // The same noise in every plot (its own generator, so plotting does not change training).
    const fake = sample(generator, PLOT_POINTS, { noise: RING_NOISE, seed });
    const path = join(outDir, `ring-step-${String(step).padStart(String(steps).length, '0')}.png`);
    plotRing(real, fake, path);
    files.push(path);
  };
  plot(0);
  const plotter: GanCallback = {
    onBatchEnd: (log) => {
      if (log.step % plotEvery === 0 || log.step === steps) plot(log.step);
    },
  };
  const adam = (m: Sequential) => new Adam(m.parameters(), { lr: d.lr, betas: d.betas });
  const started = performance.now();
  const history = await trainGan({
    generator,
    discriminator,
    gOptimizer: adam(generator),
    dOptimizer: adam(discriminator),
    data: (_step, r) => gaussianRing({ n: d.batchSize, rng: r }).x, // a fresh real batch every step
    noise: RING_NOISE,
    loss: 'nonSaturating',
    labelSmoothing: d.labelSmoothing,
    batchSize: d.batchSize,
    steps,
    stepsPerEpoch: STEPS_PER_EPOCH,
    rng,
    callbacks: [plotter],
    reporter: ganReporter(io),
  });
  const trainSeconds = (performance.now() - started) / 1000;
  if (history.stopped !== null) io.err(`warning: ${history.stopped.message}`);
  const stepsRun = history.steps.length;
  if (stepsRun < steps && stepsRun % plotEvery !== 0) plot(stepsRun);

  const points = sample(generator, RING_EVAL_POINTS, { noise: RING_NOISE, rng });
  const coverage = modeCoverage(points, centres);
  say(
    `modes covered: ${coverage.modesCovered} of 8 (a mode needs ≥ 1% of ${RING_EVAL_POINTS} generated points within 0.1 of its centre)`,
  );
  say(`points per mode (from angle 0, counter-clockwise): ${coverage.perMode.join(' ')}`);
  say(
    `${(100 * coverage.fractionNearModes).toFixed(1)}% of the points lie within 0.1 of a centre · ` +
      `trained in ${trainSeconds.toFixed(1)} s`,
  );
  say(
    `plots in ${outDir}: real points gray, generated orange, the square [−3, 3]²; ${files.length} files, ring-step-*.png`,
  );
  const result: GanRingResult = {
    preset: 'gan-ring',
    seed,
    steps,
    stepsRun,
    modesCovered: coverage.modesCovered,
    perMode: coverage.perMode,
    fractionNearModes: coverage.fractionNearModes,
    ...ganEndValues(history),
    trainSeconds,
    files,
    stopped: history.stopped,
  };
  if (options.json) io.out(JSON.stringify(result));
  return result;
}

/** Column `axis` of points `[N, 2]`. */
function column(points: Tensor, axis: 0 | 1): Float32Array {
  const n = points.shape[0] as number;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = points.data[2 * i + axis] as number;
  return out;
}

/** Real points (gray) under generated ones (orange) in the square [−3, 3]², 480 × 480 px. */
export function plotRing(real: Tensor, fake: Tensor, path: string): void {
  const range = [-3, 3] as const;
  const scatter = (points: Tensor, color: string) => ({
    kind: 'scatter' as const,
    x: column(points, 0),
    y: column(points, 1),
    color,
    size: 2,
    alpha: 0.6,
  });
  savePlot(path, {
    width: 480,
    height: 480,
    series: [scatter(real, 'gray'), scatter(fake, 'orange')],
    xRange: range,
    yRange: range,
  });
}
