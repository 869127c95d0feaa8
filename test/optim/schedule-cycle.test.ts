import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, CosineAnnealingWarmRestarts, OneCycleLR, SGD, tensor } from '../../src/index.js';
import { fixtureTests, replaySchedule, scheduleCases } from './trajectory.js';

describe('cyclic schedules: PyTorch lrs, momenta and weights', () =>
  fixtureTests(scheduleCases('CosineAnnealingWarmRestarts', 'OneCycleLR'), replaySchedule, it));

describe('cyclic schedules', () => {
  const sgd = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });

  it('CosineAnnealingWarmRestarts restarts after t0, then after t0·tMult steps', () => {
    const s = new CosineAnnealingWarmRestarts(sgd(), { t0: 2, tMult: 2 });
    const lrs = [s.getLastLr()[0]];
    for (let i = 0; i < 7; i++) {
      s.optimizer.step();
      s.step();
      lrs.push(s.getLastLr()[0]);
    }
    expect(lrs.map((v) => Number((v as number).toFixed(6)))).toEqual([
      0.1, 0.05, 0.1, 0.085355, 0.05, 0.014645, 0.1, 0.096194,
    ]);
  });

  it('OneCycleLR refuses to step past totalSteps', () => {
    const s = new OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 4 });
    for (let i = 0; i < 4; i++) {
      s.optimizer.step();
      s.step();
    }
    s.optimizer.step();
    expect(() => s.step()).toThrow('OneCycleLR: step() was called 5 times, more than totalSteps = 4');
  });

  it('OneCycleLR cycles Adam betas[0] and leaves betas[1]', () => {
    const opt = new Adam([tensor([1], { requiresGrad: true })], { betas: [0.9, 0.99] });
    new OneCycleLR(opt, { maxLr: 0.01, totalSteps: 10 });
    expect(opt.paramGroups[0]?.betas).toEqual([0.95, 0.99]);
    expect(opt.paramGroups[0]?.lr).toBeCloseTo(0.01 / 25, 15);
  });

  it('reject bad settings', () => {
    expect(() => new CosineAnnealingWarmRestarts(sgd(), { t0: 0 })).toThrow('t0 must be an integer >= 1, got 0');
    expect(() => new CosineAnnealingWarmRestarts(sgd(), { t0: 5, tMult: 0 })).toThrow('tMult must be an integer >= 1');
    expect(() => new OneCycleLR(sgd(), { maxLr: 0.1 })).toThrow('OneCycleLR: give totalSteps, or both epochs and');
    expect(() => new OneCycleLR(sgd(), { maxLr: [0.1, 0.2], totalSteps: 10 })).toThrow(
      'OneCycleLR: maxLr has 2 values but the optimizer has 1 param groups',
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, annealStrategy: 'exp' as 'cos' })).toThrow(
      "annealStrategy must be 'cos' or 'linear'",
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, pctStart: 0.1 })).toThrow(
      'leaves a phase without steps',
    );
    const adagrad = new Adagrad([tensor([1], { requiresGrad: true })]);
    expect(() => new OneCycleLR(adagrad, { maxLr: 0.1, totalSteps: 10 })).toThrow(
      'OneCycleLR: cycleMomentum needs an optimizer with momentum or betas',
    );
    expect(() => new OneCycleLR(adagrad, { maxLr: 0.1, totalSteps: 10, cycleMomentum: false })).not.toThrow();
  });
});
