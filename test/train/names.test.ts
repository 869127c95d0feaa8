import { describe, expect, it } from 'vitest';
import {
  CrossEntropyLoss,
  crossEntropy,
  LOSSES,
  METRICS,
  resolveLoss,
  resolveMetrics,
  tensor,
  ValueError,
} from '../../src/index.js';

const logits = tensor([
  [2, 0.5, -1],
  [0, 1, 0.2],
]);
const y = tensor([0, 2], { dtype: 'int32' });

describe('losses and metrics by name', () => {
  it('resolves loss names, functions and loss modules to the same value', () => {
    const expected = crossEntropy(logits, y).item();
    expect(resolveLoss('crossEntropy')(logits, y).item()).toBe(expected);
    expect(resolveLoss(crossEntropy)(logits, y).item()).toBe(expected);
    expect(resolveLoss(new CrossEntropyLoss())(logits, y).item()).toBeCloseTo(expected, 6);
    expect(resolveLoss('mse')(tensor([1, 2]), tensor([1, 4])).item()).toBe(2);
    expect(Object.keys(LOSSES)).toContain('binaryCrossEntropyWithLogits');
  });

  it('names the known losses for an unknown one', () => {
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => resolveLoss('crossentropy' as any)).toThrow(/unknown loss 'crossentropy'; known losses: crossEntropy/);
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => resolveLoss(42 as any)).toThrow(ValueError);
  });

  it('resolves metrics by name, by a named function and as { name, fn }', () => {
    function balanced() {
      return 0.5;
    }
    const resolved = resolveMetrics(['accuracy', balanced, { name: 'custom', fn: () => 1 }]);
    expect(resolved.map(([n]) => n)).toEqual(['accuracy', 'balanced', 'custom']);
    expect(resolved[0]?.[1](logits, y)).toBe(0.5);
    expect(Object.keys(METRICS)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'mae', 'mse', 'r2']);
  });

  it('rejects unknown, unnamed and duplicate metrics', () => {
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => resolveMetrics(['acc' as any])).toThrow(/unknown metric 'acc'; known metrics: accuracy/);
    expect(() => resolveMetrics([() => 1])).toThrow(/needs a name/);
    expect(() => resolveMetrics(['accuracy', 'accuracy'])).toThrow(/used twice/);
    expect(() => resolveMetrics([{ name: 'loss', fn: () => 1 }])).toThrow(/'loss'/);
  });
});
