#!/usr/bin/env node
/**
 * The `neurite` command line: `neurite train <preset> …` trains a network on a built-in data set and
 * reports how well it learned (iris, digits-cnn, fashion-cnn, sine-lstm, char-rnn, gan-ring,
 * gan-digits; `neurite train --help` lists them); `neurite compare-optimizers iris` trains one
 * network with several optimizers side by side; `neurite info` prints the version and backend.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { getBackend, NeuriteError, setWarningHandler } from '../index.js';
import { registerCompare } from './commands/compare-optimizers.js';
import { registerTrain } from './commands/train.js';
import { tuneEngine } from './engine.js';
import { processIo } from './io.js';

// V8's optimizing compiler: only for hot functions, so a short run keeps its core (see engine.ts).
tuneEngine();

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const io = processIo();
// Warnings (a learning rate that will diverge, a stopped training) go to stderr, never into --json output.
setWarningHandler((message) => io.err(`warning: ${message}`));

const program = new Command();
program.name('neurite').description('Deep learning in TypeScript').version(pkg.version);
program
  .command('info')
  .description('print the version and the active compute backend')
  .action(() => {
    io.out(`neurite ${pkg.version} · backend ${getBackend()} · Node.js ${process.versions.node}`);
  });
registerTrain(program, io);
registerCompare(program, io);

try {
  await program.parseAsync();
} catch (err) {
  // The library's errors explain themselves; print them without a stack trace.
  if (err instanceof NeuriteError) {
    io.err(`error: ${err.message}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
