/**
 * `neurite compare-optimizers iris`: one network, the same initial weights and the same batches,
 * trained with SGD (steepest descent), momentum, RMSprop and Adam; the loss per epoch side by side.
 * The seed's path from steepest descent to Adam, in one table.
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  createOptimizer,
  defaultLr,
  evaluate,
  fit,
  formatValue,
  manualSeed,
  OPTIMIZER_NAMES,
  type OptimizerName,
  Rng,
} from '../../index.js';
import { type Io, intOption } from '../io.js';
import { buildMlp, loadPreset } from '../presets.js';

/** Options of `neurite compare-optimizers`. */
export interface CompareOptions {
  optimizers: OptimizerName[];
  epochs: number;
  batchSize: number;
  hidden: number;
  seed: number;
  /** Print every k-th epoch (and the first and last). */
  every: number;
  json: boolean;
}

/** One optimizer's run. */
export interface OptimizerRun {
  optimizer: OptimizerName;
  lr: number;
  /** Mean training loss of every epoch. */
  losses: number[];
  testAccuracy: number;
  trainSeconds: number;
  stopped: string | null;
}

/** The optimizers compared by default: from steepest descent to Adam. */
export const COMPARED: OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam'];

/**
 * Train the preset's network once per optimizer, from the same initial weights and with the same
 * batch order, and print the losses side by side.
 */
export async function runCompare(preset: string, options: CompareOptions, io: Io): Promise<OptimizerRun[]> {
  const { optimizers, epochs, batchSize, hidden, seed, every } = options;
  manualSeed(seed);
  const rng = new Rng(seed);
  const data = loadPreset(preset, rng);
  const initial = buildMlp(data.inputs, hidden, data.classes, 'relu', rng).stateDict();
  const runs: OptimizerRun[] = [];
  io.human(
    `${preset}: ${data.inputs} → ${hidden} ReLU → ${data.classes} · batch size ${batchSize} · ${epochs} epochs · ` +
      `the same initial weights and batches for every optimizer (seed ${seed})`,
  );
  for (const name of optimizers) {
    const model = buildMlp(data.inputs, hidden, data.classes, 'relu', new Rng(seed));
    model.loadStateDict(initial); // the same starting point for everyone
    const lr = defaultLr(name);
    const optimizer = createOptimizer(name, model.parameters(), { lr });
    const started = performance.now();
    const history = await fit(
      model,
      { x: data.xTrain, y: data.yTrain },
      {
        loss: 'crossEntropy',
        optimizer,
        epochs,
        batchSize,
        seed, // the same shuffled batches for every optimizer
        verbose: 0,
      },
    );
    const trainSeconds = (performance.now() - started) / 1000;
    const testAccuracy = evaluate(model, { x: data.xTest, y: data.yTest }, { metrics: ['accuracy'] })
      .accuracy as number;
    const losses = history.epochs.map((e) => e.loss);
    runs.push({ optimizer: name, lr, losses, testAccuracy, trainSeconds, stopped: history.stopped?.message ?? null });
  }
  for (const line of table(runs, epochs, every)) io.human(line);
  if (options.json) io.out(JSON.stringify({ preset, seed, epochs, batchSize, hidden, runs }));
  return runs;
}

/** The side-by-side table: a row per printed epoch, a column per optimizer, then test accuracy. */
export function table(runs: OptimizerRun[], epochs: number, every: number): string[] {
  const heads = runs.map((r) => `${r.optimizer} (lr ${r.lr})`);
  const width = Math.max(10, ...heads.map((h) => h.length));
  const row = (label: string, cells: string[]) =>
    [label.padStart(13), ...cells.map((c) => c.padStart(width))].join('  ');
  const lines = ['training loss per epoch:', row('epoch', heads)];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (epoch !== 1 && epoch !== epochs && epoch % every !== 0) continue;
    lines.push(
      row(
        String(epoch),
        runs.map((r) => (r.losses[epoch - 1] === undefined ? '—' : formatValue(r.losses[epoch - 1] as number))),
      ),
    );
  }
  lines.push(
    row(
      'test accuracy',
      runs.map((r) => r.testAccuracy.toFixed(4)),
    ),
  );
  lines.push(
    row(
      'seconds',
      runs.map((r) => r.trainSeconds.toFixed(2)),
    ),
  );
  for (const r of runs) if (r.stopped !== null) lines.push(`${r.optimizer}: ${r.stopped}`);
  return lines;
}

function optimizerList(value: string): OptimizerName[] {
  const names = value.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!OPTIMIZER_NAMES.includes(n as OptimizerName)) {
      throw new InvalidArgumentError(`unknown optimizer '${n}'; choose from ${OPTIMIZER_NAMES.join(', ')}`);
    }
  }
  return names as OptimizerName[];
}

/** Register `neurite compare-optimizers <preset>` on the program. */
export function registerCompare(program: Command, io: Io): void {
  program
    .command('compare-optimizers')
    .description('train one network with several optimizers from the same start; print the losses side by side')
    .argument('<preset>', "the data set: 'iris'")
    .option('--optimizers <list>', 'comma-separated optimizer names', optimizerList, COMPARED)
    .option('--epochs <n>', 'passes over the training data', intOption('--epochs'), 200)
    .option('--batch-size <n>', 'samples per update', intOption('--batch-size'), 20)
    .option('--hidden <n>', 'units in the hidden layer', intOption('--hidden'), 16)
    .option('--seed <n>', 'seed of the split, the initial weights and the shuffling', intOption('--seed', 0), 1)
    .option('--every <n>', 'print every n-th epoch', intOption('--every'), 10)
    .option('--json', 'human output to stderr; the last stdout line is a JSON summary', false)
    .action(async (preset: string, opts: CompareOptions) => {
      await runCompare(preset, opts, io.forJson(opts.json));
    });
}
