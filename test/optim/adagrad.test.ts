import { describe, expect, it } from 'vitest';
import { Adagrad, tensor } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

describe('Adagrad: PyTorch trajectories', () => fixtureTests(optimizerCases('Adagrad'), replayOptimizer, it));

describe('Adagrad', () => {
  it('the first step moves every coordinate by lr (g / √g²), whatever the gradient scale', () => {
    const w = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adagrad([w], { lr: 0.1, eps: 0 });
    w.grad = tensor([1000, 0.001], { dtype: 'float64' });
    opt.step();
    expect(Array.from(w.data)).toEqual([0.9, 0.9]);
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new Adagrad(p, { lr: Number.POSITIVE_INFINITY })).toThrow('Adagrad: lr must be finite');
    expect(() => new Adagrad(p, { lrDecay: -1 })).toThrow('Adagrad: lrDecay must be a finite number >= 0, got -1');
    expect(() => new Adagrad(p, { initialAccumulatorValue: -1 })).toThrow(
      'Adagrad: initialAccumulatorValue must be a finite number >= 0',
    );
    expect(() => new Adagrad(p, { eps: -1 })).toThrow('Adagrad: eps must be a finite number >= 0');
  });
});
