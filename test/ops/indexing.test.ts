import { describe, expect, it } from 'vitest';
import { DTypeError, indexSelect, ShapeError, tensor } from '../../src/index.js';
import { checkOp } from '../helpers/check-op.js';

const int = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });

describe('indexSelect', () => {
  it('checkOp: rows, columns, repeats, empty index', () => {
    const rows = int([2, 0, 2, 1]);
    checkOp('indexSelect axis 0', (x) => indexSelect(x, 0, rows), { shapes: [[[3, 4]], [[3]], [[3, 2, 2]]] });
    const cols = int([1, 1, 0]);
    checkOp('indexSelect axis -1', (x) => x.indexSelect(-1, cols), { shapes: [[[2, 2]], [[3, 1, 2]]] });
    checkOp('indexSelect middle axis', (x) => indexSelect(x, 1, int([0, 2])), { shapes: [[[2, 3, 2]]] });
    checkOp('indexSelect empty index', (x) => indexSelect(x, 0, int([])), { shapes: [[[3, 2]]] });
  });

  it('exact values', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(indexSelect(x, 0, int([1, 1, 0])).toArray()).toEqual([
      [4, 5, 6],
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(indexSelect(x, 1, int([2, 0])).toArray()).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(indexSelect(x, 0, int([])).shape).toEqual([0, 3]);
    // non-float inputs keep their dtype
    const labels = tensor([5, 6, 7], { dtype: 'int32' });
    const picked = indexSelect(labels, 0, int([2, 0]));
    expect(picked.dtype).toBe('int32');
    expect(picked.toArray()).toEqual([7, 5]);
  });

  it('repeated indices accumulate their gradients', () => {
    const x = tensor([10, 20, 30], { requiresGrad: true });
    indexSelect(x, 0, int([2, 0, 2, 2]))
      .sum()
      .backward();
    expect(x.grad?.toArray()).toEqual([1, 0, 3]);
  });

  it('errors name the op, the index and the size', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => indexSelect(x, 0, int([0, 3]))).toThrow(ShapeError);
    expect(() => indexSelect(x, 0, int([0, 3]))).toThrow(
      'indexSelect: index 3 (at position 1) is out of range for axis 0 of size 3 in input [3, 2] (valid: 0 to 2)',
    );
    expect(() => indexSelect(x, 1, int([-1]))).toThrow('indexSelect: index -1 (at position 0)');
    expect(() => indexSelect(x, 0, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => indexSelect(x, 0, tensor([0, 1]))).toThrow('indexSelect: index must be an int32 tensor');
    expect(() => indexSelect(x, 0, int([[0]]))).toThrow('indexSelect: index must be 1-D, got shape [1, 1]');
    expect(() => indexSelect(x, 2, int([0]))).toThrow('indexSelect: axis 2 is out of range');
  });
});
