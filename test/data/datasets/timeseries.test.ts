/**
 * windows (count formula, shapes and values: examples and a fast-check property against a naive
 * reference; errors), sineWaves and waveforms (shapes, seeded, the signal really is what the
 * JSDoc says).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTypeError, Rng, ShapeError, sineWaves, tensor, ValueError, waveforms, windows } from '../../../src/index.js';

describe('windows', () => {
  it('cuts [T] into x [N, length, 1] and y [N, horizon]', () => {
    const { x, y } = windows([1, 2, 3, 4, 5, 6], { length: 3 });
    expect(x.shape).toEqual([3, 3, 1]);
    expect(x.toArray()).toEqual([
      [[1], [2], [3]],
      [[2], [3], [4]],
      [[3], [4], [5]],
    ]);
    expect(y.toArray()).toEqual([[4], [5], [6]]);
    const h = windows(new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8]), { length: 2, horizon: 3, stride: 2 });
    expect(h.x.dtype).toBe('float64');
    // N = ⌊(9 − 2 − 3)/2⌋ + 1 = 3 windows, starting at steps 0, 2, 4
    expect(h.x.toArray()).toEqual([
      [[0], [1]],
      [[2], [3]],
      [[4], [5]],
    ]);
    expect(h.y.toArray()).toEqual([
      [2, 3, 4],
      [4, 5, 6],
      [6, 7, 8],
    ]);
  });

  it('keeps features: [T, F] → x [N, length, F], y [N, horizon, F]', () => {
    const series = tensor([
      [0, 10],
      [1, 11],
      [2, 12],
      [3, 13],
    ]);
    const { x, y } = windows(series, { length: 2, horizon: 2 });
    expect(x.toArray()).toEqual([
      [
        [0, 10],
        [1, 11],
      ],
    ]);
    expect(y.toArray()).toEqual([
      [
        [2, 12],
        [3, 13],
      ],
    ]);
    expect(windows(tensor([1, 2, 3]), { length: 2 }).y.shape).toEqual([1, 1]);
  });

  it('copies: changing the windows leaves the series alone', () => {
    const series = new Float32Array([1, 2, 3]);
    const { x } = windows(series, { length: 2 });
    x.data[0] = 99;
    expect(series[0]).toBe(1);
  });

  it('property: N = ⌊(T − length − horizon)/stride⌋ + 1 and every value is series[i·stride + j]', () => {
    const arb = fc.record({
      t: fc.integer({ min: 2, max: 40 }),
      f: fc.integer({ min: 1, max: 3 }),
      length: fc.integer({ min: 1, max: 10 }),
      horizon: fc.integer({ min: 1, max: 4 }),
      stride: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ t, f, length, horizon, stride }) => {
        const values = Float32Array.from({ length: t * f }, (_, k) => k);
        const series = tensor(values, { shape: [t, f] });
        if (t < length + horizon) {
          expect(() => windows(series, { length, horizon, stride })).toThrow(ValueError);
          return;
        }
        const { x, y } = windows(series, { length, horizon, stride });
        const n = Math.floor((t - length - horizon) / stride) + 1;
        expect(x.shape).toEqual([n, length, f]);
        expect(y.shape).toEqual(f === 1 ? [n, horizon] : [n, horizon, f]);
        expect((n - 1) * stride + length + horizon).toBeLessThanOrEqual(t); // the last target fits
        expect(n * stride + length + horizon).toBeGreaterThan(t); // and one more window would not
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < length + horizon; j++) {
            for (let c = 0; c < f; c++) {
              const expected = (i * stride + j) * f + c;
              const got = j < length ? x.data[(i * length + j) * f + c] : y.data[(i * horizon + j - length) * f + c];
              if (got !== expected) return false;
            }
          }
        }
        return true;
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  it('errors: too short a series, bad options, non-float or 3-D tensors', () => {
    expect(() => windows([1, 2, 3], { length: 3 })).toThrow(
      'windows: the series has 3 steps, too short for one window of length 3 plus horizon 1 (needs at least 4)',
    );
    expect(() => windows([1, 2, 3], { length: 0 })).toThrow(ValueError);
    expect(() => windows([1, 2, 3], { length: 1, stride: 1.5 })).toThrow(/stride must be a positive integer/);
    expect(() => windows(tensor([1, 2, 3], { dtype: 'int32' }), { length: 1 })).toThrow(DTypeError);
    expect(() => windows(tensor([[[1]]]), { length: 1 })).toThrow(ShapeError);
  });
});

describe('sineWaves', () => {
  it('gives [n, length] float32 rows, the same for the same seed, a new draw from a shared rng', () => {
    const a = sineWaves({ n: 4, seed: 1 });
    expect(a.shape).toEqual([4, 33]);
    expect(a.dtype).toBe('float32');
    expect(Array.from(sineWaves({ n: 4, seed: 1 }).data)).toEqual(Array.from(a.data));
    const rng = new Rng(1);
    const first = sineWaves({ n: 2, length: 10, rng });
    expect(Array.from(sineWaves({ n: 2, length: 10, rng }).data)).not.toEqual(Array.from(first.data));
  });

  it('without noise each row is sin(2π(f·t + φ)) with f in the requested range', () => {
    const waves = sineWaves({ n: 50, length: 40, noise: 0, freq: [0.05, 0.1], seed: 3 });
    for (let i = 0; i < 50; i++) {
      const v = Array.from(waves.data.subarray(i * 40, (i + 1) * 40) as Float32Array);
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
      // A sine satisfies v[t+1] + v[t−1] = 2·cos(2πf)·v[t]; recover f from the first steps.
      const cos = (v[2]! + v[0]!) / (2 * v[1]!);
      if (Math.abs(v[1]!) < 0.2) continue; // ill-conditioned near a zero crossing
      const f = Math.acos(Math.min(1, Math.max(-1, cos))) / (2 * Math.PI);
      expect(f).toBeGreaterThan(0.05 - 1e-3);
      expect(f).toBeLessThan(0.1 + 1e-3);
      for (let t = 1; t < 39; t++) expect(v[t + 1]! + v[t - 1]!).toBeCloseTo(2 * cos * v[t]!, 4);
    }
  });

  it('adds noise of the requested standard deviation', () => {
    const clean = sineWaves({ n: 20, length: 50, noise: 0, seed: 9 });
    const noisy = sineWaves({ n: 20, length: 50, noise: 0.3, seed: 9 });
    // Same seed: the same frequencies and phases are drawn first in each row, then the noise.
    const d = Array.from(noisy.data, (v, k) => v - (clean.data[k] as number));
    const std = Math.sqrt(d.reduce((a, b) => a + b * b, 0) / d.length);
    expect(Math.abs(std - 0.3)).toBeLessThan(0.03);
  });

  it('rejects bad options', () => {
    expect(() => sineWaves({ n: 0 })).toThrow('sineWaves: n must be a positive integer, got 0');
    expect(() => sineWaves({ n: 1, noise: -1 })).toThrow(ValueError);
    expect(() => sineWaves({ n: 1, freq: [0.2, 0.1] })).toThrow(/freq must be \[low, high\]/);
    expect(() => sineWaves({ n: 1, seed: 0.5 })).toThrow(ValueError);
  });
});

describe('waveforms', () => {
  it('gives balanced labels 0, 1, 2 and seeded [n, length] sequences', () => {
    const { x, y, classNames } = waveforms({ n: 7, length: 20, seed: 2 });
    expect(x.shape).toEqual([7, 20]);
    expect(Array.from(y.data)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(y.dtype).toBe('int32');
    expect(classNames).toEqual(['sine', 'square', 'sawtooth']);
    expect(Array.from(waveforms({ n: 7, length: 20, seed: 2 }).x.data)).toEqual(Array.from(x.data));
  });

  it('without noise: squares take only ±1, sawtooths rise in steps of 2f and drop once a period', () => {
    const { x } = waveforms({ n: 30, length: 64, noise: 0, seed: 4 });
    for (let i = 0; i < 30; i++) {
      const v = Array.from(x.data.subarray(i * 64, (i + 1) * 64) as Float32Array);
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
      if (i % 3 === 1) expect(v.every((s) => s === 1 || s === -1)).toBe(true);
      if (i % 3 === 2) {
        const steps = v.slice(1).map((s, t) => s - v[t]!);
        const rise = steps.filter((s) => s > 0);
        expect(Math.max(...rise) - Math.min(...rise)).toBeLessThan(1e-5); // a constant slope 2f
        expect(rise[0]! / 2).toBeGreaterThanOrEqual(0.02 - 1e-6);
        expect(rise[0]! / 2).toBeLessThan(0.12);
        expect(steps.filter((s) => s < 0).length).toBeLessThanOrEqual(Math.ceil(64 * 0.12)); // one drop per period
      }
    }
  });

  it('rejects bad options', () => {
    expect(() => waveforms({ n: 3, length: 0 })).toThrow('waveforms: length must be a positive integer, got 0');
  });
});
