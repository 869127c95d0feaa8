/**
 * The helpers the recurrent layers and cells share: length checks, per-step masks, state checks,
 * PyTorch's initialization and the zero state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, ShapeError, tensor, ValueError, zeros } from '../../src/index.js';
import {
  checkLengths,
  checkNonlinearity,
  checkPositive,
  checkState,
  recurrentParameter,
  stepMasks,
  zeroState,
} from '../../src/nn/recurrent-state.js';

describe('checkLengths', () => {
  it('returns the lengths as int32, from an array, an Int32Array or an int32 tensor', () => {
    for (const given of [[2, 3], new Int32Array([2, 3]), tensor([2, 3], { dtype: 'int32' })]) {
      expect(checkLengths('L', given, 2, 3)).toEqual(new Int32Array([2, 3]));
    }
  });

  it('rejects a wrong count, lengths outside 1..T, fractions, float tensors and other types', () => {
    expect(() => checkLengths('L', [1, 2, 3], 2, 3)).toThrow(ShapeError);
    expect(() => checkLengths('L', [0, 1], 2, 3)).toThrow(ValueError);
    expect(() => checkLengths('L', [1, 4], 2, 3)).toThrow('L: lengths[1] is 4, expected an integer from 1 to T = 3');
    expect(() => checkLengths('L', [1, 2.5], 2, 3)).toThrow(ValueError);
    expect(() => checkLengths('L', tensor([1, 2]), 2, 3)).toThrow('got a float32 tensor of shape [2]');
    expect(() => checkLengths('L', 'ab' as unknown as number[], 2, 3)).toThrow('got string');
  });
});

describe('stepMasks', () => {
  it('is null before the shortest length, then true exactly for t < length', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }), (lens) => {
        const steps = Math.max(...lens);
        const masks = stepMasks(Int32Array.from(lens), steps);
        expect(masks).toHaveLength(steps);
        masks.forEach((m, t) => {
          if (t < Math.min(...lens)) expect(m).toBeNull();
          else {
            expect(m?.dtype).toBe('bool');
            expect(m?.shape).toEqual([lens.length, 1]);
            expect(Array.from(m?.data ?? [])).toEqual(lens.map((n) => (t < n ? 1 : 0)));
          }
        });
      }),
    );
  });
});

describe('checkState', () => {
  it('passes a tensor of the expected shape and names the layout otherwise', () => {
    const t = zeros([2, 3, 4]);
    expect(checkState('L', 'state', t, [2, 3, 4], '[numLayers·D, N, H]')).toBe(t);
    expect(() => checkState('L', 'state', zeros([3, 4]), [2, 3, 4], '[numLayers·D, N, H]')).toThrow(
      'L: state [3, 4] does not match expected [2, 3, 4] = [numLayers·D, N, H]',
    );
    expect(() => checkState('L', 'state.h', [1, 2], [2], '[H]')).toThrow(
      new ValueError('L: state.h must be a Tensor of shape [2] = [H], got object'),
    );
  });
});

describe('initialization and sizes', () => {
  it('draws U(−1/√H, 1/√H) from the given rng, reproducibly', () => {
    const a = recurrentParameter([64, 8], 4, new Rng(2), 'float64');
    expect(a.dtype).toBe('float64');
    expect(a.requiresGrad).toBe(true);
    const v = Array.from(a.data as Float64Array, Math.abs);
    expect(Math.max(...v)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...v)).toBeGreaterThan(0.45);
    expect(recurrentParameter([64, 8], 4, new Rng(2), 'float64').data).toEqual(a.data);
  });

  it('zero states are [N, H] zeros of the dtype; sizes must be positive integers; nonlinearities tanh or relu', () => {
    const z = zeroState(2, 3, 'float64');
    expect([z.shape, z.dtype, z.requiresGrad]).toEqual([[2, 3], 'float64', false]);
    expect(() => checkPositive('GRU', 'hiddenSize', -1)).toThrow('GRU: hiddenSize must be a positive integer, got -1');
    expect(() => checkPositive('GRU', 'hiddenSize', 3)).not.toThrow();
    expect(checkNonlinearity('RNN')).toBe('tanh');
    expect(checkNonlinearity('RNN', 'relu')).toBe('relu');
    expect(() => checkNonlinearity('RNN', 'elu' as 'relu')).toThrow(
      "RNN: nonlinearity must be 'tanh' or 'relu', got 'elu'",
    );
  });
});
