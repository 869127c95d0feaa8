import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutogradError, backward, isGradEnabled, noGrad, type Tensor, tensor } from '../src/index.js';

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
    expect(a.grad?.data).not.toBe(b.grad?.data);
    (a.grad?.data as Float32Array)[0] = 100;
    expect(b.grad?.toArray()).toEqual([1, 1]);
  });

  it('a seed that flows through unchanged is copied, not taken', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const seed = tensor([
      [1, 2],
      [3, 4],
    ]);
    x.clone().reshape([2, 2]).backward(seed);
    expect(x.grad?.data).not.toBe(seed.data);
    (seed.data as Float32Array)[0] = 100;
    expect(x.grad?.toArray()).toEqual([1, 2, 3, 4]);
  });

  it('a second backward sums into a fresh .grad, leaving the tensor of the first intact', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const x = tensor([[5, 6]]);
    const g = tensor([[1, 1]]);
    const y = x.matmul(w);
    y.backward(g);
    expect(w.grad?.toArray()).toEqual([
      [5, 5],
      [6, 6],
    ]);
    const first = w.grad;
    x.matmul(w).backward(g);
    expect(w.grad).not.toBe(first);
    expect(w.grad?.toArray()).toEqual([
      [10, 10],
      [12, 12],
    ]);
    expect(first?.toArray()).toEqual([
      [5, 5],
      [6, 6],
    ]);
  });

  it('no two leaves, the seed or a graph tensor ever share a gradient array (random graphs)', () => {
    // ops that pass their gradient through (clone, reshape, add's same-shape operand) or hand one
    // gradient to both operands are where arrays could be shared
    const op = fc.record({ kind: fc.constantFrom('add', 'mul', 'clone', 'reshape', 'neg'), i: fc.nat(), j: fc.nat() });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), fc.boolean(), (ops, seeded) => {
        const leaves = [0, 1, 2].map((k) => tensor([k + 1, k + 2, k + 3, k + 4], { requiresGrad: true }));
        const pool: Tensor[] = [...leaves];
        for (const { kind, i, j } of ops) {
          const a = pool[i % pool.length] as Tensor;
          const b = pool[j % pool.length] as Tensor;
          if (kind === 'add') pool.push(a.add(b));
          else if (kind === 'mul') pool.push(a.mul(b));
          else if (kind === 'clone') pool.push(a.clone());
          else if (kind === 'reshape') pool.push(a.reshape([2, 2]).reshape([4]));
          else pool.push(a.neg());
        }
        const root = pool[pool.length - 1] as Tensor;
        const seed = tensor([1, -2, 3, -4]);
        if (seeded) root.backward(seed);
        else root.sum().backward();
        const forward = new Set(pool.map((t) => t.data));
        const seen = new Set<unknown>([seed.data]);
        for (const leaf of leaves) {
          if (leaf.grad === null) continue;
          expect(seen.has(leaf.grad.data)).toBe(false);
          expect(forward.has(leaf.grad.data)).toBe(false);
          seen.add(leaf.grad.data);
        }
      }),
      { numRuns: 300 },
    );
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
