import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Adam, resetWarnings, SGD, setWarningHandler, tensor, ValueError } from '../../src/index.js';
import { checkBetas, checkLr, checkNonNegative, checkRate } from '../../src/optim/validate.js';

describe('hyperparameter checks', () => {
  it('lr must be a finite number > 0', () => {
    expect(() => checkLr('X', 'X', -0.1)).toThrow(ValueError);
    expect(() => checkLr('X', 'X (param group 1)', -0.1)).toThrow('X (param group 1): lr must be > 0, got -0.1');
    expect(() => checkLr('X', 'X', Number.NaN)).toThrow('X: lr must be > 0, got NaN');
    expect(() => checkLr('X', 'X', Number.POSITIVE_INFINITY)).toThrow('X: lr must be finite, got Infinity');
    expect(() => checkLr('X', 'X', '0.1')).toThrow('X: lr must be a number, got "0.1" (string)');
    expect(() => checkLr('X', 'X', 0.01)).not.toThrow();
  });

  it('rates, non-negative values and betas', () => {
    expect(() => checkNonNegative('X', 'eps', -1)).toThrow('X: eps must be a finite number >= 0, got -1');
    expect(() => checkNonNegative('X', 'eps', Number.NaN)).toThrow('X: eps must be a finite number >= 0, got NaN');
    expect(() => checkNonNegative('X', 'eps', 0)).not.toThrow();
    expect(() => checkRate('X', 'rho', 1)).toThrow('X: rho must be in [0, 1), got 1');
    expect(() => checkRate('X', 'rho', 1, true)).not.toThrow();
    expect(() => checkBetas('X', [0.9, 0.999, 0.5])).toThrow('X: betas must be a pair [beta1, beta2]');
    expect(() => checkBetas('X', [0.9, 1.5])).toThrow('X: betas[1] must be in [0, 1), got 1.5');
  });
});

describe('the large-lr warning', () => {
  let messages: Array<[string, string]> = [];
  beforeEach(() => {
    resetWarnings();
    messages = [];
    setWarningHandler((m, k) => messages.push([m, k]));
  });
  afterEach(() => setWarningHandler(null));
  const p = () => [tensor([1], { requiresGrad: true })];

  it('lr >= 1 warns once per optimizer class, explaining divergence and typical values', () => {
    new SGD(p(), { lr: 5 });
    new SGD(p(), { lr: 10 });
    expect(messages.length).toBe(1);
    const [message, key] = messages[0]!;
    expect(key).toBe('optim.lr.SGD');
    expect(message).toContain('SGD: lr = 5 is very large');
    expect(message).toContain('overshoots the minimum');
    expect(message).toContain('diverges');
    expect(message).toContain('0.001–0.1');
    new Adam(p(), { lr: 1 });
    expect(messages.map(([, k]) => k)).toEqual(['optim.lr.SGD', 'optim.lr.Adam']);
  });

  it('no warning below 1', () => {
    new SGD(p(), { lr: 0.99 });
    new Adam(p());
    expect(messages).toEqual([]);
  });
});
