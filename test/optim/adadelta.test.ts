import { describe, expect, it } from 'vitest';
import { Adadelta, resetWarnings, setWarningHandler, tensor } from '../../src/index.js';
import { fixtureTests, optimizerCases, replayOptimizer } from './trajectory.js';

describe('Adadelta: PyTorch trajectories', () => fixtureTests(optimizerCases('Adadelta'), replayOptimizer, it));

describe('Adadelta', () => {
  it('lr is a scale with default 1: no large-lr warning', () => {
    resetWarnings();
    const messages: string[] = [];
    setWarningHandler((m) => messages.push(m));
    try {
      const opt = new Adadelta([tensor([1], { requiresGrad: true })]);
      new Adadelta([tensor([1], { requiresGrad: true })], { lr: 2 });
      expect(opt.paramGroups[0]?.lr).toBe(1);
      expect(messages).toEqual([]);
    } finally {
      setWarningHandler(null);
    }
  });

  it('rejects bad hyperparameters', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new Adadelta(p, { lr: -1 })).toThrow('Adadelta: lr must be > 0, got -1');
    expect(() => new Adadelta(p, { rho: -0.1 })).toThrow('Adadelta: rho must be in [0, 1], got -0.1');
    expect(() => new Adadelta(p, { eps: -1 })).toThrow('Adadelta: eps must be a finite number >= 0');
  });
});
