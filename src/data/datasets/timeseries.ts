/**
 * Time series: sliding windows over a series (the usual way to turn one long series into
 * input → target samples), and two synthetic data sets for recurrent networks: noisy sine waves
 * (forecasting) and three kinds of waveforms (sequence classification). The generators draw from
 * neurite's seeded `Rng`, so the same seed gives the same data.
 */
import { tensor } from '../../creation.js';
import { isFloat } from '../../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../../errors.js';
import type { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import { type RandomSource, resolveRng } from '../dataset.js';

/** A series: T values (`number[]`, a typed array or a tensor [T]), or T steps of F features ([T, F]). */
export type Series = readonly number[] | Float32Array | Float64Array | Tensor;

/** Options of `windows`. */
export interface WindowOptions {
  /** Steps per input window (≥ 1). */
  length: number;
  /** Steps to predict after each window (default 1). */
  horizon?: number;
  /** Steps between the starts of consecutive windows (default 1). */
  stride?: number;
}

/** Input windows and their targets. */
export interface Windows {
  /** Inputs [N, length, F] (F = 1 for a 1-D series), batch-first as recurrent layers take them. */
  x: Tensor;
  /** Targets: the `horizon` steps after each window, [N, horizon] for F = 1, else [N, horizon, F]. */
  y: Tensor;
}

function checkPositiveInt(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`windows: ${what} must be a positive integer, got ${n}`);
}

/** The series as a tensor [T, F]. */
function asMatrix(series: Series): Tensor {
  if (!(series instanceof Tensor)) {
    const values = ArrayBuffer.isView(series) ? series : Float32Array.from(series);
    return tensor(values, { shape: [values.length, 1] });
  }
  if (!isFloat(series.dtype)) {
    throw new DTypeError(`windows: series must be float, got ${series.dtype}; convert it with .to('float32')`);
  }
  if (series.ndim === 1) return series.reshape([series.shape[0] as number, 1]);
  if (series.ndim !== 2) {
    throw new ShapeError(`windows: series must be [T] or [T, F] (time first), got ${fmtShape(series.shape)}`);
  }
  return series;
}

/**
 * Cut a series into overlapping input windows and the steps that follow each one: window i starts
 * at step i·stride, its input is the `length` steps from there and its target the `horizon` steps
 * after them. The number of windows is
 *
 *   N = ⌊(T − length − horizon) / stride⌋ + 1   (so the last target ends at or before step T).
 *
 * The output keeps a tensor's float dtype (float32 otherwise) and copies the values: changing the
 * windows does not change the series.
 * @param series T values, or a tensor [T] or [T, F] (time first)
 * @returns x [N, length, F] and y [N, horizon] (F = 1) or [N, horizon, F] (F > 1)
 * @throws ValueError when T < length + horizon (not one window fits) or an option is not a positive integer
 * @example
 * import { windows } from 'neurite';
 * const { x, y } = windows([1, 2, 3, 4, 5, 6], { length: 3 });
 * x.shape;    // [3, 3, 1]: [1, 2, 3], [2, 3, 4], [3, 4, 5]
 * y.toArray(); // [[4], [5], [6]]
 */
export function windows(series: Series, { length, horizon = 1, stride = 1 }: WindowOptions): Windows {
  checkPositiveInt('length', length);
  checkPositiveInt('horizon', horizon);
  checkPositiveInt('stride', stride);
  const m = asMatrix(series);
  const [t, f] = m.shape as [number, number];
  if (t < length + horizon) {
    throw new ValueError(
      `windows: the series has ${t} steps, too short for one window of length ${length} plus horizon ${horizon} ` +
        `(needs at least ${length + horizon}); use a shorter length or a longer series`,
    );
  }
  const n = Math.floor((t - length - horizon) / stride) + 1;
  const src = m.data;
  const Ctor = src instanceof Float64Array ? Float64Array : Float32Array;
  const x = new Ctor(n * length * f);
  const y = new Ctor(n * horizon * f);
  for (let i = 0; i < n; i++) {
    const start = i * stride * f; // windows are contiguous runs of rows in a row-major [T, F] series
    x.set(src.subarray(start, start + length * f), i * length * f);
    y.set(src.subarray(start + length * f, start + (length + horizon) * f), i * horizon * f);
  }
  return { x: tensor(x, { shape: [n, length, f] }), y: tensor(y, { shape: f === 1 ? [n, horizon] : [n, horizon, f] }) };
}

/** Options of `sineWaves`. */
export interface SineWaveOptions extends RandomSource {
  /** Number of sequences (rows). */
  n: number;
  /** Steps per sequence (default 33: 32 inputs and the next value as target). */
  length?: number;
  /** Standard deviation of the Gaussian noise added to every step (default 0.05). */
  noise?: number;
  /** Range [low, high) of the frequency in cycles per step (default [0.02, 0.12]). */
  freq?: readonly [number, number];
}

function checkCommon(op: string, n: number, length: number, noise: number, freq: readonly [number, number]): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${op}: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(length) || length < 1) {
    throw new ValueError(`${op}: length must be a positive integer, got ${length}`);
  }
  if (!(noise >= 0)) throw new ValueError(`${op}: noise must be >= 0, got ${noise}`);
  const [lo, hi] = freq;
  if (!(lo > 0 && lo <= hi))
    throw new ValueError(`${op}: freq must be [low, high] with 0 < low <= high, got [${lo}, ${hi}]`);
}

/** Draw one sequence's frequency and phase, then fill `out[offset …]` with shape(cycle position) + noise. */
function drawWave(
  rng: Rng,
  out: Float32Array,
  offset: number,
  length: number,
  noise: number,
  freq: readonly [number, number],
  shape: (cycles: number) => number,
): void {
  const f = rng.uniform(freq[0], freq[1]);
  const phase = rng.uniform(); // in cycles: a phase of 2π·phase radians
  for (let t = 0; t < length; t++) out[offset + t] = shape(f * t + phase) + noise * rng.normal();
}

const sine = (c: number): number => Math.sin(2 * Math.PI * c);
const square = (c: number): number => (c - Math.floor(c) < 0.5 ? 1 : -1);
const sawtooth = (c: number): number => 2 * (c - Math.floor(c)) - 1;

/**
 * Noisy sine waves with random frequency and phase, one per row: for row i,
 * v_t = sin(2π·(f_i·t + φ_i)) + noise·ε_t with f_i ~ U(freq), φ_i ~ U(0, 1) (in cycles) and
 * ε_t ~ N(0, 1). The forecasting task of `neurite train sine-lstm`: the first length − 1 steps are
 * the input, the last one the value to predict.
 * @returns float32 [n, length]
 * @example
 * import { sineWaves } from 'neurite';
 * const waves = sineWaves({ n: 1000, seed: 1 });          // [1000, 33]
 * const x = waves.slice(1, 0, 32).unsqueeze(2);           // [1000, 32, 1] inputs
 * const y = waves.slice(1, 32, 33);                       // [1000, 1] next values
 */
export function sineWaves(options: SineWaveOptions): Tensor {
  const { n, length = 33, noise = 0.05, freq = [0.02, 0.12] } = options;
  checkCommon('sineWaves', n, length, noise, freq);
  const rng = resolveRng('sineWaves', options);
  const out = new Float32Array(n * length);
  for (let i = 0; i < n; i++) drawWave(rng, out, i * length, length, noise, freq, sine);
  return tensor(out, { shape: [n, length] });
}

/** Options of `waveforms`. */
export interface WaveformOptions extends RandomSource {
  /** Number of sequences. */
  n: number;
  /** Steps per sequence (default 64). */
  length?: number;
  /** Standard deviation of the Gaussian noise added to every step (default 0.2). */
  noise?: number;
  /** Range [low, high) of the frequency in cycles per step (default [0.02, 0.12]). */
  freq?: readonly [number, number];
}

/** Sequences with a class label each. */
export interface SequenceClassificationData {
  /** Sequences [N, length] (float32); add a feature axis with `x.unsqueeze(2)` for a recurrent layer. */
  x: Tensor;
  /** Class indices [N] (int32); `classNames[y[i]]` names row i's class. */
  y: Tensor;
  classNames: string[];
}

/** The waveform kinds of `waveforms`, in label order. */
const WAVEFORMS: ReadonlyArray<[string, (cycles: number) => number]> = [
  ['sine', sine],
  ['square', square],
  ['sawtooth', sawtooth],
];

/**
 * Noisy periodic sequences of three kinds, for sequence classification: label 0 sine
 * sin(2πc), 1 square sign(sin(2πc)), 2 sawtooth 2·frac(c) − 1, where c = f·t + φ with a random
 * frequency f ~ U(freq) and phase φ ~ U(0, 1) per row, all with amplitude 1, plus noise·N(0, 1)
 * at every step. Labels cycle 0, 1, 2, 0, … so every slice of rows is balanced.
 * @returns `{ x: float32 [n, length], y: int32 [n] in {0, 1, 2}, classNames: ['sine', 'square', 'sawtooth'] }`
 * @example
 * import { waveforms } from 'neurite';
 * const { x, y, classNames } = waveforms({ n: 600, seed: 1 });
 * x.shape;               // [600, 64]
 * classNames[y.data[1]]; // 'square'
 */
export function waveforms(options: WaveformOptions): SequenceClassificationData {
  const { n, length = 64, noise = 0.2, freq = [0.02, 0.12] } = options;
  checkCommon('waveforms', n, length, noise, freq);
  const rng = resolveRng('waveforms', options);
  const out = new Float32Array(n * length);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % WAVEFORMS.length;
    labels[i] = label;
    drawWave(rng, out, i * length, length, noise, freq, (WAVEFORMS[label] as [string, (c: number) => number])[1]);
  }
  return {
    x: tensor(out, { shape: [n, length] }),
    y: tensor(labels, { shape: [n] }),
    classNames: WAVEFORMS.map(([name]) => name),
  };
}
