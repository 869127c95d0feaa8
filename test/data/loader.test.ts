import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  batches,
  type Dataset,
  numBatches,
  Rng,
  type Sample,
  ShapeError,
  TensorDataset,
  tensor,
  ValueError,
} from '../../src/index.js';

/** x row i is [i, 10 i], y is i: each batch tells which samples it holds. */
function rows(n: number) {
  const x = tensor(
    Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 5 * k - 5)),
    {
      shape: [n, 2],
    },
  );
  const y = arange(n, undefined, 1, { dtype: 'int32' });
  return { x, y };
}

const FC = { numRuns: 60, seed: 42 };

describe('batches', () => {
  it('every index exactly once per epoch; ceil(N/b) batches, or floor with dropLast', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (n, b, shuffle, dropLast, seed) => {
          const data = rows(n);
          const list = [...batches(data, { batchSize: b, shuffle, dropLast, seed })];
          expect(list.length).toBe(dropLast ? Math.floor(n / b) : Math.ceil(n / b));
          expect(list.length).toBe(numBatches(n, b, dropLast));
          const seen = list.flatMap((bt) => Array.from(bt.indices));
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(dropLast ? n - (n % b) : n);
          if (!shuffle) expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
          for (const bt of list) {
            expect(bt.indices.length).toBeLessThanOrEqual(b);
            if (dropLast) expect(bt.indices.length).toBe(b);
            expect(bt.x.shape).toEqual([bt.indices.length, 2]);
            // The rows are the samples the indices name.
            expect(Array.from(bt.y.data)).toEqual(Array.from(bt.indices));
            expect(Array.from(bt.x.data)).toEqual(Array.from(bt.indices).flatMap((i) => [i, 10 * i]));
          }
        },
      ),
      FC,
    );
  });

  it('the same seed gives the same order; an Rng gives a fresh order per epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 80 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, seed) => {
        const data = rows(n);
        const order = (opts: { seed?: number; rng?: Rng }) =>
          [...batches(data, { batchSize: 3, shuffle: true, ...opts })].flatMap((b) => Array.from(b.indices));
        expect(order({ seed })).toEqual(order({ seed }));
        const rng = new Rng(seed);
        const e1 = order({ rng });
        const e2 = order({ rng });
        expect(e1).not.toEqual(e2); // 10! orderings: a repeat is (practically) impossible
        const again = new Rng(seed);
        expect(order({ rng: again })).toEqual(e1);
        expect(order({ rng: again })).toEqual(e2);
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it('draws the permutation when called, not when iteration starts', () => {
    const data = rows(20);
    const rng = new Rng(3);
    const it1 = batches(data, { batchSize: 5, shuffle: true, rng });
    const it2 = batches(data, { batchSize: 5, shuffle: true, rng });
    const ref = new Rng(3);
    const p1 = Array.from(ref.permutation(20));
    const p2 = Array.from(ref.permutation(20));
    expect([...it2].flatMap((b) => Array.from(b.indices))).toEqual(p2);
    expect([...it1].flatMap((b) => Array.from(b.indices))).toEqual(p1);
  });

  it('accepts a TensorDataset and keeps dtypes and trailing dims', () => {
    const x = tensor(
      Float64Array.from({ length: 5 * 2 * 3 }, (_, i) => i),
      { shape: [5, 2, 3] },
    );
    const y = tensor([[1], [2], [3], [4], [5]]);
    const [b0, b1] = [...batches(new TensorDataset(x, y), { batchSize: 4 })];
    expect(b0?.x.shape).toEqual([4, 2, 3]);
    expect(b0?.x.dtype).toBe('float64');
    expect(b1?.x.toArray()).toEqual([
      [
        [24, 25, 26],
        [27, 28, 29],
      ],
    ]);
    expect(b1?.y.toArray()).toEqual([[5]]);
  });

  it('stacks the samples of any Dataset', () => {
    const ds: Dataset<Sample> = {
      length: 7,
      get: (i) => ({ x: tensor([i, -i]), y: tensor(i % 3, { dtype: 'int32' }) }),
    };
    const list = [...batches(ds, { batchSize: 3, shuffle: true, seed: 5 })];
    expect(list.map((b) => b.x.shape)).toEqual([
      [3, 2],
      [3, 2],
      [1, 2],
    ]);
    for (const b of list) {
      expect(b.y.dtype).toBe('int32');
      expect(Array.from(b.y.data)).toEqual(Array.from(b.indices, (i) => i % 3));
      expect(Array.from(b.x.data)).toEqual(Array.from(b.indices).flatMap((i) => [i, -i]));
    }
  });

  it('names the sample whose shape differs', () => {
    const ds: Dataset<Sample> = { length: 3, get: (i) => ({ x: tensor(i === 2 ? [1, 2, 3] : [1, 2]), y: tensor(0) }) };
    expect(() => [...batches(ds, { batchSize: 3 })]).toThrow(ShapeError);
    expect(() => [...batches(ds, { batchSize: 3 })]).toThrow(
      'batches: sample 2 has x [3] float32 but sample 0 has [2]',
    );
  });

  it('a batch of data that needs no gradient is a copy without a tape node', () => {
    const data = rows(6);
    const before = Array.from(data.x.data);
    for (const b of batches(data, { batchSize: 4, shuffle: true, seed: 2 })) {
      expect(b.x.requiresGrad).toBe(false);
      expect(b.x.gradFn).toBeNull();
      expect(b.x.data.buffer).not.toBe(data.x.data.buffer);
      expect(b.y.dtype).toBe('int32');
      b.x.data.fill(-1);
    }
    expect(Array.from(data.x.data)).toEqual(before);
  });

  it('gradients flow through batches to x', () => {
    const x = tensor([[1], [2], [3]], { requiresGrad: true });
    const y = tensor([0, 0, 0], { dtype: 'int32' });
    for (const b of batches({ x, y }, { batchSize: 2 })) b.x.mul(b.x).sum().backward();
    expect(x.grad?.toArray()).toEqual([[2], [4], [6]]);
  });

  it('rejects bad arguments with clear messages', () => {
    const data = rows(4);
    for (const bs of [0, -1, 2.5, Number.NaN]) {
      expect(() => batches(data, { batchSize: bs })).toThrow(ValueError);
    }
    expect(() => batches(data, { batchSize: 0 })).toThrow('batches: batchSize must be a positive integer, got 0');
    expect(() => batches({ x: data.x, y: arange(3) }, { batchSize: 2 })).toThrow('batches: x has 4 rows but y has 3');
    expect(() => batches(data, { batchSize: 2, shuffle: true, seed: 1.5 })).toThrow(
      'batches: seed must be an integer, got 1.5',
    );
  });
});
