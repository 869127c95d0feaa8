import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, tensor, ValueError } from '../../src/index.js';
import {
  checkReduction,
  classWeight,
  expectIndexTarget,
  floatPair,
  opScratch,
  reduceLoss,
} from '../../src/ops/loss-common.js';

describe('loss helpers', () => {
  it('checkReduction lists the allowed values', () => {
    expect(() => checkReduction('mseLoss', 'avg')).toThrow(ValueError);
    expect(() => checkReduction('mseLoss', 'avg')).toThrow(
      "mseLoss: unknown reduction 'avg'; use 'mean', 'sum' or 'none'",
    );
    expect(() => checkReduction('klDiv', 'batchmean', ['mean', 'batchmean'])).not.toThrow();
  });

  it('reduceLoss: mean, sum, none, and a custom denominator', () => {
    const l = tensor([1, 2, 3, 6]);
    expect(reduceLoss('x', l, 'mean').item()).toBe(3);
    expect(reduceLoss('x', l, 'sum').item()).toBe(12);
    expect(reduceLoss('x', l, 'none')).toBe(l);
    expect(reduceLoss('x', l, 'mean', 6).item()).toBe(2);
  });

  it('floatPair promotes to the float dtype and rejects mismatched shapes and int inputs', () => {
    const [a, b] = floatPair('mseLoss', tensor([1, 2]), tensor([1, 2], { dtype: 'int32' }));
    expect([a.dtype, b.dtype]).toEqual(['float32', 'float32']);
    expect(floatPair('mseLoss', tensor([1]), tensor([1], { dtype: 'float64' }))[0].dtype).toBe('float64');
    expect(() => floatPair('mseLoss', tensor([[1], [2]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => floatPair('mseLoss', tensor([1], { dtype: 'int32' }), tensor([1]))).toThrow(DTypeError);
  });

  it('opScratch hands back one array per type and length, of the asked type and length', () => {
    const a = opScratch(new Float32Array(1), 20);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(20);
    expect(opScratch(new Float32Array(3), 20)).toBe(a);
    const b = opScratch(new Float64Array(1), 20);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b).not.toBe(a);
    const c = opScratch(new Float32Array(1), 7);
    expect(c.length).toBe(7);
    expect(opScratch(new Float32Array(1), 7)).toBe(c);
    expect(opScratch(new Float64Array(1), 20)).toBe(b); // the other type's array is kept
  });

  it('classWeight and expectIndexTarget validate with hints', () => {
    expect(() => classWeight('crossEntropy', tensor([1, 2]), 3, tensor([0]))).toThrow(
      'weight must have one entry per class, shape [3], got [2]',
    );
    expect(classWeight('crossEntropy', undefined, 3, tensor([0]))).toBeNull();
    expect(() => expectIndexTarget('nllLoss', tensor([0, 1]))).toThrow("Convert it with target.to('int32')");
  });
});
