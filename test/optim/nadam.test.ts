import { describe, expect, it } from 'vitest';
import { NAdam, tensor } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

// The fixture applies pytorch/pytorch#92699 to PyTorch 1.13's NAdam (see scripts/fixtures/optim.py).
describe('NAdam: PyTorch trajectories', () => fixtureTests(optimizerCases('NAdam'), replayOptimizer, it));

describe('NAdam', () => {
  it('tracks the product of the momentum schedule', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new NAdam([w]);
    w.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    opt.step();
    const mu = (t: number) => 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004));
    expect(opt.state.get(w)?.muProduct).toBeCloseTo(mu(1) * mu(2), 15);
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new NAdam(p, { momentumDecay: -1 })).toThrow('NAdam: momentumDecay must be a finite number >= 0');
    expect(() => new NAdam(p, { betas: [-0.5, 0.9] })).toThrow('NAdam: betas[0] must be in [0, 1), got -0.5');
  });
});
