/**
 * Dropout: p validation, identity in eval, inverted scaling, seeding, gradient.
 */
import { describe, expect, it } from 'vitest';
import { Dropout, DTypeError, manualSeed, ones, Rng, randn, type Tensor, ValueError, zeros } from '../../src/index.js';

describe('Dropout', () => {
  it('validates p in [0, 1)', () => {
    expect(() => new Dropout(1)).toThrow('Dropout: p must be in [0, 1), got 1');
    expect(() => new Dropout(-0.1)).toThrow(ValueError);
    expect(() => new Dropout(Number.NaN)).toThrow(ValueError);
    expect(new Dropout().p).toBe(0.5);
  });

  it('is the identity in eval mode and for p = 0', () => {
    const x = randn([10]);
    const drop = new Dropout(0.3);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
  });

  it('zeroes about p of the elements and scales the rest by 1/(1 − p), keeping the mean', () => {
    const p = 0.3;
    const y = new Dropout(p, { rng: new Rng(5) }).forward(ones([100000]));
    const v = Array.from(y.data);
    const scale = Math.fround(1 / (1 - p));
    expect(v.every((e) => e === 0 || e === scale)).toBe(true);
    const dropped = v.filter((e) => e === 0).length / v.length;
    expect(Math.abs(dropped - p)).toBeLessThan(0.006); // ~4 standard errors
    expect(v.reduce((a, b) => a + b, 0) / v.length).toBeCloseTo(1, 1);
  });

  it('is seeded: the same rng seed or manualSeed drops the same elements', () => {
    const x = ones([64]);
    const a = new Dropout(0.5, { rng: new Rng(9) }).forward(x);
    const b = new Dropout(0.5, { rng: new Rng(9) }).forward(x);
    const c = new Dropout(0.5, { rng: new Rng(10) }).forward(x);
    expect(b.data).toEqual(a.data);
    expect(c.data).not.toEqual(a.data);
    manualSeed(2);
    const g1 = new Dropout(0.5).forward(x);
    manualSeed(2);
    const g2 = new Dropout(0.5).forward(x);
    expect(g2.data).toEqual(g1.data);
  });

  it('passes the gradient through the kept elements, scaled', () => {
    const x = randn([50], { requiresGrad: true });
    const y = new Dropout(0.5, { rng: new Rng(1) }).forward(x);
    y.sum().backward();
    const g = Array.from((x.grad as Tensor).data);
    Array.from(y.data).forEach((v, i) => {
      expect(g[i]).toBe(v === 0 ? 0 : 2);
    });
    expect(() => new Dropout(0.5).forward(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});
