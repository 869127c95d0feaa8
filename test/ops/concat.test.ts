import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, reshape, ShapeError, type Tensor, tensor, ValueError, zeros } from '../../src/index.js';
// concat.ts is imported directly: it also wires x.split() / x.pad() / x.unbind().
import { concat, pad, split, stack, unbind } from '../../src/ops/concat.js';
import { checkOp } from '../helpers/check-op.js';

describe('concat / stack', () => {
  it('checkOp', () => {
    checkOp('concat axis 0', (a, b) => concat([a, b]), {
      shapes: [
        [
          [2, 3],
          [1, 3],
        ],
        [[2], [3]],
      ],
    });
    checkOp('concat axis 1 of three', (a, b, c) => concat([a, b, c], 1), {
      shapes: [
        [
          [2, 1],
          [2, 3],
          [2, 2],
        ],
      ],
    });
    checkOp('concat axis -1 3-D', (a, b) => concat([a, b], -1), {
      shapes: [
        [
          [2, 1, 2],
          [2, 1, 3],
        ],
      ],
    });
    checkOp('concat with an empty piece', (a, b) => concat([a, b]), {
      shapes: [
        [
          [0, 2],
          [3, 2],
        ],
      ],
    });
    checkOp('concat a tensor with itself', (a) => concat([a, a], 1), { shapes: [[[2, 2]]] });
    checkOp('stack', (a, b) => stack([a, b]), {
      shapes: [
        [
          [2, 3],
          [2, 3],
        ],
        [[], []],
      ],
    });
    checkOp('stack axis -1', (a, b, c) => stack([a, b, c], -1), { shapes: [[[2], [2], [2]]] });
  });

  it('exact values', () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4]]);
    expect(concat([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(concat([a, b], 1).toArray()).toEqual([[1, 2, 3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('promotes dtypes like PyTorch', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    const f = tensor([0.5], { dtype: 'float64' });
    const bools = tensor([true]);
    expect(concat([i, bools]).dtype).toBe('int32');
    expect(concat([i, bools]).toArray()).toEqual([1, 2, 1]);
    const mixed = concat([i, f]);
    expect(mixed.dtype).toBe('float64');
    expect(mixed.toArray()).toEqual([1, 2, 0.5]);
    expect(concat([bools, bools]).dtype).toBe('bool');
  });

  it('gradients are the matching slabs of the output gradient', () => {
    const a = tensor([[1], [2]], { requiresGrad: true });
    const b = tensor(
      [
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    concat([a, b], 1).backward(
      tensor([
        [10, 20, 30],
        [40, 50, 60],
      ]),
    );
    expect(a.grad?.toArray()).toEqual([[10], [40]]);
    expect(b.grad?.toArray()).toEqual([
      [20, 30],
      [50, 60],
    ]);
  });

  it('errors', () => {
    expect(() => concat([])).toThrow(ValueError);
    expect(() => concat([zeros([2, 3]), zeros([3, 4])])).toThrow(ShapeError);
    expect(() => concat([zeros([2, 3]), zeros([3, 4])])).toThrow(
      'concat: tensor 1 has shape [3, 4] but tensor 0 has [2, 3]: shapes must match in every dimension except axis 0',
    );
    expect(() => concat([zeros([2]), zeros([2, 1])])).toThrow('concat: tensor 1 has shape [2, 1]');
    expect(() => concat([tensor(1), tensor(2)])).toThrow('concat: tensor 0 is a scalar');
    expect(() => concat([zeros([2])], 1)).toThrow('concat: axis 1 is out of range');
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(
      'stack: tensor 1 has shape [3] but tensor 0 has [2]: stack needs equal shapes',
    );
    expect(() => stack([zeros([2])], 2)).toThrow('stack: axis 2 is out of range');
  });
});

describe('split', () => {
  it('checkOp on every piece', () => {
    for (const k of [0, 1, 2]) {
      checkOp(`split(2)[${k}]`, (x) => split(x, 2)[k] as Tensor, { shapes: [[[5, 2]]] });
      checkOp(`split([1, 0, 3], 1)[${k}]`, (x) => x.split([1, 0, 3], 1)[k] as Tensor, { shapes: [[[2, 4]]] });
    }
  });

  it('torch.split semantics', () => {
    expect(split(arange(5), 2).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(split(arange(4), 2).map((t) => t.toArray())).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(split(arange(3), 5).map((t) => t.toArray())).toEqual([[0, 1, 2]]);
    expect(split(arange(5), [1, 4]).map((t) => t.shape)).toEqual([[1], [4]]);
    expect(split(zeros([0, 2]), 3).map((t) => t.shape)).toEqual([[0, 2]]);
    const m = reshape(arange(6), [2, 3]);
    expect(m.split([2, 1], -1).map((t) => t.toArray())).toEqual([
      [
        [0, 1],
        [3, 4],
      ],
      [[2], [5]],
    ]);
  });

  it('gradients of several pieces meet in the input', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const [p, q] = split(x, [1, 2]) as [Tensor, Tensor];
    p.mul(10).sum().add(q.mul(q).sum()).backward();
    expect(x.grad?.toArray()).toEqual([10, 4, 6]);
  });

  it('errors', () => {
    expect(() => split(arange(5), [2, 2])).toThrow(ShapeError);
    expect(() => split(arange(5), [2, 2])).toThrow(
      'split: sections [2, 2] sum to 4, but axis 0 of input [5] has size 5',
    );
    expect(() => split(arange(5), 0)).toThrow('split: the split size must be a positive integer, got 0');
    expect(() => split(arange(5), [-1, 6])).toThrow('split: sections must be non-negative integers');
    expect(() => split(tensor(1), 1)).toThrow('split: input must have at least 1 dimension');
  });

  it('property: split then concat is the identity', () => {
    const arb = fc.tuple(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
      fc.nat(2),
      fc.integer({ min: 1, max: 5 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(arb, ([shape, axisPick, size, useList]) => {
        const axis = axisPick % shape.length;
        const x = reshape(arange(shape.reduce((a, b) => a * b, 1)), shape);
        const n = shape[axis] as number;
        // a list: cut n into pieces of `size` and a remainder, with an empty piece in front
        const sections = [0, ...Array.from({ length: Math.floor(n / size) }, () => size), n % size];
        const pieces = split(x, useList ? sections : size, axis);
        const back = concat(pieces, axis);
        expect(back.shape).toEqual(shape);
        expect(Array.from(back.data)).toEqual(Array.from(x.data));
      }),
      { seed: 31, numRuns: 200 },
    );
  });
});

describe('unbind', () => {
  it('checkOp: all slices, some slices, every axis', () => {
    // Each slice weighted differently, so a gradient written into the wrong place shows.
    const weighted = (xs: Tensor[]) => stack(xs.map((t, i) => t.mul(i + 1)));
    checkOp('stack(unbind(x, 1) · (i + 1))', (x) => weighted(unbind(x, 1)), { shapes: [[[2, 3, 4]], [[1, 5, 1]]] });
    checkOp('unbind(x)[1] (the others get no gradient)', (x) => unbind(x)[1] as Tensor, { shapes: [[[3, 2]]] });
    checkOp(
      'unbind(x, -1) first and last',
      (x) => {
        const xs = unbind(x, -1);
        return (xs[0] as Tensor).add((xs[xs.length - 1] as Tensor).mul(3));
      },
      { shapes: [[[2, 3, 5]], [[4]]] },
    );
  });

  it('torch.unbind semantics: the slices without the axis, the inverse of stack', () => {
    const m = reshape(arange(6), [2, 3]);
    expect(unbind(m).map((t) => t.toArray())).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(m.unbind(1).map((t) => t.toArray())).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(unbind(arange(2)).map((t) => t.shape)).toEqual([[], []]);
    expect(unbind(zeros([0, 2]))).toEqual([]);
    const x = reshape(arange(24), [2, 3, 4]);
    for (const axis of [0, 1, 2]) expect(Array.from(stack(unbind(x, axis), axis).data)).toEqual(Array.from(x.data));
  });

  it('runs one backward for all slices: one node, gradients of every slice in one tensor', () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const [a, b, c] = unbind(x, 1) as [Tensor, Tensor, Tensor];
    expect(a.gradFn).toBe(c.gradFn);
    a.mul(10).add(c.mul(c)).sum().backward();
    expect(b.grad).toBeNull();
    expect(x.grad?.toArray()).toEqual([
      [10, 0, 6],
      [10, 0, 12],
    ]);
  });

  it('errors', () => {
    expect(() => unbind(tensor(1))).toThrow(
      new ShapeError('unbind: input must have at least 1 dimension, got a scalar (shape [])'),
    );
    expect(() => unbind(arange(3), 1)).toThrow(
      'unbind: axis 1 is out of range for a tensor of 1 dimensions (valid: -1 to 0)',
    );
  });
});

describe('pad', () => {
  const modes = ['constant', 'reflect', 'replicate', 'circular'] as const;

  it('checkOp for every mode', () => {
    for (const mode of modes) {
      checkOp(`pad ${mode} 1-D`, (x) => pad(x, [2, 1], mode), { shapes: [[[3]], [[2, 4]]] });
      checkOp(`pad ${mode} 2-D`, (x) => x.pad([1, 2, 2, 0], mode), { shapes: [[[3, 3]], [[2, 3, 4]]] });
      checkOp(`pad ${mode} crop`, (x) => pad(x, [-1, 1, 0, -1], mode), { shapes: [[[3, 4]]] });
    }
    checkOp('pad constant value 3 on three dims', (x) => pad(x, [1, 0, 0, 1, 1, 1], 'constant', 3), {
      shapes: [[[1, 2, 2]]],
    });
    checkOp('pad constant crop to empty', (x) => pad(x, [-2, 0]), { shapes: [[[3, 2]]] });
  });

  it('exact values as torch.nn.functional.pad', () => {
    const x = tensor([1, 2, 3]);
    expect(pad(x, [1, 2]).toArray()).toEqual([0, 1, 2, 3, 0, 0]);
    expect(pad(x, [1, 0], 'constant', -7).toArray()).toEqual([-7, 1, 2, 3]);
    expect(pad(x, [2, 1], 'reflect').toArray()).toEqual([3, 2, 1, 2, 3, 2]);
    expect(pad(x, [2, 1], 'replicate').toArray()).toEqual([1, 1, 1, 2, 3, 3]);
    expect(pad(x, [2, 1], 'circular').toArray()).toEqual([2, 3, 1, 2, 3, 1]);
    expect(pad(x, [3, 3], 'circular').toArray()).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(pad(tensor([1, 2, 3, 4]), [-1, 1]).toArray()).toEqual([2, 3, 4, 0]);
    expect(pad(x, [0, 0])).toBe(x);
    const m = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(pad(m, [1, 0, 0, 1], 'constant', 9).toArray()).toEqual([
      [9, 1, 2],
      [9, 3, 4],
      [9, 9, 9],
    ]);
    const r = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(pad(r, [1, 1, 1, 0], 'reflect').toArray()).toEqual([
      [5, 4, 5, 6, 5],
      [2, 1, 2, 3, 2],
      [5, 4, 5, 6, 5],
    ]);
    const ints = pad(tensor([1, 2], { dtype: 'int32' }), [1, 1], 'replicate');
    expect(ints.dtype).toBe('int32');
    expect(ints.toArray()).toEqual([1, 1, 2, 2]);
  });

  it('gradients count how often each input element was read', () => {
    const grads = modes.map((mode) => {
      const x = tensor([1, 2, 3], { requiresGrad: true });
      pad(x, [2, 1], mode).sum().backward();
      return x.grad?.toArray();
    });
    expect(grads).toEqual([
      [1, 1, 1], // constant: the border is not x
      [1, 3, 2], // reflect reads 2, 1, 0, 1, 2, 1
      [3, 1, 2], // replicate reads 0, 0, 0, 1, 2, 2
      [2, 2, 2], // circular reads 1, 2, 0, 1, 2, 0
    ]);
  });

  it('errors', () => {
    const x = zeros([2, 3]);
    expect(() => pad(x, [1])).toThrow(ValueError);
    expect(() => pad(x, [1])).toThrow('pad: pad must be integer (before, after) pairs, last dimension first; got [1]');
    expect(() => pad(x, [1, 1, 1, 1, 1, 1])).toThrow(
      'pad: [1, 1, 1, 1, 1, 1] pads 3 dimensions but input [2, 3] has 2',
    );
    expect(() => pad(x, [3, 0], 'reflect')).toThrow(ShapeError);
    expect(() => pad(x, [3, 0], 'reflect')).toThrow(
      'pad: padding (3, 0) of dimension 1 of input [2, 3]: reflect padding must be less than the size 3',
    );
    expect(() => pad(x, [0, 4], 'circular')).toThrow('circular padding must be at most the size 3');
    expect(() => pad(x, [-2, -2])).toThrow(
      'pad: padding (-2, -2) of dimension 1 of input [2, 3]: the result would have size -1',
    );
    expect(() => pad(zeros([0]), [1, 0], 'replicate')).toThrow('cannot replicate the edge of an empty dimension');
    expect(() => pad(x, [1, 1], 'reflect', 2)).toThrow("pad: value 2 is only used with mode 'constant'");
    // @ts-expect-error: an unknown mode is a runtime error too
    expect(() => pad(x, [1, 1], 'wrap')).toThrow("pad: unknown mode 'wrap'");
  });

  it('property: padding then cropping by the same amounts is the identity', () => {
    const arb = fc.tuple(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
      fc.constantFrom(...modes),
    );
    fc.assert(
      fc.property(arb, ([shape, amounts, mode]) => {
        const dims = shape.length;
        // keep each amount within what the mode allows for its dimension
        const limit = (j: number) => {
          const n = shape[dims - 1 - Math.floor(j / 2)] as number;
          return mode === 'reflect' ? n - 1 : mode === 'circular' ? n : 3;
        };
        const p = amounts.slice(0, 2 * dims).map((a, j) => Math.min(a, limit(j)));
        const x = reshape(arange(shape.reduce((a, b) => a * b, 1)), shape);
        const back = pad(
          pad(x, p, mode),
          p.map((a) => -a),
        );
        expect(back.shape).toEqual(shape);
        expect(Array.from(back.data)).toEqual(Array.from(x.data));
      }),
      { seed: 41, numRuns: 200 },
    );
  });
});

describe('pad regressions', () => {
  it('circular padding with a crop on the other side wraps around the cropped tensor, as PyTorch', () => {
    // torch.nn.functional.pad(torch.arange(4.).view(1, 1, 4), (-1, 2), mode='circular') → [1, 2, 3, 1, 2]
    expect(pad(arange(4).reshape([1, 1, 4]), [-1, 2], 'circular').toArray()).toEqual([[[1, 2, 3, 1, 2]]]);
    expect(pad(arange(4).reshape([1, 1, 4]), [2, -1], 'circular').toArray()).toEqual([[[1, 2, 0, 1, 2]]]);
  });
});
