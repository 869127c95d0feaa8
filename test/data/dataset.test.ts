import { describe, expect, it } from 'vitest';
import { resolveRng } from '../../src/data/dataset.js';
import { manualSeed, Rng, ShapeError, TensorDataset, tensor } from '../../src/index.js';

describe('TensorDataset', () => {
  it('get(i) returns row i of x and y; negative i counts from the end', () => {
    const ds = new TensorDataset(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([0, 1, 2], { dtype: 'int32' }),
    );
    expect(ds.length).toBe(3);
    expect(ds.get(1).x.toArray()).toEqual([3, 4]);
    expect(ds.get(1).y.shape).toEqual([]);
    expect(ds.get(-1).y.item()).toBe(2);
    expect(() => ds.get(3)).toThrow('TensorDataset.get: index 3 is out of range for 3 samples (valid: -3 to 2)');
  });

  it('needs one target per row', () => {
    expect(() => new TensorDataset(tensor([[1], [2]]), tensor([1]))).toThrow(ShapeError);
    expect(() => new TensorDataset(tensor(1), tensor([1]))).toThrow('need a first (sample) dimension');
  });
});

describe('resolveRng', () => {
  it('an explicit rng wins, then a seed, then the global generator', () => {
    const rng = new Rng(1);
    expect(resolveRng('op', { rng, seed: 5 })).toBe(rng);
    expect(resolveRng('op', { seed: 5 }).uniform()).toBe(new Rng(5).uniform());
    manualSeed(9);
    expect(resolveRng('op', {}).uniform()).toBe(new Rng(9).uniform());
    expect(() => resolveRng('op', { seed: 0.5 })).toThrow('op: seed must be an integer, got 0.5');
  });
});
