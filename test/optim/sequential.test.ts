import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR, ExponentialLR, LinearLR, SequentialLR, SGD, tensor } from '../../src/index.js';
import { fixtureTests, replaySchedule, scheduleCases } from './trajectory.js';

describe('SequentialLR: PyTorch lrs and weights', () =>
  fixtureTests(scheduleCases('SequentialLR'), replaySchedule, it));

describe('SequentialLR', () => {
  const opt = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });

  it('warms up, then hands over to the next schedule from its own step 0', () => {
    const o = opt();
    const s = new SequentialLR(
      o,
      [new LinearLR(o, { startFactor: 0.5, totalIters: 2 }), new CosineAnnealingLR(o, { tMax: 2 })],
      [2],
    );
    const lrs = [s.getLastLr()[0]];
    for (let i = 0; i < 4; i++) {
      o.step();
      s.step();
      lrs.push(s.getLastLr()[0]);
    }
    expect(lrs.map((v) => Number((v as number).toPrecision(12)))).toEqual([0.05, 0.075, 0.1, 0.05, 0]);
  });

  it('checks its schedules and milestones', () => {
    const o = opt();
    const a = new LinearLR(o);
    const b = new ExponentialLR(o, { gamma: 0.9 });
    expect(() => new SequentialLR(o, [a, b], [])).toThrow(
      'SequentialLR: expected 1 milestones for 2 schedulers, got 0',
    );
    expect(() => new SequentialLR(o, [a, new ExponentialLR(opt(), { gamma: 0.9 })], [3])).toThrow(
      'schedulers[1] does not belong to the optimizer passed in',
    );
    expect(() => new SequentialLR(o, [a, b, b], [3, 2])).toThrow('SequentialLR: milestones must increase');
  });
});
