import { describe, expect, it } from 'vitest';
import { buildLeNet, describeLeNet, findMistakes, loadCnnData } from '../../src/cli/cnn-presets.js';
import { Rng, ShapeError, tensor, ValueError, zeros } from '../../src/index.js';
import { DatasetNotFoundError } from '../../src/node/datasets.js';
import { fashionLikeFolder } from '../helpers/fashion-like.js';

describe('loadCnnData', () => {
  it('digits-cnn: a stratified 75/25 split, standardized with the training part only; raw test images kept', () => {
    const data = loadCnnData('digits-cnn', { rng: new Rng(1) });
    expect(data.xTrain.shape).toEqual([1347, 1, 8, 8]);
    expect(data.xTest.shape).toEqual([450, 1, 8, 8]);
    expect(data.side).toBe(8);
    expect(data.classNames).toHaveLength(10);
    expect(data.xTrain.mean().item()).toBeCloseTo(0, 5);
    expect(data.xTrain.std().item()).toBeCloseTo(1, 5);
    // The test part is transformed with the training statistics: raw = x·std + mean.
    expect(data.rawTest.min().item()).toBe(0);
    expect(data.rawTest.max().item()).toBe(1);
    const back = data.xTest.mul(data.std).add(data.mean);
    expect(Math.abs(back.sub(data.rawTest).abs().max().item())).toBeLessThan(1e-5);
    // Stratified: 25% of every class (each has 174..183 images) is 43..46 test images.
    const perClass = new Array(10).fill(0);
    for (const k of data.yTest.data) perClass[k] += 1;
    for (const count of perClass) expect(count).toBeGreaterThanOrEqual(43);
    // The seed draws the split.
    const other = loadCnnData('digits-cnn', { rng: new Rng(2) });
    expect(Array.from(other.yTest.data)).not.toEqual(Array.from(data.yTest.data));
  });

  it('limit keeps the first N training images and the whole test part', () => {
    const full = loadCnnData('digits-cnn', { rng: new Rng(1) });
    const some = loadCnnData('digits-cnn', { rng: new Rng(1), limit: 100 });
    expect(some.xTrain.shape).toEqual([100, 1, 8, 8]);
    expect(Array.from(some.yTrain.data)).toEqual(Array.from(full.yTrain.data.subarray(0, 100)));
    expect(some.xTest.shape).toEqual([450, 1, 8, 8]);
    expect(loadCnnData('digits-cnn', { rng: new Rng(1), limit: 5000 }).xTrain.shape[0]).toBe(1347);
    expect(() => loadCnnData('digits-cnn', { rng: new Rng(1), limit: 0 })).toThrow(ValueError);
  });

  it('fashion-cnn: reads the folder given; a missing data set says how to get it', () => {
    const data = loadCnnData('fashion-cnn', { rng: new Rng(1), dataDir: fashionLikeFolder(30, 20), limit: 20 });
    expect(data.xTrain.shape).toEqual([20, 1, 28, 28]);
    expect(data.xTest.shape).toEqual([20, 1, 28, 28]);
    expect(data.classNames[9]).toBe('Ankle boot');
    expect(() => loadCnnData('fashion-cnn', { rng: new Rng(1), dataDir: '/nonexistent/fashion' })).toThrow(
      DatasetNotFoundError,
    );
    expect(() => loadCnnData('mnist-cnn' as 'digits-cnn', { rng: new Rng(1) })).toThrow(
      /unknown CNN preset 'mnist-cnn'/,
    );
  });
});

describe('buildLeNet', () => {
  it('names the layer, the expected and actual shapes and the fix for a wrong input', () => {
    const model = buildLeNet(28, 10, new Rng(1));
    expect(model.forward(zeros([2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(() => model.forward(zeros([64, 28, 28]))).toThrow(ShapeError);
    expect(() => model.forward(zeros([64, 28, 28]))).toThrow(
      'Conv2d(1 → 8, kernel 5×5): input shape [64, 28, 28] has 3 dims, expected [N, 1, H, W] — add a channel axis: ' +
        'x.unsqueeze(1) or x.reshape([64, 1, 28, 28])',
    );
    expect(() => model.forward(zeros([64, 3, 28, 28]))).toThrow(
      /^Conv2d\(1 → 8, kernel 5×5\): input shape \[64, 3, 28, 28\] has 3 channels, expected 1: \[N, 1, H, W\] — .*inChannels 3/,
    );
    expect(buildLeNet(8, 10, new Rng(1)).forward(zeros([2, 1, 8, 8])).shape).toEqual([2, 10]);
  });

  it('the same seed gives the same weights; the line describing it counts the parameters', () => {
    const a = buildLeNet(8, 10, new Rng(3));
    expect(Array.from(buildLeNet(8, 10, new Rng(3)).at(0).stateDict().weight?.data ?? [])).toEqual(
      Array.from(a.at(0).stateDict().weight?.data ?? []),
    );
    expect(describeLeNet(a)).toMatch(/linear 64 → 10 · 4,074 parameters$/);
    expect(describeLeNet(buildLeNet(28, 10, new Rng(3)))).toMatch(/linear 784 → 10 · 11,274 parameters$/);
    expect(() => buildLeNet(3, 10, new Rng(1))).toThrow(/too small/);
  });

  it('findMistakes lists the first misclassified images in order, with class names', () => {
    const target = tensor([0, 1, 2, 1], { dtype: 'int32' });
    expect(findMistakes([0, 2, 1, 1], target, ['a', 'b', 'c'], 5)).toEqual([
      { index: 1, true: 'b', predicted: 'c' },
      { index: 2, true: 'c', predicted: 'b' },
    ]);
    expect(findMistakes([0, 2, 1, 1], target, ['a', 'b', 'c'], 1)).toHaveLength(1);
  });
});
