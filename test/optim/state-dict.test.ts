import { describe, expect, it } from 'vitest';
import { tensor, ValueError } from '../../src/index.js';
import { copyJson, loadFields, stateFromJson, stateToJson, toCamel, toSnake } from '../../src/optim/state-dict.js';

describe('state-dict conversions', () => {
  it("keys follow PyTorch's snake_case and back", () => {
    for (const [camel, snake] of [
      ['weightDecay', 'weight_decay'],
      ['initialLr', 'initial_lr'],
      ['maxExpAvgSq', 'max_exp_avg_sq'],
      ['initialAccumulatorValue', 'initial_accumulator_value'],
      ['lr', 'lr'],
    ]) {
      expect(toSnake(camel as string)).toBe(snake);
      expect(toCamel(snake as string)).toBe(camel);
    }
  });

  it('state arrays become number lists and come back in the parameter dtype, losslessly', () => {
    const values = new Float32Array([0.1, -2.5e-7, 3]);
    const json = JSON.parse(JSON.stringify(stateToJson({ step: 3, expAvg: values, unused: undefined })));
    expect(Object.keys(json)).toEqual(['step', 'exp_avg']);
    const back = stateFromJson(json, tensor([0, 0, 0]), 'test');
    expect(back.step).toBe(3);
    expect(back.expAvg).toEqual(values);
    expect(stateFromJson(json, tensor([0, 0, 0], { dtype: 'float64' }), 'test').expAvg).toBeInstanceOf(Float64Array);
    expect(() => stateFromJson({ exp_avg: 'x' }, tensor([0]), 'here')).toThrow(
      'here: exp_avg must be a number or a list',
    );
  });

  it('copyJson deep-copies JSON and refuses anything else', () => {
    const source = { a: [1, [2]], b: { c: null } };
    const copy = copyJson(source, 'w') as typeof source;
    expect(copy).toEqual(source);
    expect(copy.a).not.toBe(source.a);
    expect(() => copyJson(() => 1, 'w')).toThrow('w: cannot store a function in a state dict');
  });

  it('loadFields assigns known fields only', () => {
    const obj = { lastEpoch: 1, gamma: 0.5 };
    loadFields(obj, { last_epoch: 4 }, [], 'w');
    expect(obj.lastEpoch).toBe(4);
    expect(() => loadFields(obj, { step_size: 3 }, [], 'w')).toThrow(ValueError);
    expect(() => loadFields(obj, { gamma: 1 }, ['gamma'], 'w')).toThrow("w: unknown entry 'gamma'");
  });
});
