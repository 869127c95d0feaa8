import { describe, expect, it } from 'vitest';
import { ReduceLROnPlateau, SGD, tensor } from '../../src/index.js';
import { fixtureTests, replaySchedule, scheduleCases } from './trajectory.js';

describe('ReduceLROnPlateau: PyTorch lrs and weights', () =>
  fixtureTests(scheduleCases('ReduceLROnPlateau'), replaySchedule, it));

describe('ReduceLROnPlateau', () => {
  const opt = (lr = 0.1) => new SGD([tensor([1], { requiresGrad: true })], { lr });

  it('waits for patience, respects minLr, and accepts a one-element tensor', () => {
    const s = new ReduceLROnPlateau(opt(), { factor: 0.5, patience: 1, minLr: 0.03 });
    expect(s.getLastLr()).toEqual([0.1]);
    for (const m of [1, 1, 1]) s.step(m);
    expect(s.getLastLr()).toEqual([0.05]);
    for (const m of [1, 1, 1, 1]) s.step(tensor([m]));
    expect(s.getLastLr()).toEqual([0.03]);
  });

  it('a NaN metric counts as no improvement', () => {
    const s = new ReduceLROnPlateau(opt(), { patience: 0 });
    s.step(Number.NaN);
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 15);
    expect(s.best).toBeNull();
  });

  it('state dicts are JSON (best starts as null, not Infinity)', () => {
    const s = new ReduceLROnPlateau(opt());
    expect(JSON.parse(JSON.stringify(s.stateDict()))).toMatchObject({ best: null, num_bad_epochs: 0, mode: 'min' });
    s.step(0.5);
    const t = new ReduceLROnPlateau(opt());
    t.loadStateDict(JSON.parse(JSON.stringify(s.stateDict())));
    expect(t.best).toBe(0.5);
  });

  it('rejects bad settings', () => {
    expect(() => new ReduceLROnPlateau(opt(), { factor: 1 })).toThrow('ReduceLROnPlateau: factor must be < 1');
    expect(() => new ReduceLROnPlateau(opt(), { mode: 'up' as 'min' })).toThrow("mode must be 'min' or 'max'");
    expect(() => new ReduceLROnPlateau(opt(), { thresholdMode: 'x' as 'abs' })).toThrow(
      "thresholdMode must be 'rel' or 'abs'",
    );
    expect(() => new ReduceLROnPlateau(opt(), { patience: -1 })).toThrow('patience must be an integer >= 0');
    expect(() => new ReduceLROnPlateau(opt(), { minLr: [0, 0] })).toThrow('minLr has 2 values but the optimizer has 1');
  });
});
