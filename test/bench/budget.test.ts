/** The time budget of the training workloads, and the float32 transport of the shared data. */
import { describe, expect, it } from 'vitest';
import { budgetFrom, prefixNote, RUN_BUDGET_S, unitsWithin } from '../../bench/lib/budget.js';
import { decodeF32, encodeF32 } from '../../bench/lib/f32.js';

describe('bench time budget', () => {
  const images = { full: 10_000, granule: 64 };

  it('gives all the work when it fits twice the budget, else whole granules that fit it, at least one', () => {
    expect(unitsWithin(images, 5000, 20)).toBe(10_000);
    expect(unitsWithin(images, 250, 20)).toBe(10_000); // 40 s: exactly within the slack
    expect(unitsWithin(images, 240, 20)).toBe(4800); // 41.7 s: cut to the 20 s budget (75 batches)
    expect(unitsWithin(images, 9, 20)).toBe(128); // 180 images → 2 batches
    expect(unitsWithin(images, 0.5, 20)).toBe(64); // never less than one batch
    expect(unitsWithin({ full: 5, granule: 1 }, 0.1, 20)).toBe(2); // epochs
    expect(unitsWithin(images, Number.NaN, 20)).toBe(10_000); // no rate: no cut
  });

  it('states a cut, and nothing for the whole work', () => {
    expect(prefixNote(128, 10_000, 'images', 20)).toBe('first 128 of 10,000 images (20 s budget per run)');
    expect(prefixNote(10_000, 10_000, 'images')).toBeUndefined();
  });

  it('reads the budget from the environment, 20 s by default', () => {
    expect(budgetFrom(undefined)).toBe(20);
    expect(budgetFrom('90')).toBe(90);
    expect(budgetFrom('-1')).toBe(20);
    expect(budgetFrom('soon')).toBe(20);
    expect(RUN_BUDGET_S).toBe(budgetFrom(process.env.BENCH_BUDGET_S));
  });
});

describe('bench float32 transport', () => {
  it('round-trips float32 values exactly, little-endian', () => {
    const values = new Float32Array([0, -1.5, 3.4028234663852886e38, 1e-45, Math.PI, Number.NaN]);
    const back = decodeF32(encodeF32(values));
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(encodeF32(new Float32Array([1]))).toBe('AACAPw==');
    expect(() => decodeF32('AAA=')).toThrow(/not a whole number of float32s/);
  });
});
