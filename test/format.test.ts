import { describe, expect, it } from 'vitest';
import { arange, tensor } from '../src/index.js';

describe('toString prints like PyTorch', () => {
  it('integer-valued floats as "1."', () => {
    expect(tensor([1, 2, 3]).toString()).toBe('tensor([1., 2., 3.])');
  });

  it('fractions with 4 decimals, aligned, rows on new lines', () => {
    expect(
      tensor([
        [1.5, -2],
        [3, 4.25],
      ]).toString(),
    ).toBe('tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.2500]])');
  });

  it('scientific notation for wide ranges; dtype and requiresGrad suffixes', () => {
    expect(tensor([1e-6, 1]).toString()).toBe('tensor([1.0000e-06, 1.0000e+00])');
    expect(tensor([1, 2], { dtype: 'int32' }).toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(tensor([1], { requiresGrad: true }).toString()).toBe('tensor([1.], requiresGrad=true)');
    expect(tensor([true, false]).toString()).toBe('tensor([ true, false], dtype=bool)');
  });

  it('scalars, nan and inf', () => {
    expect(tensor(2.5).toString()).toBe('tensor(2.5000)');
    expect(tensor([Number.NaN, Number.POSITIVE_INFINITY, 1]).toString()).toBe('tensor([nan, inf, 1.])');
  });

  it('elides long tensors', () => {
    const s = arange(2000).toString();
    expect(s).toContain('...');
    expect(s.length).toBeLessThan(100);
  });
});

describe('toString on large tensors', () => {
  it('does not overflow the stack on a million elements', () => {
    const s = tensor(new Float32Array(1_000_000).fill(0.5)).toString();
    expect(s.startsWith('tensor([0.5000, 0.5000, 0.5000, ...')).toBe(true);
  });
});
