import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/lib/args.js';

describe('bench parseArgs', () => {
  it('defaults to everything', () => {
    expect(parseArgs([])).toEqual({ help: false });
  });

  it('reads --only, --runs, --json and --skip in both spellings', () => {
    expect(parseArgs(['--only', 'w1, W6', '--runs=5', '--json', 'out/b.json', '--skip=Torch'])).toEqual({
      only: ['W1', 'W6'],
      runs: 5,
      json: 'out/b.json',
      skip: ['torch'],
      help: false,
    });
  });

  it('ignores the -- that npm may pass through, and knows --help', () => {
    expect(parseArgs(['--', '--help']).help).toBe(true);
  });

  it('rejects bad values and unknown options with the option named', () => {
    expect(() => parseArgs(['--runs', '0'])).toThrow(/--runs must be a positive integer, got '0'/);
    expect(() => parseArgs(['--runs', '2.5'])).toThrow(/--runs/);
    expect(() => parseArgs(['--json'])).toThrow(/--json needs a value/);
    expect(() => parseArgs(['--only', '--runs', '3'])).toThrow(/--only needs a value/);
    expect(() => parseArgs(['--only='])).toThrow(/at least one workload/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option '--fast'/);
  });
});
