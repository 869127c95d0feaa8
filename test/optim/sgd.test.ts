import { describe, expect, it } from 'vitest';
import { SGD, tensor, ValueError } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

describe('SGD: PyTorch trajectories', () => fixtureTests(optimizerCases('SGD'), replayOptimizer, it));

describe('SGD', () => {
  it('with momentum 0 it is steepest descent, θ ← θ − lr·g, exactly', () => {
    const w = tensor([1, -2, 3], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.25 });
    w.mul(w).sum().backward(); // g = 2w
    opt.step();
    expect(Array.from(w.data)).toEqual([0.5, -1, 1.5]);
    expect(opt.state.get(w)).toEqual({}); // no momentum buffer without momentum
  });

  it('the velocity starts as the first gradient, then b ← μ·b + (1 − τ)·g', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
    for (const g of [2, 4]) {
      w.grad = tensor([g], { dtype: 'float64' });
      opt.step();
    }
    expect(Array.from(opt.state.get(w)?.momentumBuffer ?? [])).toEqual([0.9 * 2 + 0.5 * 4]);
    expect(w.data[0]).toBeCloseTo(1 - 0.1 * 2 - 0.1 * 3.8, 12);
  });

  it('nesterov needs momentum > 0 and dampening 0', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new SGD(p, { lr: 0.1, nesterov: true })).toThrow(
      'SGD: nesterov needs momentum > 0 and dampening = 0, got momentum 0 and dampening 0',
    );
    expect(() => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(ValueError);
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new SGD(p, { lr: 0 })).toThrow('SGD: lr must be > 0, got 0');
    expect(() => new SGD(p, {} as { lr: number })).toThrow('SGD: lr must be a number, got undefined');
    expect(() => new SGD(p, { lr: 0.1, momentum: -0.9 })).toThrow('SGD: momentum must be a finite number >= 0');
    expect(() => new SGD(p, { lr: 0.1, dampening: -1 })).toThrow('SGD: dampening must be a finite number >= 0');
    expect(() => new SGD(p, { lr: 0.1, weightDecay: -1 })).toThrow('SGD: weightDecay must be a finite number >= 0');
  });
});
