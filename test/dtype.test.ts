import { describe, expect, it } from 'vitest';
import { castArray, dtypeOf, isFloat, promoteTypes } from '../src/dtype.js';

describe('dtype', () => {
  it('promotes bool < int32 < float32 < float64, symmetrically', () => {
    expect(promoteTypes('bool', 'int32')).toBe('int32');
    expect(promoteTypes('int32', 'float32')).toBe('float32');
    expect(promoteTypes('float64', 'float32')).toBe('float64');
    expect(promoteTypes('float32', 'float64')).toBe('float64');
  });

  it('casts truncate toward zero for int32 and map non-zero to true for bool', () => {
    expect(Array.from(castArray(new Float32Array([1.7, -1.7]), 'int32'))).toEqual([1, -1]);
    expect(Array.from(castArray(new Float32Array([0, 2, -0.5]), 'bool'))).toEqual([0, 1, 1]);
    expect(dtypeOf(castArray(new Int32Array(1), 'float64'))).toBe('float64');
    expect(isFloat('int32')).toBe(false);
  });
});
