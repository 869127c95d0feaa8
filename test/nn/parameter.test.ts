/**
 * Parameter: a tensor marked as a learnable weight.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, Parameter, Tensor, tensor, zeros } from '../../src/index.js';

describe('Parameter', () => {
  it('shares the storage of its tensor and requires gradients by default', () => {
    const t = tensor([1, 2, 3]);
    const p = new Parameter(t);
    expect(p).toBeInstanceOf(Tensor);
    expect(p.data).toBe(t.data);
    expect(p.shape).toEqual([3]);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(new Parameter(t, false).requiresGrad).toBe(false);
  });

  it('receives gradients and prints as PyTorch does', () => {
    const p = new Parameter(tensor([2, 3]));
    p.mul(p).sum().backward();
    expect(p.grad?.toArray()).toEqual([4, 6]);
    expect(String(new Parameter(tensor([1, 2]), false))).toBe('Parameter containing:\ntensor([1., 2.])');
  });

  it('integer parameters cannot require gradients', () => {
    expect(() => new Parameter(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(new Parameter(zeros([2], { dtype: 'int32' }), false).dtype).toBe('int32');
  });
});
