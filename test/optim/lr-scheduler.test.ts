/**
 * The LRScheduler base: initial step, initialLr, closed forms, call-order warning, state dicts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  resetWarnings,
  SGD,
  StepLR,
  setWarningHandler,
  tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

const sgd = (lr = 0.1) => new SGD([tensor([1], { requiresGrad: true })], { lr });
const stepBoth = (s: LRScheduler) => {
  s.optimizer.step();
  s.step();
};

describe('LRScheduler', () => {
  let messages: string[] = [];
  beforeEach(() => {
    resetWarnings();
    messages = [];
    setWarningHandler((m) => messages.push(m));
  });
  afterEach(() => setWarningHandler(null));

  it('construction applies step 0 and records initialLr once, for every later schedule', () => {
    const opt = sgd(0.1);
    const warmUp = new LinearLR(opt, { startFactor: 0.5 });
    expect(opt.paramGroups[0]?.lr).toBe(0.05);
    expect(warmUp.getLastLr()).toEqual([0.05]);
    expect(warmUp.lastEpoch).toBe(0);
    const second = new ExponentialLR(opt, { gamma: 0.9 });
    expect(opt.paramGroups[0]?.initialLr).toBe(0.1);
    expect(second.baseLrs).toEqual([0.1]);
  });

  it('getLastLr returns a copy', () => {
    const s = new StepLR(sgd(), { stepSize: 2 });
    s.getLastLr()[0] = 5;
    expect(s.getLastLr()).toEqual([0.1]);
  });

  it('the closed forms (used by SequentialLR) match the recursive forms', () => {
    const cases: Array<[string, (o: SGD) => LRScheduler]> = [
      ['StepLR', (o) => new StepLR(o, { stepSize: 3, gamma: 0.5 })],
      ['MultiStepLR', (o) => new MultiStepLR(o, { milestones: [2, 5, 5], gamma: 0.3 })],
      ['ExponentialLR', (o) => new ExponentialLR(o, { gamma: 0.9 })],
      ['LinearLR', (o) => new LinearLR(o, { startFactor: 0.2, endFactor: 0.9, totalIters: 6 })],
      ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, { tMax: 4, etaMin: 0.01 })],
    ];
    for (const [name, make] of cases) {
      const recursive = make(sgd());
      for (let t = 1; t <= 12; t++) {
        stepBoth(recursive);
        const closed = make(sgd());
        closed.optimizer.step();
        closed.stepTo(t);
        expectClose(closed.getLastLr(), recursive.getLastLr(), { rtol: 1e-12, label: `${name} at ${t}` });
      }
    }
    expect(messages).toEqual([]);
  });

  it('warns once when the schedule steps before the optimizer', () => {
    const s = new StepLR(sgd(), { stepSize: 2 });
    s.step();
    s.step();
    expect(messages.length).toBe(1);
    expect(messages[0]).toContain('StepLR: scheduler.step() was called before optimizer.step()');
  });

  it('is silent in the right order', () => {
    const s = new ExponentialLR(sgd(), { gamma: 0.5 });
    stepBoth(s);
    stepBoth(s);
    expect(messages).toEqual([]);
  });

  it('stateDict is JSON with snake_case keys; loadStateDict rejects another kind of schedule', () => {
    const opt = sgd();
    const s = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
    stepBoth(s);
    const sd = s.stateDict();
    expect(sd).toMatchObject({ step_size: 3, gamma: 0.5, last_epoch: 1, base_lrs: [0.1], last_lr: [0.1] });
    expect(JSON.parse(JSON.stringify(sd))).toEqual(sd);
    expect(() => new ExponentialLR(opt, { gamma: 0.5 }).loadStateDict(sd)).toThrow("unknown entry 'step_size'");
  });

  it('needs an optimizer', () => {
    expect(() => new StepLR({} as SGD, { stepSize: 1 })).toThrow('StepLR: the first argument must be an optimizer');
  });
});
