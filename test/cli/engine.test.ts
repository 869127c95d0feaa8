import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { CLI_INTERRUPT_BUDGET, engineFlags, tuneEngine, V8_DEFAULT_INTERRUPT_BUDGET } from '../../src/cli/engine.js';

// V8's flag setter, recorded instead of changing this test process's engine
const setFlagsFromString = vi.hoisted(() => vi.fn());
vi.mock('node:v8', () => ({ setFlagsFromString }));

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

  it('tuneEngine hands V8 each flag engineFlags decides, and reports them', () => {
    const flags = tuneEngine();
    expect(flags).toEqual(engineFlags(process.execArgv, process.env.NODE_OPTIONS));
    expect(setFlagsFromString.mock.calls).toEqual(flags.map((f) => [f]));
    // this test process was not given a budget of its own: the CLI's is set
    if (!/interrupt.budget/.test([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '))) {
      expect(setFlagsFromString).toHaveBeenCalledWith(`--interrupt-budget=${CLI_INTERRUPT_BUDGET}`);
    }
  });
});
