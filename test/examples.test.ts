/**
 * The examples, run as smoke tests with few steps: each must train, and its loss must fall.
 */
import { describe, expect, it } from 'vitest';
import { trainIris } from '../examples/iris.js';
import { fitIris } from '../examples/iris-fit.js';
import { compareOptimizers } from '../examples/optimizers.js';
import { trainXor } from '../examples/xor.js';

const quiet = () => {};

describe('examples', () => {
  it('xor.ts: raw ops and manual gradient descent', () => {
    const losses = trainXor({ steps: 300, log: quiet });
    expect(losses).toHaveLength(300);
    expect(losses[299]).toBeLessThan((losses[0] as number) / 4);
  });

  it('iris.ts: the explicit loop', () => {
    const { losses, accuracy } = trainIris({ epochs: 15, log: quiet });
    expect(losses[14]).toBeLessThan((losses[0] as number) / 2);
    expect(accuracy).toBeGreaterThan(0.7);
  });

  it('iris-fit.ts: the same with fit()', async () => {
    const { history, test } = await fitIris({ epochs: 15, verbose: 0 });
    expect(history.epochs[14]?.loss).toBeLessThan((history.epochs[0]?.loss as number) / 2);
    expect(test.accuracy).toBeGreaterThan(0.7);
  });

  it('optimizers.ts: every optimizer lowers the loss', async () => {
    const losses = await compareOptimizers({ epochs: 8, log: quiet });
    expect(Object.keys(losses)).toHaveLength(4);
    for (const series of Object.values(losses)) expect(series[7]).toBeLessThan(series[0] as number);
  });
});
