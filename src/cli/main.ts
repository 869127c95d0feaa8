#!/usr/bin/env node
/**
 * The `neurite` command line. Commands grow with the library (`neurite train iris` comes with
 * the training loop); for now it reports the version and the active backend.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { getBackend } from '../index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command();
program.name('neurite').description('Deep learning in TypeScript').version(pkg.version);
program
  .command('info')
  .description('print the version and the active compute backend')
  .action(() => {
    console.log(`neurite ${pkg.version} · backend ${getBackend()} · Node.js ${process.versions.node}`);
  });

program.parse();
