/**
 * Progress display. `fit` tells a `Reporter` what happens (the plan, each batch, each epoch,
 * messages, the end); the reporter decides what to show. This file holds the browser-safe part:
 * the interface, a reporter that prints one line per epoch, and the default-reporter slot. The
 * live terminal bar lives on the Node side (`neurite/node`, `src/node/progress.ts`), which
 * installs itself as the default when stderr is a terminal.
 */
import type { BatchLog, EpochLog, History } from './callbacks.js';
import { describePlan, type TrainingPlan } from './plan.js';

/** Receives the events of a training run. Every method is optional. */
export interface Reporter {
  onTrainBegin?(plan: TrainingPlan): void;
  onBatchEnd?(log: BatchLog, plan: TrainingPlan): void;
  onEpochEnd?(log: EpochLog, plan: TrainingPlan): void;
  /** A notice for the user (early stopping, restored weights). */
  onMessage?(text: string): void;
  onTrainEnd?(history: History): void;
}

/** Options of `lineReporter`. */
export interface LineReporterOptions {
  /** Where lines go. Default `console.log`. */
  write?: (line: string) => void;
  /** Print every k-th epoch (and the first and last). Default 1: every epoch. */
  every?: number;
}

/**
 * A reporter that prints the plan, then one line per epoch (`epoch 12/200 · loss 0.4123 ·
 * accuracy 0.9500 · 2 ms`), then messages: right for logs, CI and browsers' consoles.
 * @example await fit(model, data, { …, reporter: lineReporter({ every: 10 }) });
 */
export function lineReporter({ write = (line) => console.log(line), every = 1 }: LineReporterOptions = {}): Reporter {
  return {
    onTrainBegin: (plan) => write(describePlan(plan)),
    onEpochEnd: (log, plan) => {
      if (log.epoch === 1 || log.epoch === plan.epochs || log.epoch % every === 0) write(formatEpoch(log, plan));
    },
    onMessage: (text) => write(text),
  };
}

/** A reporter that shows nothing (verbose 0). */
export const silentReporter: Reporter = {};

let defaultFactory: (() => Reporter) | null = null;

/**
 * Choose what `fit` shows with `verbose: 1` (its default). `null` restores the built-in choice,
 * `lineReporter()`. `neurite/node` and the CLI install a live terminal bar here when stderr is a
 * terminal. Returns the previous factory.
 * @example setDefaultReporter(() => lineReporter({ every: 10 }));
 */
export function setDefaultReporter(factory: (() => Reporter) | null): (() => Reporter) | null {
  const previous = defaultFactory;
  defaultFactory = factory;
  return previous;
}

/** The reporter for a fit call: `verbose` 0 shows nothing, 1 the default reporter, 2 one line per epoch. */
export function reporterFor(verbose: 0 | 1 | 2): Reporter {
  if (verbose === 0) return silentReporter;
  if (verbose === 2 || defaultFactory === null) return lineReporter();
  return defaultFactory();
}

/** A loss or metric value for display: 4 significant digits, exponent notation when large. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4);
}

/** Seconds for display: '850 ms', '2.4 s', '3 min 05 s'. */
export function formatSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, '0')} s`;
}

/** 'accuracy' → 'valAccuracy'. */
function valName(k: string): string {
  return `val${k[0]?.toUpperCase()}${k.slice(1)}`;
}

/** The values of an epoch's log, in print order: loss, metrics, validation loss and metrics. */
export function epochValues(log: EpochLog): Array<[string, number]> {
  const values: Array<[string, number]> = [['loss', log.loss]];
  for (const name in log.metrics) values.push([name, log.metrics[name] as number]);
  if (log.valLoss !== undefined) values.push(['valLoss', log.valLoss]);
  for (const name in log.valMetrics) values.push([valName(name), log.valMetrics[name] as number]);
  return values;
}

/**
 * One epoch in one line: `epoch  12/200 · loss 0.4123 · accuracy 0.9500 · valLoss 0.3900 · 2 ms`.
 * @example formatEpoch(history.epochs[0], history.plan)
 */
export function formatEpoch(log: EpochLog, plan: TrainingPlan): string {
  // built by appending, in epochValues' order, rather than through arrays of pairs, a spread and
  // a join: a short run prints a line per epoch, mostly before V8 has optimized this
  let line = `epoch ${String(log.epoch).padStart(String(plan.epochs).length)}/${plan.epochs}`;
  line += ` · loss ${formatValue(log.loss)}`;
  for (const name in log.metrics) line += ` · ${name} ${formatValue(log.metrics[name] as number)}`;
  if (log.valLoss !== undefined) line += ` · valLoss ${formatValue(log.valLoss)}`;
  for (const name in log.valMetrics) line += ` · ${valName(name)} ${formatValue(log.valMetrics[name] as number)}`;
  return `${line} · ${formatSeconds(log.seconds)}`;
}

/**
 * A confusion matrix as an aligned text table, rows = true class, columns = predicted class.
 * @param matrix from `confusionMatrix`. @param classNames one name per class (default 0, 1, …).
 * @example
 * formatConfusionMatrix([[16, 0], [1, 15]], ['cat', 'dog']);
 * // true \ predicted  cat  dog
 * //              cat   16    0
 * //              dog    1   15
 */
export function formatConfusionMatrix(matrix: number[][], classNames?: readonly string[]): string {
  const names = matrix.map((_, i) => classNames?.[i] ?? String(i));
  const head = 'true \\ predicted';
  const first = Math.max(head.length, ...names.map((n) => n.length));
  const cell = Math.max(...names.map((n) => n.length), ...matrix.flat().map((v) => String(v).length));
  const lines = [[head.padEnd(first), ...names.map((n) => n.padStart(cell))].join('  ')];
  matrix.forEach((row, i) => {
    lines.push([(names[i] as string).padStart(first), ...row.map((v) => String(v).padStart(cell))].join('  '));
  });
  return lines.join('\n');
}
