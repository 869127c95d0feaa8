import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_INTERRUPT_BUDGET, engineFlags, tuneEngine, V8_DEFAULT_INTERRUPT_BUDGET } from '../../src/cli/engine.js';

describe('engineFlags', () => {
  it('raises the interrupt budget to 4× the default', () => {
    expect(CLI_INTERRUPT_BUDGET).toBe(4 * V8_DEFAULT_INTERRUPT_BUDGET);
    expect(engineFlags([], undefined)).toEqual([`--interrupt-budget=${CLI_INTERRUPT_BUDGET}`]);
    expect(engineFlags(['--import', 'tsx'], '--max-old-space-size=4096')).toEqual([
      `--interrupt-budget=${CLI_INTERRUPT_BUDGET}`,
    ]);
  });

  it('leaves a budget the user gave on the command line or in NODE_OPTIONS alone', () => {
    expect(engineFlags(['--interrupt-budget=1000'], undefined)).toEqual([]);
    expect(engineFlags(['--interrupt_budget', '1000'], undefined)).toEqual([]);
    expect(engineFlags([], '--trace-opt  --interrupt-budget=5000')).toEqual([]);
  });

  it('matches the default of the V8 this Node.js runs', () => {
    // If a Node.js update changes V8's default, the CLI's multiple of it should be revisited.
    const r = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    const match = /--interrupt-budget=(\d+)/.exec(r.stdout.slice(r.stdout.indexOf('--interrupt-budget ')));
    expect(Number(match?.[1])).toBe(V8_DEFAULT_INTERRUPT_BUDGET);
  });

  it('tuneEngine sets the flags it reports', () => {
    const flags = tuneEngine();
    expect(flags).toEqual(engineFlags(process.execArgv, process.env.NODE_OPTIONS));
  });
});
