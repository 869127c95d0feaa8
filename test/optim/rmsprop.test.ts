import { describe, expect, it } from 'vitest';
import { RMSprop, tensor } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

describe('RMSprop: PyTorch trajectories', () => fixtureTests(optimizerCases('RMSprop'), replayOptimizer, it));

describe('RMSprop', () => {
  it('keeps only the state its options need', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new RMSprop([w], { centered: true });
    w.grad = tensor([1]);
    opt.step();
    expect(Object.keys(opt.state.get(w) ?? {}).sort()).toEqual(['gradAvg', 'squareAvg', 'step']);
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new RMSprop(p, { lr: Number.NaN })).toThrow('RMSprop: lr must be > 0, got NaN');
    expect(() => new RMSprop(p, { alpha: 1.5 })).toThrow('RMSprop: alpha must be in [0, 1], got 1.5');
    expect(() => new RMSprop(p, { momentum: Number.NaN })).toThrow('RMSprop: momentum must be a finite number >= 0');
    expect(() => new RMSprop(p, { centered: 1 as unknown as boolean })).toThrow(
      'RMSprop: centered must be true or false',
    );
  });
});
