import { describe, expect, it } from 'vitest';
import { AutogradError, backward, isGradEnabled, noGrad, tensor } from '../src/index.js';

describe('autograd', () => {
  it('fills .grad of leaves only, and accumulates across backward calls', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(3);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([3, 3, 3]);
    expect(y.grad).toBeNull(); // non-leaf: no .grad, as PyTorch
    expect(y.isLeaf).toBe(false);
    x.sum().backward();
    expect(x.grad?.toArray()).toEqual([4, 4, 4]);
  });

  it('backward on a non-scalar needs a gradient, and the message says how to fix it', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/shape \[1, 2\].*loss\.mean\(\) or loss\.sum\(\)/);
    y.backward(tensor([[1, 10]]));
    expect(x.grad?.toArray()).toEqual([[2, 20]]);
  });

  it('rejects a gradient of the wrong shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => backward(x.mul(1), tensor([1, 2, 3]))).toThrow('gradient shape [3] does not match output shape [2]');
  });

  it('backward on a tensor that does not require grad explains why', () => {
    expect(() => tensor([1]).backward()).toThrow(/does not require gradients/);
  });

  it('noGrad stops recording and restores the mode, even on throw', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('detach cuts the tape but shares the values', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.toArray()).toEqual([2, 4]);
    const z = d.mul(x).sum();
    z.backward();
    expect(x.grad?.toArray()).toEqual([2, 4]); // only through the second factor
  });

  it('gradients of float32 inputs used in float64 ops come back as float32', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.to('float64').mul(tensor([3, 4], { dtype: 'float64' }));
    y.sum().backward();
    expect(x.grad?.dtype).toBe('float32');
    expect(x.grad?.toArray()).toEqual([3, 4]);
  });

  it('a diamond graph sums both paths exactly once', () => {
    const x = tensor([2], { requiresGrad: true });
    const a = x.mul(3);
    const b = a.mul(a).add(a); // 9x² + 3x
    b.sum().backward();
    expect(x.grad?.item()).toBe(18 * 2 + 3);
  });
});

describe('leaf gradients are owned', () => {
  it('two leaves of one add get separate .grad tensors (modifying one leaves the other)', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    expect(a.grad).not.toBe(b.grad);
    (a.grad?.data as Float32Array)[0] = 100;
    expect(b.grad?.toArray()).toEqual([1, 1]);
  });
});

describe('gradient seeds of another dtype', () => {
  it('are cast to the output dtype before any backward runs, as PyTorch does', () => {
    const x = tensor([0.5, -1.5], { requiresGrad: true });
    x.relu()
      .mul(3)
      .backward(tensor([1.1, 2.2], { dtype: 'float64' }));
    const y = tensor([0.5, -1.5], { requiresGrad: true });
    y.relu()
      .mul(3)
      .backward(tensor([1.1, 2.2])); // the same seed, already float32
    expect(x.grad?.dtype).toBe('float32');
    expect(x.grad?.toArray()).toEqual(y.grad?.toArray());
  });
});
