import { describe, expect, it } from 'vitest';
import { Adamax, tensor } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

describe('Adamax: PyTorch trajectories', () => fixtureTests(optimizerCases('Adamax'), replayOptimizer, it));

describe('Adamax', () => {
  it('normalizes by the running maximum of |g|', () => {
    const w = tensor([0], { dtype: 'float64', requiresGrad: true });
    const opt = new Adamax([w], { lr: 0.1, eps: 0 });
    for (const g of [4, 1]) {
      w.grad = tensor([g], { dtype: 'float64' });
      opt.step();
    }
    expect(opt.state.get(w)?.expInf[0]).toBe(4 * 0.999); // max(0.999·4, |1|)
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new Adamax(p, { lr: 0 })).toThrow('Adamax: lr must be > 0, got 0');
    expect(() => new Adamax(p, { betas: [0.9, 1] })).toThrow('Adamax: betas[1] must be in [0, 1), got 1');
  });
});
