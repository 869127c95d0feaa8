import { describe, expect, it } from 'vitest';
import { DTypeError, type Rng, ShapeError, type Tensor, tensor, ValueError } from '../../src/index.js';
// math.ts is imported directly until src/ops/index.ts re-exports it.
import { clamp, maximum, minimum, pow } from '../../src/ops/math.js';
import { checkOp } from '../helpers/check-op.js';

const BROADCAST: number[][][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[2, 3, 4], [4]],
  [
    [3, 1],
    [1, 5],
  ],
  [[1], [2, 2]],
  [[], [3]],
  [[3], []],
];

describe('pow', () => {
  // Positive bases keep aᵇ real for every exponent; exponents in [-2, 2].
  const positiveBase = (r: Rng, i: number) => (i === 0 ? r.uniform(0.3, 2) : r.uniform(-2, 2));
  it('tensor ** tensor, broadcast', () =>
    checkOp('pow', pow, { shapes: BROADCAST, domain: positiveBase, reference: Math.pow }));
  it('tensor ** integer number (negative bases too)', () =>
    checkOp('pow x^3', (x) => pow(x, 3), { shapes: [[[3, 4]], [[]]], reference: (x) => x ** 3 }));
  it('tensor ** fractional number', () =>
    checkOp('pow x^0.5', (x) => x.pow(-1.5), { shapes: [[[2, 3]]], domain: [0.3, 2], reference: (x) => x ** -1.5 }));
  it('number ** tensor', () =>
    checkOp('pow 2.5^x', (x) => pow(2.5, x), { shapes: [[[2, 1, 3]], [[]]], reference: (x) => 2.5 ** x }));

  it('at base 0 the exponent gradient is masked (0 for b ≥ 0), as PyTorch', () => {
    const a = tensor([0, 0, 0, 2], { dtype: 'float64', requiresGrad: true });
    const b = tensor([2, 0, -1, 0], { dtype: 'float64', requiresGrad: true });
    const out = pow(a, b);
    expect(out.toArray()).toEqual([0, 1, Number.POSITIVE_INFINITY, 1]);
    out.sum().backward();
    // d/db = aᵇ ln a: masked at a = 0, b ≥ 0; −∞ for 0⁻¹ (∞ · −∞); ln 2 at 2⁰.
    expect(b.grad?.toArray()).toEqual([0, 0, Number.NEGATIVE_INFINITY, Math.LN2]);
    // d/da = b aᵇ⁻¹, 0 where b = 0 (no 0 · 0⁻¹ = NaN).
    expect(a.grad?.toArray()).toEqual([0, 0, Number.NEGATIVE_INFINITY, 0]);
  });

  it('the gradient of x ** 2 is 2x', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.pow(2).sum().backward();
    expect(x.grad?.toArray()).toEqual([2, 4, 6]);
  });

  it('integer dtypes: int ** int stays int32, negative powers truncate, fractions promote', () => {
    const i = tensor([2, 3, -2], { dtype: 'int32' });
    expect(pow(i, 2).dtype).toBe('int32');
    expect(pow(i, 2).toArray()).toEqual([4, 9, 4]);
    expect(pow(i, tensor([-1, 0, -1], { dtype: 'int32' })).toArray()).toEqual([0, 1, 0]);
    expect(pow(tensor([1, -1], { dtype: 'int32' }), tensor([-2, -3], { dtype: 'int32' })).toArray()).toEqual([1, -1]);
    expect(pow(i, 0.5).dtype).toBe('float32');
    expect(pow(tensor([4], { dtype: 'int32' }), 0.5).toArray()).toEqual([2]);
    expect(pow(tensor([true, false]), tensor([true, true])).dtype).toBe('int32');
    expect(pow(tensor([2], { dtype: 'float64' }), 3).dtype).toBe('float64');
  });

  it('errors: int ** negative number, broadcast', () => {
    const i = tensor([2, 3], { dtype: 'int32' });
    expect(() => pow(i, -1)).toThrow(ValueError);
    expect(() => pow(i, -1)).toThrow(
      'pow: integers to negative integer powers are not allowed (int32 base, exponent -1)',
    );
    expect(() => pow(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => pow(tensor([1, 2]), tensor([1, 2, 3]))).toThrow('pow: cannot broadcast [2] with [3]');
  });
});

describe('clamp', () => {
  // Inputs kept 0.02 away from the bounds -0.5 and 1, where the gradient jumps.
  const awayFromBounds = (r: Rng) => {
    for (;;) {
      const v = r.uniform(-2, 2);
      if (Math.abs(v + 0.5) > 0.02 && Math.abs(v - 1) > 0.02) return v;
    }
  };
  const shapes = [[[3, 4]], [[2, 1, 3]], [[]]];
  it('both bounds', () =>
    checkOp('clamp', (x) => clamp(x, -0.5, 1), {
      shapes,
      domain: awayFromBounds,
      reference: (x) => Math.min(Math.max(x, -0.5), 1),
    }));
  it('min only', () =>
    checkOp('clamp min', (x) => x.clamp(-0.5), {
      shapes,
      domain: awayFromBounds,
      reference: (x) => Math.max(x, -0.5),
    }));
  it('max only', () =>
    checkOp('clamp max', (x) => clamp(x, undefined, 1), {
      shapes,
      domain: awayFromBounds,
      reference: (x) => Math.min(x, 1),
    }));

  it('gradient is 1 on the closed interval, boundaries included (as PyTorch)', () => {
    const x = tensor([-1, -0.5, 0, 1, 2, Number.NaN], { requiresGrad: true });
    const y = clamp(x, -0.5, 1);
    expect(y.toArray()).toEqual([-0.5, -0.5, 0, 1, 1, Number.NaN]);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it('min > max gives max everywhere; dtypes; errors', () => {
    expect(clamp(tensor([-1, 0, 5]), 2, 1).toArray()).toEqual([1, 1, 1]);
    const i = tensor([-3, 0, 4], { dtype: 'int32' });
    expect(clamp(i, -1, 2).dtype).toBe('int32');
    expect(clamp(i, -1, 2).toArray()).toEqual([-1, 0, 2]);
    expect(clamp(i, -0.5).dtype).toBe('float32');
    expect(clamp(i, -0.5).toArray()).toEqual([-0.5, 0, 4]);
    expect(clamp(tensor([1, 2], { dtype: 'float64' }), 1.5).dtype).toBe('float64');
    expect(() => clamp(tensor([1]))).toThrow(ValueError);
    expect(() => clamp(tensor([1]))).toThrow('clamp: give min, max or both');
    expect(() => clamp(tensor([true]), 0)).toThrow(DTypeError);
  });
});

describe('maximum / minimum', () => {
  it('maximum', () => checkOp('maximum', maximum, { shapes: BROADCAST, reference: Math.max }));
  it('minimum', () => checkOp('minimum', minimum, { shapes: BROADCAST, reference: Math.min }));
  it('with a number', () =>
    checkOp('maximum 0.3', (x) => x.maximum(0.3), { shapes: [[[3, 4]]], reference: (x) => Math.max(x, 0.3) }));

  it('ties split the gradient half/half, as PyTorch', () => {
    const a = tensor([1, 2, 5], { requiresGrad: true });
    const b = tensor([1, 3, 4], { requiresGrad: true });
    maximum(a, b).sum().backward();
    expect(a.grad?.toArray()).toEqual([0.5, 0, 1]);
    expect(b.grad?.toArray()).toEqual([0.5, 1, 0]);
    const c = tensor([1, 2, 5], { requiresGrad: true });
    const d = tensor([1, 3, 4], { requiresGrad: true });
    c.minimum(d).sum().backward();
    expect(c.grad?.toArray()).toEqual([0.5, 1, 0]);
    expect(d.grad?.toArray()).toEqual([0.5, 0, 1]);
  });

  it('a broadcast operand sums its share over the broadcast dims', () => {
    const x = tensor([[0, 1, 2]], { requiresGrad: true });
    const t = tensor([1], { requiresGrad: true });
    maximum(x, t).sum().backward(); // t wins at 0, ties at 1, loses at 2
    expect(t.grad?.toArray()).toEqual([1.5]);
    expect(x.grad?.toArray()).toEqual([[0, 0.5, 1]]);
  });

  it('NaN propagates; integer dtypes stay integer', () => {
    expect(maximum(tensor([Number.NaN, 1]), tensor([0, Number.NaN])).toArray()).toEqual([Number.NaN, Number.NaN]);
    const m = minimum(tensor([3, -1], { dtype: 'int32' }), 2);
    expect(m.dtype).toBe('int32');
    expect(m.toArray()).toEqual([2, -1]);
    expect(maximum(tensor([1], { dtype: 'int32' }), 0.5).dtype).toBe('float32');
  });

  it('broadcast errors name the op', () => {
    const f = (): Tensor => minimum(tensor([[1, 2]]), tensor([1, 2, 3]));
    expect(f).toThrow('minimum: cannot broadcast [1, 2] with [3]');
  });
});
