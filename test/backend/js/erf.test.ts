import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../../../src/backend/js/erf.js';

// Values from mpmath at 40 digits, rounded to float64.
const ERF: Array<[number, number]> = [
  [0.1, 0.1124629160182849],
  [0.46875, 0.49261347321793797],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [3, 0.9999779095030014],
  [4.5, 0.9999999998033839],
  [6, 1],
];
const ERFC: Array<[number, number]> = [
  [-1, 1.8427007929497148],
  [0.3, 0.6713732405408726],
  [1, 0.15729920705028513],
  [5, 1.537459794428035e-12],
  [10, 2.088487583762545e-45],
  [20, 5.395865611607901e-176],
  [26, 5.663192408856143e-296],
];

describe('erf (Cody)', () => {
  it('matches high-precision values to 1e-15 relative', () => {
    for (const [x, want] of ERF) {
      expect(Math.abs(erf(x) - want), `erf(${x})`).toBeLessThanOrEqual(1e-15 * want);
      expect(erf(-x), `erf(${-x}) is odd`).toBe(-erf(x));
    }
  });

  it('erfc keeps relative precision deep in the tail', () => {
    for (const [x, want] of ERFC) {
      expect(Math.abs(erfc(x) - want), `erfc(${x})`).toBeLessThanOrEqual(1e-15 * want);
    }
  });

  it('erf + erfc = 1 across all three intervals, and the limits hold', () => {
    for (let x = -8; x <= 8; x += 0.0625) expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(2e-16 * 4);
    expect(erf(0)).toBe(0);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erfc(1000)).toBe(0);
    expect(erfc(-1000)).toBe(2);
    expect(erf(Number.NaN)).toBeNaN();
    expect(erfc(Number.NaN)).toBeNaN();
  });
});
