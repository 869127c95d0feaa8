/**
 * What the training workloads W2–W5 share: one timed run = a fresh model trained on some units of
 * work (images, epochs or steps), and the measurement around it: an untimed probe run that warms
 * the JIT and sets, from its rate, how much of the work a slow peer gets within the time budget
 * (bench/lib/budget.ts); then `runs` timed runs with seeds 1, 2, …; the medians make the row.
 */
import { prefixNote, unitsWithin, type WorkUnits } from '../lib/budget.js';
import type { Neurite } from '../lib/neurite.js';
import { median } from '../lib/stats.js';
import type { Measurement, Variant } from '../lib/types.js';
import { type BenchEnv, neuriteVariants } from './workload.js';

/** What one training run reports: its wall-clock time, and how to score the trained model. */
export interface TrainFigures {
  /** Milliseconds of the training call or loop only. */
  ms: number;
  /**
   * The quality figures for the notes, e.g. { accuracy: 0.84 }: called after timed runs only (the
   * probe's model is not scored: scoring 10,000 test images is slow on tfjs cpu).
   */
  score: () => Record<string, number>;
}

/** Train a fresh model (initial weights from `seed`) on the first `units` units of the work. */
export type Trainer = (seed: number, units: number) => Promise<TrainFigures>;

/** How a workload measures its runs. */
export interface TrainingPlan extends WorkUnits {
  /** The table's case, e.g. 'train 1 epoch, 60,000 images'. */
  case: string;
  /** Units of the untimed probe run (a few batches, one epoch, 100 steps). */
  probe: number;
  /** The throughput's unit: 'samples/s' or 'steps/s'. */
  unit: string;
  /** Samples (or steps) per unit: 1 for images and steps, 2,000 for W4's epochs. */
  perUnit: number;
  /** What a unit is called in the prefix note: 'images', 'epochs', 'steps'. */
  what: string;
}

/**
 * Probe, size the runs to the budget, run them, and make the row: the median throughput, with the
 * medians of every secondary figure and, when the work was cut, the prefix that ran.
 * @example await measureTraining(trainer, W3_PLAN, 3) // [{ case, value: 1234, unit: 'samples/s', … }]
 */
export async function measureTraining(train: Trainer, plan: TrainingPlan, runs: number): Promise<Measurement[]> {
  const probe = await train(0, plan.probe);
  const units = unitsWithin(plan, plan.probe / (probe.ms / 1000));
  const times: number[] = [];
  const scores: Array<Record<string, number>> = [];
  for (let seed = 1; seed <= runs; seed++) {
    const run = await train(seed, units);
    times.push(run.ms);
    scores.push(run.score());
  }
  const samples = times.map((ms) => (units * plan.perUnit) / (ms / 1000));
  const extra: Record<string, number> = {};
  for (const key of Object.keys(scores[0] ?? {})) extra[key] = median(scores.map((f) => f[key]!));
  const m: Measurement = { case: plan.case, value: median(samples), unit: plan.unit, better: 'higher', extra, samples };
  const note = prefixNote(units, plan.full, plan.what);
  if (note !== undefined) m.prefix = note;
  return [m];
}

/**
 * neurite's variants for the training workloads: the fast backends at 1 and all cores. The plain-loop
 * JS reference (the oracle, ~1 GFLOP/s in W6) is left out unless it is the only backend: it would
 * only spend the time budget.
 * @example trainingVariants(env).map((v) => v.label) // ['neurite wasm 1T', 'neurite wasm 2T']
 */
export function trainingVariants(env: BenchEnv): Variant[] {
  const all = neuriteVariants(env, { threaded: true });
  const fast = all.filter((v) => v.backend !== 'js');
  return fast.length > 0 ? fast : all;
}

/** Anything with layers' weights and biases (neurite's Linear, Conv2d). */
interface Weighted {
  weight: InstanceType<Neurite['Parameter']>;
  bias: InstanceType<Neurite['Parameter']> | null;
}

/**
 * Glorot-uniform weights and zero biases (the Keras / tfjs default the workloads prescribe) for
 * every Linear and Conv2d of `model`.
 * @example glorot(nn, model, rng)
 */
export function glorot(nn: Neurite, model: InstanceType<Neurite['Module']>, rng: InstanceType<Neurite['Rng']>) {
  for (const m of model.modules()) {
    if (m instanceof nn.Linear || m instanceof nn.Conv2d) {
      const layer = m as Weighted;
      nn.init.xavierUniform(layer.weight, { rng });
      if (layer.bias !== null) nn.init.zeros(layer.bias);
    }
  }
}

/**
 * Fraction of `predicted` labels equal to `truth`.
 * @example accuracyOf([1, 2, 3], [1, 2, 0]) // 0.667
 */
export function accuracyOf(predicted: ArrayLike<number | bigint>, truth: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (Number(predicted[i]) === Number(truth[i])) hits++;
  return hits / truth.length;
}

/** Yield [start, end) chunks of `n` rows, `size` at a time (evaluation in slices keeps memory small). */
export function* chunks(n: number, size: number): Generator<[number, number]> {
  for (let start = 0; start < n; start += size) yield [start, Math.min(n, start + size)];
}
