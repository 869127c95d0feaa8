import { describe, expect, it } from 'vitest';
import { describePlan, formatCount, planTraining, ValueError } from '../../src/index.js';

describe('planTraining', () => {
  it('says the plan of the iris recipe', () => {
    const plan = planTraining(100, { batchSize: 20, epochs: 200 });
    expect(plan).toEqual({
      samples: 100,
      regime: 'minibatch',
      batchSize: 20,
      updatesPerEpoch: 5,
      epochs: 200,
      updates: 1000,
    });
    expect(describePlan(plan)).toBe('100 samples · batch size 20 → 5 updates per epoch · 200 epochs → 1,000 updates');
  });

  it('gives 1 update per epoch for full batch and N for online', () => {
    const batch = planTraining(100, { regime: 'batch', epochs: 200 });
    expect([batch.batchSize, batch.updatesPerEpoch, batch.updates]).toEqual([100, 1, 200]);
    expect(describePlan(batch)).toBe(
      '100 samples · full batch (batch size 100) → 1 update per epoch · 200 epochs → 200 updates',
    );
    const online = planTraining(150, { regime: 'online', epochs: 2 });
    expect([online.batchSize, online.updatesPerEpoch, online.updates]).toEqual([1, 150, 300]);
    expect(describePlan(online)).toBe(
      '150 samples · online (batch size 1) → 150 updates per epoch · 2 epochs → 300 updates',
    );
  });

  it('rounds the last partial batch up: ceil(N / batchSize)', () => {
    expect(planTraining(101, { batchSize: 20 }).updatesPerEpoch).toBe(6);
    expect(planTraining(7, {}).batchSize).toBe(7); // default 32, capped at N
    expect(planTraining(7, {}).regime).toBe('batch');
    expect(planTraining(7, { batchSize: 1 }).regime).toBe('online');
    expect(planTraining(7, { regime: 'minibatch', batchSize: 1 }).regime).toBe('minibatch');
    expect(describePlan(planTraining(1, { epochs: 1 }))).toBe(
      '1 sample · full batch (batch size 1) → 1 update per epoch · 1 epoch → 1 update',
    );
  });

  it('rejects bad values and contradictions', () => {
    expect(() => planTraining(10, { epochs: 0 })).toThrow(/epochs must be a positive integer, got 0/);
    expect(() => planTraining(10, { batchSize: 2.5 })).toThrow(ValueError);
    expect(() => planTraining(0, {})).toThrow(/at least one/);
    expect(() => planTraining(10, { regime: 'online', batchSize: 5 })).toThrow(
      /regime 'online' means a batch size of 1/,
    );
    expect(() => planTraining(10, { regime: 'batch', batchSize: 5 })).toThrow(/N = 10/);
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => planTraining(10, { regime: 'full' as any })).toThrow(/regime must be/);
  });

  it('formats counts with thousands separators', () => {
    expect([formatCount(7), formatCount(1000), formatCount(20000), formatCount(1234567)]).toEqual([
      '7',
      '1,000',
      '20,000',
      '1,234,567',
    ]);
  });
});
