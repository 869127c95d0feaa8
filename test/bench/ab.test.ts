/** bench:ab's option parsing (the comparison itself is a timing tool: no test runs it). */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAbArgs } from '../../bench/ab.js';

describe('bench:ab options', () => {
  it('reads trees, what, n, threads and runs, with defaults', () => {
    expect(parseAbArgs(['--trees', 'a=/x,b=y'])).toEqual({
      trees: [
        { label: 'a', dir: '/x' },
        { label: 'b', dir: resolve('y') },
      ],
      what: 'w6',
      n: 1024,
      threads: [1, 2],
      runs: 5,
    });
    const cli = parseAbArgs(['--', '--trees=a=/x', '--what=cli', '--runs', '9', '--n', '512', '--threads', '1']);
    expect(cli).toMatchObject({ what: 'cli', runs: 9, n: 512, threads: [1] });
    const spec = parseAbArgs(['--trees', 'a=/x', '--what', 'spec', '--spec', '/tmp/w5/W5-spec.json']);
    expect(spec).toMatchObject({ what: 'spec', spec: '/tmp/w5/W5-spec.json' });
  });

  it('names what is wrong', () => {
    expect(() => parseAbArgs([])).toThrow(/--trees label=DIR/);
    expect(() => parseAbArgs(['--trees', 'a'])).toThrow(/label=DIR, got 'a'/);
    expect(() => parseAbArgs(['--trees', 'a=/x', '--what', 'w9'])).toThrow(/w6, cli or spec/);
    expect(() => parseAbArgs(['--trees', 'a=/x', '--what', 'spec'])).toThrow(/needs --spec FILE/);
    expect(() => parseAbArgs(['--trees', 'a=/x', '--runs', '0'])).toThrow(/--runs must be a positive integer/);
    expect(() => parseAbArgs(['--trees'])).toThrow(/bad option/);
  });
});
