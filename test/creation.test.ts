import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  eye,
  full,
  linspace,
  manualSeed,
  ones,
  Rng,
  rand,
  randint,
  randn,
  ShapeError,
  tensor,
  ValueError,
  zeros,
} from '../src/index.js';

describe('tensor()', () => {
  it('infers shape and dtype from nested arrays (numbers → float32, booleans → bool)', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor(5).shape).toEqual([]);
    expect(tensor([]).shape).toEqual([0]);
  });

  it('keeps typed-array dtypes and accepts an explicit shape', () => {
    expect(tensor(new Float64Array(4)).dtype).toBe('float64');
    expect(tensor(new Int32Array(4)).dtype).toBe('int32');
    expect(tensor(new Uint8Array(4)).dtype).toBe('bool');
    expect(tensor(new Float32Array(6), { shape: [2, 3] }).shape).toEqual([2, 3]);
    expect(tensor([1.9, -1.9], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
  });

  it('copies its input', () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.data[0]).toBe(1);
  });

  it('rejects ragged arrays and mismatched shapes with ShapeError', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor(new Float32Array(5), { shape: [2, 3] })).toThrow(
      'tensor: 5 values do not fit shape [2, 3] (6 needed)',
    );
  });

  it('round-trips nested arrays through toArray (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          expect(tensor(rows).toArray()).toEqual(rows);
        },
      ),
    );
  });

  it('only float tensors can require gradients', () => {
    expect(() => tensor([1], { dtype: 'int32', requiresGrad: true })).toThrow(/only float tensors/);
  });
});

describe('factories', () => {
  it('zeros, ones, full, eye', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones([3], { dtype: 'int32' }).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(() => zeros([2, -1])).toThrow(ShapeError);
  });

  it('arange and linspace follow PyTorch', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(() => arange(0, 1, 0)).toThrow(ValueError);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(3, 3, 1).toArray()).toEqual([3]);
  });

  it('random factories are seeded: same seed, same values', () => {
    manualSeed(123);
    const a = randn([50]);
    manualSeed(123);
    const b = randn([50]);
    expect(a.toArray()).toEqual(b.toArray());
    expect(rand([4], { rng: new Rng(5) }).toArray()).toEqual(rand([4], { rng: new Rng(5) }).toArray());
    manualSeed(124);
    expect(randn([50]).toArray()).not.toEqual(a.toArray());
  });

  it('rand is in [0, 1), randint in [low, high) as int32, randn has mean 0 and std 1', () => {
    const r = rand([10_000], { rng: new Rng(1) });
    expect(Math.min(...r.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.data)).toBeLessThan(1);
    const k = randint(-3, 4, [10_000], { rng: new Rng(2) });
    expect(k.dtype).toBe('int32');
    expect(new Set(k.data)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
    const n = randn([20_000], { rng: new Rng(3) });
    const values = Array.from(n.data);
    const mean = values.reduce((s, v) => s + v, 0) / n.numel();
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n.numel());
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    expect(() => randint(3, 3, [1])).toThrow(ValueError);
  });
});
