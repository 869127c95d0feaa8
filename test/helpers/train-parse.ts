/**
 * Parses `neurite train <preset> …args` in-process with commander's exits turned into throws, and
 * returns what commander printed (help or the option error), for tests of a preset's options.
 */
import { Command } from 'commander';
import { expect } from 'vitest';
import { registerTrain } from '../../src/cli/commands/train.js';
import { memoryIo } from '../../src/cli/io.js';

/** The text commander writes for `neurite train <preset> …args`, which must end the parse (help, or a bad option). */
export async function trainParseOutput(preset: string, ...args: string[]): Promise<string> {
  const output: string[] = [];
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: (s) => output.push(s), writeOut: (s) => output.push(s) });
  registerTrain(program, memoryIo());
  await expect(program.parseAsync(['node', 'neurite', 'train', preset, ...args])).rejects.toThrow();
  return output.join('');
}
