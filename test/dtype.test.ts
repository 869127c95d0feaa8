import { describe, expect, it } from 'vitest';
import { allocate, castArray, dtypeOf, isFloat, promoteTypes } from '../src/dtype.js';

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

  it('allocate gives zero-filled arrays of the right type that never share memory', () => {
    // Mixed sizes and dtypes: each array must be zero-filled, own its buffer, and never overlap another.
    const sizes = [1, 16, 17, 100, 300, 1000, 1025, 5000];
    const arrays = [];
    for (let i = 0; i < 400; i++) {
      for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
        const a = allocate(dtype, sizes[(i + dtype.length) % sizes.length] as number);
        expect(dtypeOf(a)).toBe(dtype);
        expect(a.every((v) => v === 0)).toBe(true);
        expect(a.byteOffset).toBe(0);
        expect(a.buffer.byteLength).toBe(a.byteLength);
        a.fill(i % 100); // mark it: a later array that overlapped would not start at zero
        arrays.push({ a, mark: i % 100 });
      }
    }
    for (const { a, mark } of arrays) expect(a.every((v) => v === mark)).toBe(true);
  });
});
