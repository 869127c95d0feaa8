/**
 * The examples, run as smoke tests with few steps: each must train, and its loss must fall.
 */
import { describe, expect, it } from 'vitest';
import { buildFashionCnn, shapeMistakes, trainFashionCnn } from '../examples/fashion-cnn.js';
import { trainRingGan } from '../examples/gan-ring.js';
import { trainIris } from '../examples/iris.js';
import { fitIris } from '../examples/iris-fit.js';
import { compareOptimizers } from '../examples/optimizers.js';
import { classifyWaveforms } from '../examples/sequence-classify.js';
import { trainXor } from '../examples/xor.js';
import { Rng } from '../src/index.js';
import { fashionLikeFolder } from './helpers/fashion-like.js';

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

  it('fashion-cnn.ts: the CNN on a small Fashion-MNIST look-alike (the real data is not in CI)', async () => {
    const dir = fashionLikeFolder(100, 20);
    const { history, testAccuracy, filters } = await trainFashionCnn({ dir, limit: 64, epochs: 4, verbose: 0 });
    expect(history.plan.updates).toBe(4);
    expect(history.epochs[3]?.loss).toBeLessThan((history.epochs[0]?.loss as number) * 0.9);
    expect(testAccuracy).toBeGreaterThan(0.1); // better than chance after 4 updates
    expect(filters.shape).toEqual([8, 1, 5, 5]);
  });

  it('fashion-cnn.ts: a wrong input shape gets an error naming the layer, both shapes and the fix', () => {
    const [noChannel, rgb] = shapeMistakes(buildFashionCnn(new Rng(1)));
    expect(noChannel).toBe(
      'Conv2d(1 → 8, kernel 5×5): input shape [64, 28, 28] has 3 dims, expected [N, 1, H, W] — add a channel axis: ' +
        'x.unsqueeze(1) or x.reshape([64, 1, 28, 28])',
    );
    expect(rgb).toMatch(
      /^Conv2d\(1 → 8, kernel 5×5\): input shape \[64, 3, 28, 28\] has 3 channels, expected 1: \[N, 1, H, W\]/,
    );
  });

  it('gan-ring.ts: the written-out GAN loop moves the generated points from the centre towards the ring', async () => {
    const { dLosses, gLosses, coverage, distanceBefore, distanceAfter } = await trainRingGan({
      steps: 100,
      log: quiet,
    });
    expect([dLosses.length, gLosses.length]).toEqual([100, 100]);
    for (const loss of [...dLosses, ...gLosses]) expect(Number.isFinite(loss)).toBe(true);
    expect(distanceBefore).toBeGreaterThan(1.7); // G starts as a blob near the origin (measured 1.84)
    expect(distanceAfter).toBeLessThan(1.4); // measured 1.07 after 100 steps (0.06 after 2,000)
    expect(coverage.perMode).toHaveLength(8);
  });

  it('sequence-classify.ts: a GRU tells waveforms apart; the loss falls', async () => {
    const options = { epochs: 3, trainSize: 480, testSize: 60, hidden: 16, log: quiet };
    const { losses, accuracy } = await classifyWaveforms(options);
    expect(losses).toHaveLength(3);
    expect(losses[2]).toBeLessThan(0.9 * (losses[0] as number)); // measured: 1.10 → 0.90
    expect(accuracy).toBeGreaterThan(0.45); // chance is 1/3; measured 0.67 after these 45 updates
  });
});
