import { describe, expect, it } from 'vitest';
import { DTypeError, fmtShape, NeuriteError, ShapeError, ValueError } from '../src/errors.js';

describe('errors', () => {
  it('are typed, named, and share a base class', () => {
    const e = new ShapeError('add: cannot broadcast [2] with [3]');
    expect(e).toBeInstanceOf(NeuriteError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ShapeError');
    expect(new DTypeError('x').name).toBe('DTypeError');
    expect(new ValueError('x').name).toBe('ValueError');
  });

  it('format shapes as [a, b]', () => {
    expect(fmtShape([32, 10])).toBe('[32, 10]');
    expect(fmtShape([])).toBe('[]');
  });
});
