import { describe, expect, it } from 'vitest';
import { DTypeError, logSumExp, std, type Tensor, tensor, ValueError, variance } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';
import { caseLabel, REDUCE_CASES, refAxes, refReduce, refVar } from './reduce-reference.js';

/** Cases whose groups hold ≥ 2 elements, so that the unbiased estimate is defined. */
const MULTI = REDUCE_CASES.filter((c) => refAxes(c.shape, c.axis).reduce((n, a) => n * (c.shape[a] as number), 1) >= 2);

describe('variance / std', () => {
  for (const unbiased of [true, false]) {
    const correction = unbiased ? 1 : 0;
    const cases = unbiased ? MULTI : REDUCE_CASES;
    it(`variance (unbiased: ${unbiased}) matches a two-pass reference, with gradients`, () => {
      for (const c of cases) {
        const { axis, keepDims } = c;
        checkOp(`variance ${caseLabel(c)}`, (x) => variance(x, axis, { unbiased, keepDims }), {
          shapes: [[c.shape]],
          referenceTensor: (x) => refReduce(x, axis, keepDims, refVar(correction)),
          seed: 5,
        });
      }
    });
    it(`std (unbiased: ${unbiased}) matches √ of the reference, with gradients`, () => {
      // groups of one element have std 0, where the gradient is defined as 0 (tested below)
      for (const c of MULTI) {
        const { axis, keepDims } = c;
        checkOp(`std ${caseLabel(c)}`, (x) => std(x, axis, { unbiased, keepDims }), {
          shapes: [[c.shape]],
          referenceTensor: (x) => refReduce(x, axis, keepDims, (v) => Math.sqrt(refVar(correction)(v))),
          seed: 6,
        });
      }
    });
  }

  it('small examples and the method name `var`', () => {
    expectClose(variance(tensor([1, 2, 3, 4])), [5 / 3]);
    const x = tensor([
      [1, 3],
      [2, 2],
    ]);
    expect(x.var(1, { unbiased: false, keepDims: true }).toArray()).toEqual([[1], [0]]);
    expect(x.std(1, { unbiased: false }).toArray()).toEqual([1, 0]);
    expectClose(x.std(), [Math.sqrt(2 / 3)]);
    expect(x.var(0).shape).toEqual([2]);
  });

  it('is numerically sound: a large offset does not cancel the variance (two passes)', () => {
    // E[x²] − E[x]² would lose every digit here: x² ≈ 1e18 in float64, ≈ 1e8 in float32.
    const big = tensor([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4], { dtype: 'float64' });
    expectClose(variance(big), [5 / 3], { rtol: 1e-12 });
    const f32 = tensor([1e4 + 0.25, 1e4 + 0.5, 1e4 + 0.75, 1e4 + 1]);
    expectClose(variance(f32), [0.3125 / 3], { rtol: 1e-6 });
    expectClose(std(f32, 0, { unbiased: false }), [Math.sqrt(0.3125 / 4)], { rtol: 1e-6 });
  });

  it('one element with unbiased: NaN, as PyTorch (N − 1 = 0)', () => {
    expect(variance(tensor([3])).item()).toBeNaN();
    expect(std(tensor([[1, 2]]), 0).toArray()).toEqual([Number.NaN, Number.NaN]);
    expect(variance(tensor([3]), 0, { unbiased: false }).item()).toBe(0);
  });

  it('the gradient of std at a constant input is 0, not NaN (PyTorch)', () => {
    const x = tensor(
      [
        [2, 2, 2],
        [1, 2, 3],
      ],
      { requiresGrad: true, dtype: 'float64' },
    );
    std(x, 1).sum().backward();
    const g = x.grad as Tensor;
    expect(Array.from(g.data).slice(0, 3)).toEqual([0, 0, 0]);
    expectClose(Array.from(g.data).slice(3), [-0.5, 0, 0.5]); // (x − x̄) / ((N − 1) · std), std = 1
  });

  it('needs float input; options must be an object', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(() => variance(i)).toThrow(DTypeError);
    expect(() => std(i)).toThrow('std: input must be float32 or float64, got int32');
    const bad = () => variance(tensor([1, 2]), 0, true as never);
    expect(bad).toThrow(ValueError);
    expect(bad).toThrow('variance: the third argument is an options object, got true');
    expect(() => std(tensor([[1, 2]]), 2)).toThrow('std: axis 2 is out of range for a tensor of 2 dimensions');
    expect(() => tensor([[1, 2]]).var([0, -2])).toThrow('variance: repeated axis in [0, -2]');
  });
});

describe('logSumExp', () => {
  const refLse = (v: number[]): number => Math.log(v.reduce((s, x) => s + Math.exp(x), 0));

  it('matches log Σ exp over single, several, negative and all axes, with gradients', () => {
    for (const c of REDUCE_CASES) {
      checkOp(`logSumExp ${caseLabel(c)}`, (x) => logSumExp(x, c.axis, c.keepDims), {
        shapes: [[c.shape]],
        referenceTensor: (x) => refReduce(x, c.axis, c.keepDims, refLse),
        domain: [-5, 5],
        seed: 4,
      });
    }
  });

  it('is stable at ±1000: finite values and a softmax gradient, no NaN/Inf', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor(
        [
          [1000, -1000, 999],
          [-1000, -1000, -1000],
        ],
        { dtype, requiresGrad: true },
      );
      const y = logSumExp(x, 1);
      expectClose(y, [1000 + Math.log(1 + Math.exp(-1)), -1000 + Math.log(3)], { rtol: 1e-6 });
      y.sum().backward();
      const g = x.grad as Tensor;
      expect(Array.from(g.data).every(Number.isFinite), `${dtype} gradient finite`).toBe(true);
      const e = Math.exp(-1);
      // float32 holds lse ≈ 1000.31 to ~6e-5, so exp(x − lse) is only that close
      const rtol = dtype === 'float32' ? 1e-4 : 1e-12;
      expectClose(
        g,
        [
          [1 / (1 + e), 0, e / (1 + e)],
          [1 / 3, 1 / 3, 1 / 3],
        ],
        { rtol },
      );
    }
    expect(logSumExp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.log(2), 3);
  });

  it('infinities and NaN: all −∞ gives −∞, +∞ gives +∞, NaN propagates', () => {
    expect(logSumExp(tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).item()).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(logSumExp(tensor([Number.POSITIVE_INFINITY, 1])).item()).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExp(tensor([Number.NEGATIVE_INFINITY, 0])).item()).toBe(0);
    expect(logSumExp(tensor([1, Number.NaN])).item()).toBeNaN();
    expect(logSumExp(tensor(new Float32Array(0), { shape: [0, 2] }), 0).toArray()).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
  });

  it('integer input becomes float32; method form with keepDims', () => {
    const i = tensor([0, 0], { dtype: 'int32' });
    expect(logSumExp(i).dtype).toBe('float32');
    expectClose(logSumExp(i), [Math.log(2)]);
    const x = tensor([
      [0, 0],
      [1, 1],
    ]);
    expectClose(x.logSumExp(1, true), [[Math.log(2)], [1 + Math.log(2)]]);
    expect(() => x.logSumExp(-3)).toThrow('logSumExp: axis -3 is out of range for a tensor of 2 dimensions');
  });
});
