/**
 * Field names ↔ PyTorch state-dict keys.
 */
import { describe, expect, it } from 'vitest';
import { camelCase, snakeCase } from '../../src/nn/naming.js';

describe('naming', () => {
  it('snakeCase gives PyTorch keys from camelCase fields', () => {
    expect(snakeCase('runningMean')).toBe('running_mean');
    expect(snakeCase('numBatchesTracked')).toBe('num_batches_tracked');
    expect(snakeCase('weightIhL0')).toBe('weight_ih_l0');
    expect(snakeCase('weightHhL1Reverse')).toBe('weight_hh_l1_reverse');
    expect(snakeCase('fc1')).toBe('fc1');
    expect(snakeCase('W')).toBe('w');
    expect(snakeCase('0')).toBe('0');
  });

  it('camelCase gives fields from keys, and round-trips the usual PyTorch names', () => {
    expect(camelCase('running_mean')).toBe('runningMean');
    expect(camelCase('weight_ih_l0')).toBe('weightIhL0');
    expect(camelCase('0')).toBe('0');
    expect(camelCase('leaky_relu')).toBe('leakyRelu');
    for (const key of ['running_var', 'num_batches_tracked', 'bias_hh_l2_reverse', 'pos_weight', 'in_proj_weight']) {
      expect(snakeCase(camelCase(key))).toBe(key);
    }
  });
});
