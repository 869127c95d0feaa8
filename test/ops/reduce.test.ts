import { describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  DTypeError,
  max,
  mean,
  min,
  Rng,
  sum,
  sumTo,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';
import { caseLabel, REDUCE_CASES, refMean, refReduce, refSum } from './reduce-reference.js';

type ReduceFn = (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor;

/** checkOp over every REDUCE_CASE against a brute-force fold. */
function checkReduction(name: string, op: ReduceFn, ref: (v: number[]) => number): void {
  for (const c of REDUCE_CASES) {
    checkOp(`${name} ${caseLabel(c)}`, (x) => op(x, c.axis, c.keepDims), {
      shapes: [[c.shape]],
      referenceTensor: (x) => refReduce(x, c.axis, c.keepDims, ref),
      seed: 3,
    });
  }
}

describe('sum', () => {
  it('matches a brute-force sum over single, several, negative and all axes, with keepDims', () =>
    checkReduction('sum', sum, refSum));

  it('int32 sums stay int32; bool sums count trues as int32', () => {
    const i = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'int32' },
    );
    expect(sum(i).dtype).toBe('int32');
    expect(sum(i).item()).toBe(21);
    expect(sum(i, 0).toArray()).toEqual([5, 7, 9]);
    const b = tensor([
      [true, false, true],
      [true, true, true],
    ]);
    expect(sum(b, 1).dtype).toBe('int32');
    expect(sum(b, 1).toArray()).toEqual([2, 3]);
    expect(b.sum().item()).toBe(5);
  });

  it('float32 sums of many terms keep their precision (float64 accumulation)', () => {
    const x = tensor(new Float32Array(1_000_000).fill(0.1));
    expect(sum(x).item()).toBeCloseTo(100_000, 0);
  });

  it('an empty axis sums to 0; the gradient of a sum is ones', () => {
    expect(sum(tensor(new Float32Array(0), { shape: [0, 3] }), 0).toArray()).toEqual([0, 0, 0]);
    const x = tensor([[1, 2]], { requiresGrad: true });
    x.sum().backward();
    expect(x.grad?.toArray()).toEqual([[1, 1]]);
  });

  it('sumTo sums broadcast dimensions back down', () => {
    const g = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(sumTo(g, [1, 3]).toArray()).toEqual([[5, 7, 9]]);
    expect(sumTo(g, [3]).toArray()).toEqual([5, 7, 9]);
    expect(sumTo(g, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(sumTo(g, []).item()).toBe(21);
    expect(sumTo(g, [2, 3])).toBe(g);
  });
});

describe('mean', () => {
  it('matches a brute-force mean over the same cases', () => checkReduction('mean', mean, refMean));

  it('needs a float tensor, as PyTorch', () => {
    expect(() => mean(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => mean(tensor([1, 2], { dtype: 'int32' }))).toThrow('mean: input must be float32 or float64, got int32');
  });
});

describe('max / min', () => {
  it('max matches a brute-force maximum', () => checkReduction('max', max, (v) => Math.max(...v)));
  it('min matches a brute-force minimum', () => checkReduction('min', min, (v) => Math.min(...v)));

  it('values and methods on a small example', () => {
    const x = tensor([
      [1, 5],
      [3, 2],
    ]);
    expect(max(x, 1).toArray()).toEqual([5, 3]);
    expect(x.max().item()).toBe(5);
    expect(x.min(0, true).toArray()).toEqual([[1, 2]]);
    expect(min(x, [0, 1]).item()).toBe(1);
  });

  it('the gradient is split evenly among tied extremes (torch.amax / amin)', () => {
    const x = tensor(
      [
        [1, 3, 3],
        [2, 2, 2],
      ],
      { requiresGrad: true },
    );
    max(x, 1).sum().backward();
    expectClose(x.grad as Tensor, [
      [0, 0.5, 0.5],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    const y = tensor([4, -1, 4, -1], { requiresGrad: true, dtype: 'float64' });
    y.min().mul(6).backward();
    expect(y.grad?.toArray()).toEqual([0, 3, 0, 3]);
    const z = tensor([[7, 7]], { requiresGrad: true });
    z.max().backward();
    expect(z.grad?.toArray()).toEqual([[0.5, 0.5]]);
  });

  it('keeps int32 and bool dtypes (no gradient)', () => {
    const i = tensor([3, -7, 5], { dtype: 'int32' });
    expect(max(i).dtype).toBe('int32');
    expect(max(i).item()).toBe(5);
    expect(min(i).item()).toBe(-7);
    expect(max(tensor([false, true])).dtype).toBe('bool');
    expect(max(tensor([false, true])).item()).toBe(1);
  });

  it('NaN propagates, and ±Infinity are ordinary values', () => {
    expect(max(tensor([1, Number.NaN, 3])).item()).toBeNaN();
    expect(min(tensor([Number.NaN, 1])).item()).toBeNaN();
    expect(max(tensor([Number.NEGATIVE_INFINITY, 2])).item()).toBe(2);
    expect(min(tensor([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).item()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('refuses an empty axis, and names op, axis and shape', () => {
    const e = tensor(new Float32Array(0), { shape: [2, 0] });
    expect(() => max(e, 1)).toThrow(ValueError);
    expect(() => max(e, 1)).toThrow('max: cannot reduce over axis 1 of size 0 (input shape [2, 0])');
    expect(() => min(e)).toThrow('min: cannot reduce over axis 1 of size 0');
    expect(max(e, 0).shape).toEqual([0]); // reducing a non-empty axis of an empty tensor is fine
  });
});

describe('argmax / argmin', () => {
  const rng = new Rng(11);
  const cases: Array<{ shape: number[]; axis?: number; keepDims?: boolean }> = [
    { shape: [3, 4], axis: 0 },
    { shape: [3, 4], axis: 1, keepDims: true },
    { shape: [2, 3, 4], axis: -2 },
    { shape: [2, 3, 4] },
    { shape: [2, 3, 4], keepDims: true },
    { shape: [2, 1, 3], axis: 1 },
    { shape: [6], axis: 0 },
    { shape: [], axis: 0 },
    { shape: [] },
  ];
  /** Position of the first extreme among the values, with their positions along the axis. */
  const firstIndex = (better: (a: number, b: number) => boolean) => (v: number[]) =>
    v.reduce((best, x, i) => (better(x, v[best] as number) ? i : best), 0);

  for (const [name, op, better] of [
    ['argmax', argmax, (a: number, b: number) => a > b],
    ['argmin', argmin, (a: number, b: number) => a < b],
  ] as const) {
    it(`${name} matches a brute-force search over random inputs (int32, first index)`, () => {
      for (const { shape, axis, keepDims = false } of cases) {
        const n = shape.reduce((a, b) => a * b, 1);
        // few distinct values, so ties are common and the first index must win
        const x = tensor(
          Float64Array.from({ length: n }, () => rng.int(0, 4)),
          { shape },
        );
        const out = op(x, axis, keepDims);
        expect(out.dtype).toBe('int32');
        const expected =
          axis === undefined
            ? { values: [firstIndex(better)(Array.from(x.data))], shape: keepDims ? shape.map(() => 1) : [] }
            : refReduce(x, axis, keepDims, firstIndex(better));
        expect(out.shape, `${name} [${shape}] axis ${axis}`).toEqual(expected.shape);
        expect(Array.from(out.data), `${name} [${shape}] axis ${axis}`).toEqual(expected.values);
      }
    });
  }

  it('small examples: flat index without axis, first index on ties, methods', () => {
    const x = tensor([
      [1, 5],
      [5, 2],
    ]);
    expect(argmax(x, 1).toArray()).toEqual([1, 0]);
    expect(x.argmax().item()).toBe(1);
    expect(x.argmin(0).toArray()).toEqual([0, 1]);
    expect(x.argmin(undefined, true).shape).toEqual([1, 1]);
    expect(argmax(tensor([2, 2, 2])).item()).toBe(0);
    expect(argmax(tensor([3, 1, 2]).to('float64'), -1).item()).toBe(0);
  });

  it('NaN counts as the extreme, as PyTorch', () => {
    expect(argmax(tensor([1, Number.NaN, 9])).item()).toBe(1);
    expect(argmin(tensor([1, -9, Number.NaN])).item()).toBe(2);
  });

  it('works on int32 and has no gradient', () => {
    expect(argmax(tensor([2, 9, 4], { dtype: 'int32' })).item()).toBe(1);
    const x = tensor([1, 3, 2], { requiresGrad: true });
    const i = argmax(x);
    expect(i.requiresGrad).toBe(false);
    expect(i.gradFn).toBeNull();
  });

  it('errors: axis list, bad axis, empty axis', () => {
    const x = tensor([[1, 2]]);
    expect(() => argmax(x, [0, 1] as unknown as number)).toThrow(ValueError);
    expect(() => argmax(x, [0, 1] as unknown as number)).toThrow('argmax: axis must be a single number, got [0,1]');
    expect(() => argmin(x, 2)).toThrow('argmin: axis 2 is out of range for a tensor of 2 dimensions (valid: -2 to 1)');
    expect(() => argmax(tensor(new Float32Array(0)))).toThrow('argmax: cannot reduce over axis 0 of size 0');
  });
});

describe('axis errors name the op, the axis and the valid range', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  it.each([
    ['sum', () => sum(x, 2), 'sum: axis 2 is out of range for a tensor of 2 dimensions (valid: -2 to 1)'],
    ['mean', () => mean(x, -3), 'mean: axis -3 is out of range for a tensor of 2 dimensions (valid: -2 to 1)'],
    ['max', () => max(x, [0, 5]), 'max: axis 5 is out of range'],
    ['min', () => min(x, 0.5), 'min: axis 0.5 is out of range'],
    ['sum repeated', () => sum(x, [1, -1]), 'sum: repeated axis in [1, -1]'],
    ['max repeated', () => max(x, [0, 0]), 'max: repeated axis in [0, 0]'],
    ['scalar', () => sum(tensor(3), 1), 'sum: axis 1 is out of range for a tensor of 0 dimensions (valid: -1 to 0)'],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(ValueError);
    expect(call).toThrow(message);
  });
});
