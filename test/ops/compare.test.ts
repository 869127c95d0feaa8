import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  eq,
  ge,
  gt,
  le,
  lt,
  maskedFill,
  ne,
  ones,
  type Rng,
  ShapeError,
  type Tensor,
  type TensorLike,
  tensor,
  tril,
  triu,
  ValueError,
  where,
} from '../../src/index.js';
import { checkOp } from '../helpers/check-op.js';

const BROADCAST: number[][][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[2, 3, 4], [4]],
  [
    [3, 1],
    [1, 5],
  ],
  [[1], [2, 2]],
  [[], [3]],
];

// Small integers, so that equal values occur and eq/le/ge see ties.
const smallInts = (r: Rng) => Math.floor(r.uniform(-2, 2));

describe('comparisons', () => {
  const cases: Array<[string, (a: TensorLike, b: TensorLike) => Tensor, (x: number, y: number) => boolean]> = [
    ['eq', eq, (x, y) => x === y],
    ['ne', ne, (x, y) => x !== y],
    ['lt', lt, (x, y) => x < y],
    ['le', le, (x, y) => x <= y],
    ['gt', gt, (x, y) => x > y],
    ['ge', ge, (x, y) => x >= y],
  ];
  for (const [name, op, js] of cases) {
    it(`${name} matches JS over broadcast shapes`, () => {
      // checkOp compares float outputs, so view the 0/1 result in the input's dtype.
      checkOp(name, (a, b) => op(a, b).to(a.dtype), {
        shapes: BROADCAST,
        domain: smallInts,
        reference: (x, y) => (js(x, y) ? 1 : 0),
        noGrad: true,
      });
      const out = op(tensor([1, 2, 3]), 2);
      expect(out.dtype).toBe('bool');
      expect(out.toArray()).toEqual([1, 2, 3].map((v) => js(v, 2)));
    });
  }

  it('methods, NaN and infinities behave as in JS / PyTorch', () => {
    const x = tensor([Number.NaN, Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY]);
    expect(x.eq(x).toArray()).toEqual([false, true, true, true]);
    expect(x.ne(x).toArray()).toEqual([true, false, false, false]);
    expect(x.lt(0).toArray()).toEqual([false, true, false, false]);
    expect(x.le(0).toArray()).toEqual([false, true, true, false]);
    expect(x.gt(0).toArray()).toEqual([false, false, false, true]);
    expect(x.ge(0).toArray()).toEqual([false, false, true, true]);
  });

  it('mixed dtypes compare in the promoted dtype', () => {
    const i = tensor([0, 1], { dtype: 'int32' });
    // Compared as float32: 0 < 0.5 and not 1 < 0.5 (truncating 0.5 to int would give [false, false]).
    expect(i.lt(0.5).toArray()).toEqual([true, false]);
    expect(eq(i, tensor([0, 1.5], { dtype: 'float64' })).toArray()).toEqual([true, false]);
    expect(eq(tensor([true, false]), tensor([1, 1], { dtype: 'int32' })).toArray()).toEqual([true, false]);
    expect(eq(tensor([true, false]), tensor([true, true])).toArray()).toEqual([true, false]);
  });

  it('have no gradient and reject bad broadcasts', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = x.gt(1);
    expect(c.requiresGrad).toBe(false);
    expect(c.gradFn).toBeNull();
    expect(() => ge(tensor([[1, 2]]), tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => ge(tensor([[1, 2]]), tensor([1, 2, 3]))).toThrow('ge: cannot broadcast [1, 2] with [3]');
  });
});

describe('where', () => {
  const shapes: number[][][] = [
    [
      [3, 4],
      [3, 4],
      [3, 4],
    ],
    [[3, 1], [1, 4], []],
    [[4], [2, 1], [2, 4]],
    [[1], [2, 3], [3]],
    [[], [2], [2]],
    [[2, 1, 3], [], [1, 1]],
  ];
  it('3-way broadcast, gradients to both branches', () =>
    // The condition comes from a float input (c > 0); its own gradient is zero almost everywhere.
    checkOp('where', (c, a, b) => where(c.gt(0), a, b), { shapes, reference: (c, a, b) => (c > 0 ? a : b) }));
  it('method form x.where(cond, other)', () =>
    checkOp('Tensor.where', (c, a) => a.where(c.gt(0), -1), {
      shapes: [
        [
          [3, 4],
          [3, 4],
        ],
        [[3, 1], [4]],
      ],
      reference: (c, a) => (c > 0 ? a : -1),
    }));

  it('routes the gradient to the chosen branch', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([10], { requiresGrad: true });
    where(tensor([true, false, false]), a, b)
      .mul(tensor([1, 2, 3]))
      .sum()
      .backward();
    expect(a.grad?.toArray()).toEqual([1, 0, 0]);
    expect(b.grad?.toArray()).toEqual([5]);
  });

  it('dtypes: scalars and mixed operands promote; bool stays bool', () => {
    const cond = tensor([true, false]);
    const ints = where(cond, 1, 0);
    expect(ints.dtype).toBe('int32');
    expect(ints.toArray()).toEqual([1, 0]);
    expect(where(cond, 1.5, 0).dtype).toBe('float32');
    expect(where(cond, tensor([1, 2], { dtype: 'float64' }), 0).dtype).toBe('float64');
    expect(where(cond, tensor([1, 2], { dtype: 'int32' }), 0.5).toArray()).toEqual([1, 0.5]);
    const bools = where(cond, tensor([true, true]), tensor([false, true]));
    expect(bools.dtype).toBe('bool');
    expect(bools.toArray()).toEqual([true, true]);
  });

  it('errors: condition dtype and 3-way broadcast', () => {
    const x = tensor([1, 2, 3]);
    expect(() => where(x, 1, 0)).toThrow(DTypeError);
    expect(() => where(x, 1, 0)).toThrow('where: condition must be a bool tensor, got float32');
    expect(() => where(tensor([true, false]), x, 0)).toThrow(ShapeError);
    expect(() => where(tensor([true, false]), x, 0)).toThrow(
      'where: cannot broadcast condition [2], input [3] and other [] together',
    );
  });
});

describe('maskedFill', () => {
  it('fills where the mask is true; gradient flows to the rest (with broadcasting)', () =>
    checkOp('maskedFill', (x, m) => maskedFill(x, m.gt(0), -1.5), {
      shapes: [
        [
          [3, 4],
          [3, 4],
        ],
        [[3, 4], [4]],
        [
          [2, 1, 3],
          [1, 4, 1],
        ],
        [[], [3]],
      ],
      reference: (x, m) => (m > 0 ? -1.5 : x),
    }));

  it('keeps x dtype, takes -Infinity, and as a method', () => {
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    const filled = maskedFill(i, tensor([true, false, false]), 7.9);
    expect(filled.dtype).toBe('int32');
    expect(filled.toArray()).toEqual([7, 2, 3]);
    const scores = tensor([
      [1, 2],
      [3, 4],
    ]);
    const causal = triu(ones([2, 2]), 1).to('bool');
    expect(scores.maskedFill(causal, Number.NEGATIVE_INFINITY).toArray()).toEqual([
      [1, Number.NEGATIVE_INFINITY],
      [3, 4],
    ]);
  });

  it('errors: mask dtype and broadcast', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => maskedFill(x, tensor([1, 0, 1]), 0)).toThrow(DTypeError);
    expect(() => maskedFill(x, tensor([1, 0, 1]), 0)).toThrow(
      "maskedFill: mask must be a bool tensor, got float32. Build it with a comparison (e.g. x.gt(0)) or convert it with .to('bool').",
    );
    expect(() => maskedFill(x, tensor([true, false]), 0)).toThrow(ShapeError);
    expect(() => maskedFill(x, tensor([true, false]), 0)).toThrow('maskedFill: cannot broadcast [1, 3] with [2]');
  });
});

describe('tril / triu', () => {
  /** Expected values: keep x[..., i, j] when keep(j - i). */
  const triangle = (x: Tensor, keep: (offset: number) => boolean) => {
    const rows = x.shape[x.ndim - 2] as number;
    const cols = x.shape[x.ndim - 1] as number;
    const values = Array.from(x.data as Float64Array, (v, k) => {
      const j = k % cols;
      const i = Math.floor(k / cols) % rows;
      return keep(j - i) ? v : 0;
    });
    return { values, shape: x.shape };
  };
  const shapes = [[[3, 4]], [[4, 3]], [[2, 3, 3]], [[2, 1, 2, 5]], [[1, 1]]];
  for (const diagonal of [0, 1, -1, 3]) {
    it(`tril diagonal ${diagonal}`, () =>
      checkOp('tril', (x) => tril(x, diagonal), {
        shapes,
        referenceTensor: (x) => triangle(x, (o) => o <= diagonal),
      }));
    it(`triu diagonal ${diagonal}`, () =>
      checkOp('triu', (x) => x.triu(diagonal), {
        shapes,
        referenceTensor: (x) => triangle(x, (o) => o >= diagonal),
      }));
  }

  it('known values, default diagonal, int and bool dtypes', () => {
    expect(tril(ones([3, 3])).toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    expect(ones([2, 3]).triu().toArray()).toEqual([
      [1, 1, 1],
      [0, 1, 1],
    ]);
    const i = tril(ones([2, 2], { dtype: 'int32' }), -1);
    expect(i.dtype).toBe('int32');
    expect(i.toArray()).toEqual([
      [0, 0],
      [1, 0],
    ]);
    const b = triu(tensor([[true, true]]), 1);
    expect(b.dtype).toBe('bool');
    expect(b.toArray()).toEqual([[false, true]]);
    expect(tril(ones([0, 3])).shape).toEqual([0, 3]);
  });

  it('errors: fewer than 2 dimensions, fractional diagonal', () => {
    expect(() => tril(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => tril(tensor([1, 2, 3]))).toThrow('tril: input must have at least 2 dimensions');
    expect(() => triu(ones([2, 2]), 0.5)).toThrow(ValueError);
    expect(() => triu(ones([2, 2]), 0.5)).toThrow('triu: diagonal must be an integer, got 0.5');
  });
});
