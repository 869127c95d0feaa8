import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  DTypeError,
  gather,
  indexSelect,
  narrow,
  reshape,
  ShapeError,
  slice,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
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

describe('gather', () => {
  it('checkOp: each axis, smaller index, repeats', () => {
    const i2 = int([
      [0, 0, 2],
      [1, 0, 1],
    ]);
    checkOp('gather axis 1', (x) => gather(x, 1, i2), { shapes: [[[2, 3]], [[3, 4]]] });
    checkOp('gather axis 0', (x) => x.gather(0, i2), { shapes: [[[3, 3]]] });
    const i3 = tensor([1, 0, 1, 1, 0, 0, 1, 1], { dtype: 'int32', shape: [2, 2, 2] });
    checkOp('gather axis -1 3-D', (x) => gather(x, -1, i3), { shapes: [[[2, 3, 2]]] });
    checkOp('gather middle axis 3-D', (x) => gather(x, 1, i3), { shapes: [[[2, 2, 3]]] });
  });

  it('exact values (the torch.gather example)', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const idx = int([
      [0, 0],
      [1, 0],
    ]);
    expect(gather(x, 1, idx).toArray()).toEqual([
      [1, 1],
      [4, 3],
    ]);
    expect(gather(x, 0, int([[1, 0]])).toArray()).toEqual([[3, 2]]);
    // one class score per row: logits.gather(1, labels.unsqueeze(1))
    const logits = tensor([
      [0.1, 0.7, 0.2],
      [0.5, 0.3, 0.2],
    ]);
    expect(gather(logits, 1, int([[1], [0]])).toArray()).toEqual([[0.699999988079071], [0.5]]);
  });

  it('repeated targets accumulate their gradients (scatter-add)', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const idx = int([
      [0, 0],
      [1, 0],
    ]);
    gather(x, 1, idx).sum().backward();
    expect(x.grad?.toArray()).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('errors', () => {
    const x = zeros([2, 3]);
    expect(() => gather(x, 1, int([[0, 3]]))).toThrow(ShapeError);
    expect(() => gather(x, 1, int([[0, 3]]))).toThrow(
      'gather: index 3 (at position 1) is out of range for axis 1 of size 3 in input [2, 3] (valid: 0 to 2)',
    );
    expect(() => gather(x, 0, int([[-1]]))).toThrow('gather: index -1 (at position 0) is out of range for axis 0');
    expect(() => gather(x, 1, int([0, 1]))).toThrow('gather: index shape [2] does not fit input [2, 3] along axis 1');
    expect(() => gather(x, 1, int([[0], [0], [0]]))).toThrow('gather: index shape [3, 1] does not fit input [2, 3]');
    expect(() => gather(x, 1, tensor([[0]]))).toThrow('gather: index must be an int32 tensor, got a float32 tensor');
  });
});

/** Python slicing of 0…n−1: JS Array.slice has Python's bound rules; then keep every step-th. */
function bruteSlice(n: number, start: number, end: number | undefined, step: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
    .slice(start, end)
    .filter((_, j) => j % step === 0);
}

describe('slice / narrow', () => {
  it('checkOp', () => {
    checkOp('slice', (x) => slice(x, 0, 1, 3), { shapes: [[[4, 2]], [[5]]] });
    checkOp('slice step 2 last axis', (x) => x.slice(-1, 0, undefined, 2), { shapes: [[[2, 5]], [[3, 1, 4]]] });
    checkOp('slice negative bounds', (x) => slice(x, 1, -3, -1), { shapes: [[[2, 4, 2]]] });
    checkOp('slice empty', (x) => slice(x, 0, 3, 1), { shapes: [[[4, 2]]] });
    checkOp('narrow', (x) => narrow(x, 1, -2, 2), { shapes: [[[2, 3]], [[1, 5, 2]]] });
  });

  it('exact values with Python semantics', () => {
    const x = arange(6);
    expect(slice(x, 0, 1, -1).toArray()).toEqual([1, 2, 3, 4]);
    expect(slice(x, 0, 0, undefined, 2).toArray()).toEqual([0, 2, 4]);
    expect(slice(x, 0, -2).toArray()).toEqual([4, 5]);
    expect(slice(x, 0, -100, 100, 4).toArray()).toEqual([0, 4]);
    expect(slice(x, 0, 4, 2).shape).toEqual([0]);
    expect(slice(x, 0, 0)).toBe(x); // the whole axis
    const m = reshape(arange(12), [3, 4]);
    expect(m.slice(1, 1, 3).toArray()).toEqual([
      [1, 2],
      [5, 6],
      [9, 10],
    ]);
    expect(narrow(m, 0, 1, 2).toArray()).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(m.narrow(1, -1, 1).toArray()).toEqual([[3], [7], [11]]);
    expect(narrow(m, 0, 3, 0).shape).toEqual([0, 4]);
  });

  it('the gradient lands on the sliced positions only', () => {
    const x = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    slice(x, 0, 0, undefined, 3).backward(tensor([10, 20]));
    expect(x.grad?.toArray()).toEqual([10, 0, 0, 20, 0]);
  });

  it('errors', () => {
    const x = zeros([4]);
    expect(() => slice(x, 0, 0, 4, 0)).toThrow(ValueError);
    expect(() => slice(x, 0, 0, 4, -1)).toThrow('slice: step must be a positive integer, got -1');
    expect(() => slice(x, 0, 0.5)).toThrow('slice: start must be an integer, got 0.5');
    expect(() => slice(tensor(1), 0, 0)).toThrow('slice: input must have at least 1 dimension');
    expect(() => narrow(x, 0, 2, 3)).toThrow(ShapeError);
    expect(() => narrow(x, 0, 2, 3)).toThrow('narrow: start 2 + length 3 exceeds size 4 of axis 0 in input [4]');
    expect(() => narrow(x, 0, 5, 0)).toThrow('narrow: start 5 is out of range for axis 0 of size 4');
    expect(() => narrow(x, 0, -5, 1)).toThrow('narrow: start -5 is out of range');
    expect(() => narrow(x, 0, 0, -1)).toThrow('narrow: start 0 + length -1');
  });

  it('property: slice matches a brute-force Python slice in shape and values', () => {
    const bound = fc.option(fc.integer({ min: -12, max: 12 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: -12, max: 12 }),
        bound,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (n, start, end, step, rows) => {
          const expected = bruteSlice(n, start, end, step);
          const x = reshape(arange(rows * n), [rows, n]);
          const y = slice(x, 1, start, end, step);
          expect(y.shape).toEqual([rows, expected.length]);
          const values = y.toArray() as number[][];
          values.forEach((row, r) => {
            expect(row).toEqual(expected.map((i) => r * n + i));
          });
        },
      ),
      { seed: 21, numRuns: 300 },
    );
  });
});
