/**
 * Dropout: p validation, identity in eval, inverted scaling, seeding, gradient.
 */
import { describe, expect, it } from 'vitest';
import {
  Dropout,
  Dropout2d,
  DTypeError,
  manualSeed,
  ones,
  Rng,
  randn,
  ShapeError,
  type Tensor,
  ValueError,
  zeros,
} from '../../src/index.js';

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

describe('Dropout2d', () => {
  it('zeroes whole channels with probability p and scales the kept ones by 1/(1 − p)', () => {
    const p = 0.25;
    const y = new Dropout2d(p, { rng: new Rng(3) }).forward(ones([40, 50, 3, 2]));
    const scale = Math.fround(1 / (1 - p));
    let dropped = 0;
    for (let ch = 0; ch < 40 * 50; ch++) {
      const map = Array.from(y.data.slice(ch * 6, ch * 6 + 6));
      expect(map.every((v) => v === map[0])).toBe(true); // one decision per (n, c)
      expect(map[0] === 0 || map[0] === scale).toBe(true);
      if (map[0] === 0) dropped++;
    }
    expect(Math.abs(dropped / 2000 - p)).toBeLessThan(0.04); // ~4 standard errors
  });

  it('takes unbatched [C, H, W] inputs, is seeded, the identity in eval, and passes scaled gradients', () => {
    const x = randn([6, 2, 2], { requiresGrad: true });
    const a = new Dropout2d(0.5, { rng: new Rng(8) }).forward(x);
    const b = new Dropout2d(0.5, { rng: new Rng(8) }).forward(x);
    expect(b.data).toEqual(a.data);
    a.sum().backward();
    const g = Array.from((x.grad as Tensor).data);
    for (let c = 0; c < 6; c++) {
      const kept = a.data[c * 4] !== 0 || x.data[c * 4] === 0;
      expect(g.slice(c * 4, c * 4 + 4)).toEqual(new Array(4).fill(kept ? 2 : 0));
    }
    const drop = new Dropout2d(0.5);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    expect(String(new Dropout2d(0.2))).toBe('Dropout2d(p=0.2)');
  });

  it('checks p and the input rank', () => {
    expect(() => new Dropout2d(1)).toThrow(
      'Dropout2d: p must be in [0, 1), got 1; it is the probability of dropping a channel (0.5 is usual)',
    );
    expect(() => new Dropout2d(0.5).forward(zeros([4, 10]))).toThrow(
      'Dropout2d: input shape [4, 10] has 2 dims, expected [N, C, H, W] or [C, H, W]; use Dropout for inputs without channels',
    );
    expect(() => new Dropout2d(0.5).forward(zeros([2, 2, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => new Dropout2d(0.5).forward(zeros([2, 3, 2, 2, 2]))).toThrow(ShapeError);
  });
});
