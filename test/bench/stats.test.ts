import { describe, expect, it } from 'vitest';
import { formatFigure, formatRatio, median, speedup } from '../../bench/lib/stats.js';

describe('bench stats', () => {
  it('median of odd and even counts, unsorted input untouched', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no values/);
  });

  it('speedup reads the direction of the unit', () => {
    expect(speedup(10, 25, 'lower')).toBe(2.5); // 10 ms vs 25 ms: 2.5× faster
    expect(speedup(40, 20, 'higher')).toBe(2); // 40 vs 20 GFLOP/s
    expect(speedup(20, 10, 'lower')).toBe(0.5);
  });

  it('formats figures with about three significant digits', () => {
    expect(formatFigure(1234.5)).toBe('1,235');
    expect(formatFigure(123.4)).toBe('123');
    expect(formatFigure(12.34)).toBe('12.3');
    expect(formatFigure(1.234)).toBe('1.23');
    expect(formatFigure(0.4567)).toBe('0.457');
    expect(formatFigure(0.04567)).toBe('0.0457');
    expect(formatFigure(0)).toBe('0');
    expect(formatFigure(Number.NaN)).toBe('NaN');
  });

  it('formats ratios', () => {
    expect(formatRatio(2.345)).toBe('2.35×');
    expect(formatRatio(12.34)).toBe('12.3×');
    expect(formatRatio(0.0085)).toBe('0.0085×');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('–');
  });
});
