/**
 * `neurite train gan-ring` and `neurite train gan-digits`: generative adversarial networks, a
 * generator that learns to fool a discriminator (see gan-ring.ts and gan-digits.ts for the recipes
 * and what they report). With `--json` the human-readable output goes to stderr and the last line of
 * stdout is one JSON object.
 */
import type { Command } from 'commander';
import { GAN_DIGITS_DEFAULTS, type GanDigitsOptions, runGanDigits } from '../gan-digits.js';
import { GAN_RING_DEFAULTS, type GanRingOptions, runGanRing } from '../gan-ring.js';
import { type Io, intOption, JSON_HELP } from '../io.js';

/** `neurite train gan-ring`: 8 Gaussians on a ring; modes covered and scatter plots. */
export function registerTrainGanRing(train: Command, io: Io): void {
  const d = GAN_RING_DEFAULTS;
  train
    .command('gan-ring')
    .description(
      'a GAN learns 8 Gaussians on a ring (the 2-D test of mode collapse): modes covered, scatter plots of real vs generated points',
    )
    .option('--steps <n>', 'GAN steps (1 discriminator update, then 1 generator update)', intOption('--steps'), d.steps)
    .option('--plot-every <n>', 'write a scatter plot every n steps', intOption('--plot-every'), d.plotEvery)
    .option('--seed <n>', 'seed of the initial weights, the real batches and the noise', intOption('--seed', 0), d.seed)
    .option('--out <dir>', 'folder for the plots (default: neurite-out/gan-ring)')
    .option('--json', JSON_HELP, false)
    .action(async (opts: GanRingOptions) => {
      const result = await runGanRing(opts, io.forJson(opts.json));
      // A run the guard stopped did not train: say so in the exit code too.
      if (result.stopped?.reason === 'diverged') process.exitCode = 1;
    });
}

/** `neurite train gan-digits`: 8×8 digits; a sample grid per epoch, scored by a classifier. */
export function registerTrainGanDigits(train: Command, io: Io): void {
  const d = GAN_DIGITS_DEFAULTS;
  train
    .command('gan-digits')
    .description(
      'a GAN draws 8×8 handwritten digits: a grid of samples per epoch; 1,000 samples scored by a digits classifier',
    )
    .option('--epochs <n>', 'passes over the 1,797 digits (29 steps each)', intOption('--epochs'), d.epochs)
    .option('--steps <n>', 'or: this many GAN steps in all (overrides --epochs)', intOption('--steps'))
    .option(
      '--classifier-epochs <n>',
      "epochs of the scoring classifier's training",
      intOption('--classifier-epochs'),
      d.classifierEpochs,
    )
    .option(
      '--seed <n>',
      "seed of the classifier's split and weights, the GAN's weights, the shuffling and the noise",
      intOption('--seed', 0),
      d.seed,
    )
    .option('--out <dir>', 'folder for the sample grids (default: neurite-out/gan-digits)')
    .option('--json', JSON_HELP, false)
    .action(async (opts: GanDigitsOptions) => {
      const result = await runGanDigits(opts, io.forJson(opts.json));
      if (result.stopped?.reason === 'diverged') process.exitCode = 1;
    });
}
