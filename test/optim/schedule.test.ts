import { describe, expect, it } from 'vitest';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  SGD,
  StepLR,
  tensor,
  ValueError,
} from '../../src/index.js';
import { fixtureTests, replaySchedule, scheduleCases } from './trajectory.js';

describe('decay schedules: PyTorch lrs and weights', () =>
  fixtureTests(
    scheduleCases('StepLR', 'MultiStepLR', 'ExponentialLR', 'LinearLR', 'CosineAnnealingLR'),
    replaySchedule,
    it,
  ));

describe('decay schedules', () => {
  const opt = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
  const run = (s: LRScheduler, n: number) => {
    const lrs = [s.getLastLr()[0]];
    for (let i = 0; i < n; i++) {
      s.optimizer.step();
      s.step();
      lrs.push(s.getLastLr()[0]);
    }
    return lrs.map((v) => Number((v as number).toPrecision(12)));
  };

  it('follow their formulas', () => {
    expect(run(new StepLR(opt(), { stepSize: 2, gamma: 0.5 }), 5)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    expect(run(new MultiStepLR(opt(), { milestones: [3, 1, 3], gamma: 0.5 }), 4)).toEqual([
      0.1, 0.05, 0.05, 0.0125, 0.0125,
    ]);
    expect(run(new ExponentialLR(opt(), { gamma: 0.5 }), 2)).toEqual([0.1, 0.05, 0.025]);
    expect(run(new LinearLR(opt(), { startFactor: 0.25, totalIters: 3 }), 4)).toEqual([0.025, 0.05, 0.075, 0.1, 0.1]);
    expect(run(new CosineAnnealingLR(opt(), { tMax: 2 }), 4)).toEqual([0.1, 0.05, 0, 0.05, 0.1]);
  });

  it('reject bad settings with the schedule, option and value', () => {
    expect(() => new StepLR(opt(), { stepSize: 0 })).toThrow('StepLR: stepSize must be an integer >= 1, got 0');
    expect(() => new StepLR(opt(), { stepSize: 2.5 })).toThrow(ValueError);
    expect(() => new MultiStepLR(opt(), { milestones: [-1] })).toThrow('MultiStepLR: each milestone must be');
    expect(() => new ExponentialLR(opt(), { gamma: Number.NaN })).toThrow('ExponentialLR: gamma must be');
    expect(() => new LinearLR(opt(), { startFactor: 0 })).toThrow('LinearLR: startFactor must be > 0');
    expect(() => new LinearLR(opt(), { endFactor: 1.5 })).toThrow('LinearLR: endFactor must be a number in [0, 1]');
    expect(() => new CosineAnnealingLR(opt(), { tMax: 0 })).toThrow('CosineAnnealingLR: tMax must be an integer >= 1');
  });
});
