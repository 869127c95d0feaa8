import { describe, expect, it } from 'vitest';
import {
  type Dataset,
  loadIris,
  Rng,
  type Sample,
  Subset,
  splitValidation,
  TensorDataset,
  tensor,
} from '../../src/index.js';

const counts = (y: ArrayLike<number>) => [0, 1, 2].map((c) => Array.from(y).filter((v) => v === c).length);

describe('splitValidation', () => {
  it('stratifies iris (sorted by class): never the last rows', () => {
    const { x, y } = loadIris();
    const { train, validation } = splitValidation({ x, y }, 0.2, new Rng(1));
    const v = validation as { x: typeof x; y: typeof y };
    const t = train as { x: typeof x; y: typeof y };
    expect(v.x.shape).toEqual([30, 4]);
    expect(t.x.shape).toEqual([120, 4]);
    expect(counts(v.y.data)).toEqual([10, 10, 10]);
    expect(counts(t.y.data)).toEqual([40, 40, 40]);
  });

  it('splits a Dataset into Subsets, stratified by scalar int32 targets', () => {
    const { x, y } = loadIris();
    const base = new TensorDataset(x, y);
    const lazy: Dataset<Sample> = { length: base.length, get: (i) => base.get(i) };
    const { train, validation } = splitValidation(lazy, 0.2, new Rng(2));
    expect(train).toBeInstanceOf(Subset);
    const val = validation as Subset;
    expect(val.length).toBe(30);
    expect(counts(Array.from({ length: 30 }, (_, i) => val.get(i).y.item()))).toEqual([10, 10, 10]);
    const all = [...(train as Subset).indices, ...val.indices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => i)); // disjoint and complete
    expect(() => val.get(30)).toThrow(/out of range/);
  });

  it('falls back to a plain shuffle for float targets or classes too small to split', () => {
    const x = tensor([[1], [2], [3], [4], [5]]);
    const reg = splitValidation({ x, y: tensor([0.1, 0.2, 0.3, 0.4, 0.5]) }, 0.4, new Rng(1));
    expect((reg.validation as { x: typeof x }).x.shape).toEqual([2, 1]);
    const tiny = splitValidation({ x, y: tensor([0, 0, 0, 0, 1], { dtype: 'int32' }) }, 0.4, new Rng(1));
    expect((tiny.train as { x: typeof x }).x.shape).toEqual([3, 1]);
  });

  it('rejects fractions outside (0, 1) and single samples', () => {
    const { x, y } = loadIris();
    expect(() => splitValidation({ x, y }, 0, new Rng(1))).toThrow(/fraction in \(0, 1\)/);
    expect(() => splitValidation({ x: tensor([[1]]), y: tensor([1]) }, 0.5, new Rng(1))).toThrow(/at least 2/);
  });
});
