/**
 * Linear (math, shapes, PyTorch init, errors naming the layer, gradients), Flatten and Identity.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DTypeError,
  Flatten,
  Identity,
  Linear,
  manualSeed,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';

beforeEach(() => manualSeed(0));

describe('Linear', () => {
  it('computes x·Wᵀ + b for [N, in], [..., in] and [in] inputs', () => {
    const fc = new Linear(2, 3);
    fc.loadStateDict({
      weight: tensor([
        [1, 0],
        [1, 1],
        [0, 2],
      ]),
      bias: tensor([0, 0, 1]),
    });
    expect(fc.forward(tensor([[1, 2]])).toArray()).toEqual([[1, 3, 5]]);
    expect(fc.forward(tensor([1, 2])).toArray()).toEqual([1, 3, 5]);
    expect(fc.forward(zeros([4, 5, 2])).shape).toEqual([4, 5, 3]);
    const noBias = new Linear(2, 3, { bias: false });
    expect(noBias.bias).toBeNull();
    expect(noBias.parameters()).toHaveLength(1);
    noBias.loadStateDict({
      weight: tensor([
        [1, 0],
        [1, 1],
        [0, 2],
      ]),
    });
    expect(noBias.forward(tensor([[1, 2]])).toArray()).toEqual([[1, 3, 4]]);
  });

  it('initializes weight and bias from U(−1/√in, 1/√in), in the requested dtype', () => {
    manualSeed(3);
    const fc = new Linear(64, 512, { dtype: 'float64' });
    expect(fc.weight.shape).toEqual([512, 64]);
    expect(fc.weight.dtype).toBe('float64');
    expect(fc.weight.requiresGrad).toBe(true);
    const bound = 1 / 8;
    for (const p of [fc.weight, fc.bias as Tensor]) {
      const v = Array.from(p.data as ArrayLike<number>);
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    }
    const w = Array.from(fc.weight.data as ArrayLike<number>);
    const std = Math.sqrt(w.reduce((a, b) => a + b * b, 0) / w.length);
    expect(std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
  });

  it('names itself in shape and dtype errors, and checks its sizes', () => {
    const fc = new Linear(784, 128);
    expect(() => fc.forward(zeros([32, 100]))).toThrow(ShapeError);
    expect(() => fc.forward(zeros([32, 100]))).toThrow(
      'Linear(784 → 128): input shape [32, 100] does not match expected [N, 784]',
    );
    expect(() => fc.forward(zeros([2, 3, 5]))).toThrow('input shape [2, 3, 5] does not match expected [..., 784]');
    expect(() => fc.forward(tensor(3))).toThrow(ShapeError);
    expect(() => new Linear(2, 2).forward(zeros([1, 2], { dtype: 'bool' }))).toThrow(DTypeError);
    expect(() => new Linear(0, 3)).toThrow('Linear: inFeatures must be a positive integer, got 0');
    expect(() => new Linear(3, 2.5)).toThrow(ValueError);
  });

  it('gradients of the input pass a float64 finite-difference check', () => {
    manualSeed(1);
    const fc = new Linear(3, 2, { dtype: 'float64' });
    gradcheck((x) => fc.forward(x), [randn([4, 3], { dtype: 'float64' })]);
  });
});

describe('Flatten and Identity', () => {
  it('Flatten keeps the batch dimension by default', () => {
    expect(new Flatten().forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(new Flatten(0).forward(zeros([2, 3, 4])).shape).toEqual([24]);
    expect(new Flatten(1, 2).forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
    expect(new Flatten().extraRepr()).toBe('startDim=1, endDim=-1');
  });
  it('Identity returns its input', () => {
    const x = randn([3]);
    expect(new Identity().forward(x)).toBe(x);
    expect(new Identity().parameters()).toEqual([]);
  });
});
