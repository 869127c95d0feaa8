import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, loadIris, Rng, tensor, trainTestSplit, ValueError } from '../../src/index.js';

const FC = { numRuns: 60, seed: 11 };

/** x row i is [i, -i]; y[i] = label. */
function data(labels: number[]) {
  const n = labels.length;
  const x = tensor(
    Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : -(k - 1) / 2)),
    {
      shape: [n, 2],
    },
  );
  return { x, y: tensor(Int32Array.from(labels)) };
}

function counts(values: ArrayLike<number>): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of Array.from(values)) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe('trainTestSplit', () => {
  it('sizes follow sklearn; parts are disjoint, cover all rows and keep x and y aligned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 80 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: 10_000 }),
        (n, frac, shuffle, seed) => {
          const labels = Array.from({ length: n }, (_, i) => i % 3);
          const { x, y } = data(labels);
          const nTest = Math.ceil(frac * n);
          fc.pre(nTest < n);
          const s = trainTestSplit(x, y, { testSize: frac, shuffle, seed });
          expect(s.xTest.shape).toEqual([nTest, 2]);
          expect(s.xTrain.shape).toEqual([n - nTest, 2]);
          const all = [...s.trainIndices, ...s.testIndices].sort((a, b) => a - b);
          expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
          if (!shuffle)
            expect(Array.from(s.testIndices)).toEqual(Array.from({ length: nTest }, (_, i) => n - nTest + i));
          // Row data follows the indices.
          expect(Array.from(s.xTrain.data).filter((_, k) => k % 2 === 0)).toEqual(Array.from(s.trainIndices));
          expect(Array.from(s.yTest.data)).toEqual(Array.from(s.testIndices, (i) => labels[i]));
        },
      ),
      FC,
    );
  });

  it('stratified: each class gets floor or ceil of its proportional share, in both parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 30 }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }),
        (classSizes, frac, seed) => {
          const labels = classSizes.flatMap((c, k) => Array<number>(c).fill(k));
          const n = labels.length;
          const nTest = Math.ceil(frac * n);
          fc.pre(nTest >= classSizes.length && n - nTest >= classSizes.length);
          const { x, y } = data(labels);
          const s = trainTestSplit(x, y, { testSize: frac, stratify: true, seed });
          expect(s.yTest.shape).toEqual([nTest]);
          const test = counts(s.yTest.data);
          const train = counts(s.yTrain.data);
          classSizes.forEach((c, k) => {
            const share = (c * nTest) / n;
            const t = test.get(k) ?? 0;
            expect(t).toBeGreaterThanOrEqual(Math.floor(share));
            expect(t).toBeLessThanOrEqual(Math.ceil(share));
            expect(t + (train.get(k) ?? 0)).toBe(c);
          });
          expect(new Set([...s.trainIndices, ...s.testIndices]).size).toBe(n);
        },
      ),
      FC,
    );
  });

  it('iris, 50 stratified test rows: 16/17/17 per class, never the last rows', () => {
    const { x, y } = loadIris();
    const seen = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const s = trainTestSplit(x, y, { testSize: 50, stratify: true, seed });
      expect(s.xTest.shape).toEqual([50, 4]);
      expect(s.xTrain.shape).toEqual([100, 4]);
      const c = [0, 1, 2].map((k) => counts(s.yTest.data).get(k) ?? 0);
      expect([...c].sort()).toEqual([16, 17, 17]);
      seen.add(c.join('/'));
      expect(Array.from(s.testIndices).some((i) => i < 100)).toBe(true);
      // Both parts come out shuffled, not grouped by class.
      expect(Array.from(s.yTrain.data.subarray(0, 30)).every((v) => v === s.yTrain.data[0])).toBe(false);
    }
    expect(seen.size).toBeGreaterThan(1); // the extra rows go to classes chosen at random
  });

  it('same seed, same split; stratify by a separate labels array or tensor', () => {
    const { x, y } = data(Array.from({ length: 40 }, (_, i) => i % 4));
    const a = trainTestSplit(x, y, { testSize: 0.3, seed: 5 });
    const b = trainTestSplit(x, y, { testSize: 0.3, seed: 5 });
    expect(Array.from(a.testIndices)).toEqual(Array.from(b.testIndices));
    const groups = Array.from({ length: 40 }, (_, i) => (i < 20 ? 'a' : 'b'));
    const s = trainTestSplit(x, y, { testSize: 10, stratify: groups, rng: new Rng(2) });
    expect(Array.from(s.testIndices).filter((i) => i < 20).length).toBe(5);
    const t = trainTestSplit(x, y, { testSize: 10, stratify: tensor(Int32Array.from(groups, (g) => +(g === 'a'))) });
    expect(Array.from(t.testIndices).filter((i) => i < 20).length).toBe(5);
  });

  it('errors say what is wrong', () => {
    const { x, y } = data([0, 0, 1, 1, 2]);
    expect(() => trainTestSplit(x, y, { testSize: 5 })).toThrow(ValueError);
    expect(() => trainTestSplit(x, y, { testSize: 1.5 })).toThrow(
      'trainTestSplit: testSize must be a fraction in (0, 1) or a whole number of rows in [1, 4] for 5 rows, got 1.5',
    );
    expect(() => trainTestSplit(x, y, { testSize: 0 })).toThrow(ValueError);
    expect(() => trainTestSplit(x, y, { testSize: 2, stratify: true })).toThrow(
      "trainTestSplit: class '2' has only 1 row",
    );
    const { x: x2, y: y2 } = data([0, 0, 1, 1, 2, 2]);
    expect(() => trainTestSplit(x2, y2, { testSize: 2, stratify: true })).toThrow(
      'trainTestSplit: the test part has 2 rows, fewer than the 3 classes',
    );
    expect(() => trainTestSplit(x2, y2, { testSize: 2, stratify: true, shuffle: false })).toThrow('needs shuffle');
    expect(() => trainTestSplit(x2, arange(5), {})).toThrow('trainTestSplit: x has 6 rows but y has 5');
    expect(() => trainTestSplit(x2, y2, { stratify: ['a', 'b'] })).toThrow('stratify has 2 labels but x has 6 rows');
  });
});
