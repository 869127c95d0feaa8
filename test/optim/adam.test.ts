import { describe, expect, it } from 'vitest';
import { Adam, AdamW, tensor } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

describe('Adam and AdamW: PyTorch trajectories', () =>
  fixtureTests(optimizerCases('Adam', 'AdamW'), replayOptimizer, it));

describe('Adam and AdamW', () => {
  it('the first Adam step moves each coordinate by about lr, whatever the gradient scale', () => {
    const w = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1 });
    w.grad = tensor([1000, 0.001], { dtype: 'float64' });
    opt.step();
    expect(w.data[0]).toBeCloseTo(0.9, 9);
    expect(w.data[1]).toBeCloseTo(0.9, 4); // eps = 1e-8 against |g| = 1e-3
  });

  it('AdamW decays the weights directly: with a zero gradient θ ← θ·(1 − lr·λ)', () => {
    const w = tensor([2], { dtype: 'float64', requiresGrad: true });
    const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
    w.grad = tensor([0], { dtype: 'float64' });
    opt.step();
    expect(w.data[0]).toBe(2 * (1 - 0.05));
    // Adam's L2 penalty instead passes through the normalization: a full lr-sized step
    const v = tensor([2], { dtype: 'float64', requiresGrad: true });
    const adam = new Adam([v], { lr: 0.1, weightDecay: 0.5 });
    v.grad = tensor([0], { dtype: 'float64' });
    adam.step();
    expect(v.data[0]).toBeCloseTo(1.9, 6);
  });

  it('AdamW defaults to weightDecay 0.01, Adam to 0; float64 parameters keep float64 state', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    expect(new AdamW([w]).defaults.weightDecay).toBe(0.01);
    const opt = new Adam([w]);
    expect(opt.defaults).toEqual({
      lr: 0.001,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    });
    w.mul(w).sum().backward();
    opt.step();
    expect(opt.state.get(w)?.expAvg).toBeInstanceOf(Float64Array);
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new Adam(p, { lr: -0.1 })).toThrow('Adam: lr must be > 0, got -0.1');
    expect(() => new Adam(p, { betas: [1, 0.999] })).toThrow('Adam: betas[0] must be in [0, 1), got 1');
    expect(() => new AdamW(p, { betas: [0.9, -0.1] })).toThrow('AdamW: betas[1] must be in [0, 1), got -0.1');
    expect(() => new Adam(p, { betas: [0.9] as unknown as [number, number] })).toThrow('Adam: betas must be a pair');
    expect(() => new Adam(p, { eps: -1e-8 })).toThrow('Adam: eps must be a finite number >= 0, got -1e-8');
    expect(() => new AdamW(p, { weightDecay: -0.01 })).toThrow('AdamW: weightDecay must be a finite number >= 0');
    expect(() => new Adam(p, { amsgrad: 'yes' as unknown as boolean })).toThrow('Adam: amsgrad must be true or false');
  });
});
