/** bench/spec.ts's option parsing (it writes one variant's spec to profile it alone). */
import { describe, expect, it } from 'vitest';
import { parseSpecArgs } from '../../bench/spec.js';

describe('bench spec options', () => {
  it('reads the workload and the variant, with defaults', () => {
    expect(parseSpecArgs(['w3'])).toEqual({ workload: 'W3', backend: 'wasm', threads: 1, runs: 1, out: 'bench-spec' });
    expect(parseSpecArgs(['--', 'W5', '--threads', '2', '--runs', '3', '--backend', 'js', '--out', '/tmp/p'])).toEqual({
      workload: 'W5',
      backend: 'js',
      threads: 2,
      runs: 3,
      out: '/tmp/p',
    });
  });

  it('names what is wrong', () => {
    expect(() => parseSpecArgs([])).toThrow(/name a workload/);
    expect(() => parseSpecArgs(['W2', '--threads', '0'])).toThrow(/--threads must be a positive integer, got '0'/);
    expect(() => parseSpecArgs(['W2', '--runs'])).toThrow(/--runs needs a value/);
    expect(() => parseSpecArgs(['W2', '--fast', '1'])).toThrow(/unknown option '--fast'/);
  });
});
