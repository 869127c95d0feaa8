/**
 * `neurite train iris`: train the preset's network with the optimizer, learning rate, epochs and
 * batch size given, then report the test accuracy and the confusion matrix on the held-out part.
 * With `--json` the human-readable output goes to stderr and the last line of stdout is one JSON
 * object, for scripts.
 */
import type { Command } from 'commander';
import {
  confusionMatrix,
  createOptimizer,
  defaultLr,
  describeOptimizer,
  evaluate,
  fit,
  formatConfusionMatrix,
  manualSeed,
  OPTIMIZER_NAMES,
  type OptimizerName,
  predict,
  type Regime,
  type StopInfo,
} from '../../index.js';
import { type Io, intOption, JSON_HELP, numberOption, oneOf, progressReporter } from '../io.js';
import { ACTIVATIONS, setup } from '../presets.js';
import { registerTrainCharRnn } from './train-char-rnn.js';
import { registerTrainDigitsCnn, registerTrainFashionCnn } from './train-cnn.js';
import { registerTrainGanDigits, registerTrainGanRing } from './train-gan.js';
import { registerTrainSine } from './train-sine.js';

/** Every `neurite train <preset>` subcommand; a new preset adds its register function here. */
const PRESET_COMMANDS: ReadonlyArray<(train: Command, io: Io) => void> = [
  registerTrainIris,
  registerTrainDigitsCnn,
  registerTrainFashionCnn,
  registerTrainSine,
  registerTrainCharRnn,
  registerTrainGanRing,
  registerTrainGanDigits,
];

/** Options of `neurite train`, as parsed. */
export interface TrainCommandOptions {
  optimizer: OptimizerName;
  lr?: number;
  epochs: number;
  batchSize?: number;
  regime?: Regime;
  hidden: number;
  activation: string;
  seed: number;
  json: boolean;
}

/** What `neurite train --json` prints as its last line. */
export interface TrainResult {
  preset: string;
  seed: number;
  optimizer: OptimizerName;
  lr: number;
  hidden: number;
  activation: string;
  regime: Regime;
  batchSize: number;
  epochs: number;
  epochsRun: number;
  updatesPerEpoch: number;
  updates: number;
  trainLoss: number | null;
  testAccuracy: number;
  confusionMatrix: number[][];
  trainSeconds: number;
  stopped: StopInfo | null;
}

/** Defaults of the iris recipe (and a batch size of 20 unless a regime says otherwise). */
export const TRAIN_DEFAULTS = { optimizer: 'adam', epochs: 200, hidden: 16, activation: 'relu', seed: 1 } as const;
export const DEFAULT_BATCH_SIZE = 20;

/**
 * Train a preset and report. Returns the result (also printed as JSON with `json`).
 * @example await runTrain('iris', { ...TRAIN_DEFAULTS, json: false }, io)
 */
export async function runTrain(preset: string, options: TrainCommandOptions, io: Io): Promise<TrainResult> {
  const { optimizer: name, epochs, hidden, activation, seed, regime } = options;
  const lr = options.lr ?? defaultLr(name);
  // Without a regime, or with 'minibatch', the iris recipe's batch of 20 applies.
  const batchSize = options.batchSize ?? (regime === 'batch' || regime === 'online' ? undefined : DEFAULT_BATCH_SIZE);
  manualSeed(seed);
  const { rng, data, model } = setup(preset, seed, hidden, activation);
  const say = io.human;
  const act = ACTIVATIONS[activation]?.().constructor.name ?? activation;
  say(`neurite · ${preset}: ${data.inputs} → ${hidden} ${act} → ${data.classes} · cross-entropy · seed ${seed}`);
  say(`optimizer ${name} (${describeOptimizer(name)}), lr ${lr}`);
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
      regime,
      metrics: ['accuracy'],
      rng,
      reporter: progressReporter(io),
    },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  const test = { x: data.xTest, y: data.yTest };
  const testAccuracy = evaluate(model, test, { metrics: ['accuracy'] }).accuracy as number;
  const matrix = confusionMatrix(predict(model, data.xTest), data.yTest, { numClasses: data.classes });
  const correct = matrix.reduce((s, row, i) => s + (row[i] as number), 0);
  say(`test accuracy ${testAccuracy.toFixed(4)} (${correct} of ${data.yTest.shape[0]} held-out samples)`);
  say('confusion matrix on the test part:');
  for (const line of formatConfusionMatrix(matrix, data.classNames).split('\n')) say(line);
  const last = history.epochs[history.epochs.length - 1];
  const result: TrainResult = {
    preset,
    seed,
    optimizer: name,
    lr,
    hidden,
    activation,
    regime: history.plan.regime,
    batchSize: history.plan.batchSize,
    epochs,
    epochsRun: history.epochs.length,
    updatesPerEpoch: history.plan.updatesPerEpoch,
    updates: history.plan.updates,
    trainLoss: last?.loss ?? null,
    testAccuracy,
    confusionMatrix: matrix,
    trainSeconds,
    stopped: history.stopped,
  };
  if (options.json) io.out(JSON.stringify(result));
  return result;
}

/**
 * Register `neurite train <preset>`: one subcommand per preset, each with its own options and
 * defaults (`neurite train iris --help`). A new preset is one file with a `register…(train, io)`
 * function, listed in `PRESET_COMMANDS`.
 */
export function registerTrain(program: Command, io: Io): void {
  const train = program
    .command('train')
    .description('train a network on a built-in data set and report how well it learned')
    .showHelpAfterError();
  for (const register of PRESET_COMMANDS) register(train, io);
}

/** `neurite train iris`: the seed's example (see the file comment). */
export function registerTrainIris(train: Command, io: Io): void {
  train
    .command('iris')
    .description('iris flowers: 100 to train on, 50 to test; a 4 → hidden → 3 perceptron (the default recipe)')
    .option('--optimizer <name>', `one of ${OPTIMIZER_NAMES.join(', ')}`, oneOf('--optimizer', OPTIMIZER_NAMES), 'adam')
    .option('--lr <number>', "learning rate (default: the optimizer's, e.g. adam 0.01, sgd 0.1)", numberOption('--lr'))
    .option('--epochs <n>', 'passes over the training data', intOption('--epochs'), TRAIN_DEFAULTS.epochs)
    .option('--batch-size <n>', 'samples per update (default 20)', intOption('--batch-size'))
    .option(
      '--regime <name>',
      'batch (all samples per update), minibatch or online (one sample per update)',
      oneOf('--regime', ['batch', 'minibatch', 'online']),
    )
    .option('--hidden <n>', 'units in the hidden layer', intOption('--hidden'), TRAIN_DEFAULTS.hidden)
    .option(
      '--activation <name>',
      `one of ${Object.keys(ACTIVATIONS).join(', ')}`,
      oneOf('--activation', Object.keys(ACTIVATIONS)),
      'relu',
    )
    .option(
      '--seed <n>',
      'seed of the split, the initial weights and the shuffling',
      intOption('--seed', 0),
      TRAIN_DEFAULTS.seed,
    )
    .option('--json', JSON_HELP, false)
    .action(async (opts: TrainCommandOptions) => {
      const result = await runTrain('iris', opts, io.forJson(opts.json));
      // A run the guard stopped did not train: say so in the exit code too.
      if (result.stopped?.reason === 'diverged') process.exitCode = 1;
    });
}
