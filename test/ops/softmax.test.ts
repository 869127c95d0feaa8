import { describe, expect, it } from 'vitest';
import { DTypeError, Rng, type Shape, type Tensor, tensor, ValueError } from '../../src/index.js';
import { logSoftmax, softmax } from '../../src/ops/softmax.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';

/** Softmax along `axis` in plain JS, element by element (log: x − m − log Σ exp(x − m)). */
function refSoftmax(x: Tensor, axis: number, log = false): { values: number[]; shape: Shape } {
  const shape = x.shape;
  const ax = axis < 0 ? axis + Math.max(shape.length, 1) : axis;
  const n = shape.length === 0 ? 1 : (shape[ax] as number);
  const inner = shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const values = new Array<number>(x.numel());
  for (let i = 0; i < x.numel(); i++) {
    const start = i - (Math.floor(i / inner) % n) * inner; // first element of i's lane
    const lane = Array.from({ length: n }, (_, j) => x.data[start + j * inner] as number);
    const m = Math.max(...lane);
    const sum = lane.reduce((s, v) => s + Math.exp(v - m), 0);
    const xi = x.data[i] as number;
    values[i] = log ? xi - m - Math.log(sum) : Math.exp(xi - m) / sum;
  }
  return { values, shape };
}

const CASES: Array<[string, number, number[][][]]> = [
  ['last axis', -1, [[[3, 4]], [[2, 3, 5]], [[5]], [[1]], [[]], [[4, 1]]]],
  ['axis 0', 0, [[[3, 4]], [[2, 3, 5]], [[5]], [[1, 3]]]],
  ['middle axis', 1, [[[2, 3, 5]], [[3, 4]], [[2, 1, 3]]]],
];

describe('softmax / logSoftmax: checkOp', () => {
  for (const [label, axis, shapes] of CASES) {
    it(`softmax, ${label}`, () =>
      checkOp(`softmax(${axis})`, (x) => softmax(x, axis), {
        shapes,
        domain: [-4, 4],
        referenceTensor: (x) => refSoftmax(x, axis),
        seed: 5,
      }));
    it(`logSoftmax, ${label}`, () =>
      checkOp(`logSoftmax(${axis})`, (x) => logSoftmax(x, axis), {
        shapes,
        domain: [-4, 4],
        referenceTensor: (x) => refSoftmax(x, axis, true),
        seed: 6,
      }));
  }
});

describe('softmax properties', () => {
  it('lanes sum to 1 along every axis, with positive entries', () => {
    const rng = new Rng(11);
    const x = tensor(
      Float64Array.from({ length: 2 * 3 * 4 }, () => rng.normal(0, 10)),
      { shape: [2, 3, 4] },
    );
    for (const axis of [0, 1, 2, -1]) {
      const s = softmax(x, axis);
      const lanes = 24 / (x.shape.at(axis) as number);
      expectClose(s.sum(axis), new Array(lanes).fill(1), { rtol: 1e-14 });
      for (const v of s.data) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('exp(logSoftmax) = softmax; a scalar softmaxes to 1', () => {
    const x = tensor([[0.5, -1, 3]], { dtype: 'float64' });
    expectClose(logSoftmax(x).exp(), softmax(x), { rtol: 1e-15 });
    expect(softmax(tensor(7)).item()).toBe(1);
    expect(logSoftmax(tensor(7), 0).item()).toBe(0);
  });

  it('values from a known example', () => {
    expectClose(
      softmax(tensor([1, 2, 3], { dtype: 'float64' })),
      [0.09003057317038046, 0.24472847105479767, 0.6652409557748219],
      {
        rtol: 1e-15,
      },
    );
    expectClose(
      softmax(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          { dtype: 'float64' },
        ),
        0,
      ),
      [0.11920292202211755, 0.11920292202211755, 0.8807970779778823, 0.8807970779778823],
      {
        rtol: 1e-15,
      },
    );
  });
});

describe('stability at ±1000', () => {
  const X = [
    [1000, -1000, 0],
    [-1000, -1000, -1000],
    [1000, 1000, 999],
  ];

  for (const dtype of ['float32', 'float64'] as const) {
    it(`softmax and logSoftmax stay finite, with finite gradients (${dtype})`, () => {
      for (const op of [softmax, logSoftmax]) {
        const x = tensor(X, { dtype, requiresGrad: true });
        const y = op(x);
        y.mul(tensor([[1, 2, 3]], { dtype }))
          .sum()
          .backward();
        for (const v of y.data) expect(Number.isFinite(v)).toBe(true);
        for (const v of x.grad?.data ?? []) expect(Number.isFinite(v)).toBe(true);
      }
      const e = Math.exp(-1);
      expectClose(
        softmax(tensor(X, { dtype })),
        [1, 0, 0, 1 / 3, 1 / 3, 1 / 3, 1 / (2 + e), 1 / (2 + e), e / (2 + e)],
        {
          rtol: 1e-6,
        },
      );
      const l = Math.log(2 + e);
      expectClose(
        logSoftmax(tensor(X, { dtype })),
        [0, -2000, -1000, -Math.log(3), -Math.log(3), -Math.log(3), -l, -l, -1 - l],
        {
          rtol: 1e-6,
        },
      );
    });
  }

  it('gradients at ±1000 match the formulas', () => {
    const g = tensor([[1, 2, 3]], { dtype: 'float64' });
    const x = tensor([[1000, -1000, 0]], { dtype: 'float64', requiresGrad: true });
    softmax(x).backward(g); // y = [1, 0, 0]: dx = y(g − Σ g·y) = [0, 0, 0]
    expect(Array.from(x.grad?.data ?? [])).toEqual([0, 0, 0]);
    const x2 = tensor([[1000, -1000, 0]], { dtype: 'float64', requiresGrad: true });
    logSoftmax(x2).backward(g); // dx = g − y·Σg = [1 − 6, 2, 3]
    expect(Array.from(x2.grad?.data ?? [])).toEqual([-5, 2, 3]);
  });
});

describe('errors and methods', () => {
  it('int inputs are rejected', () => {
    const ints = tensor([1, 2], { dtype: 'int32' });
    expect(() => softmax(ints)).toThrow(DTypeError);
    expect(() => softmax(ints)).toThrow('softmax: input must be float32 or float64, got int32');
    expect(() => logSoftmax(ints)).toThrow('logSoftmax: input must be float32 or float64, got int32');
  });

  it('an axis out of range names the op and the valid range', () => {
    const x = tensor([[1, 2]]);
    expect(() => softmax(x, 2)).toThrow(ValueError);
    expect(() => softmax(x, 2)).toThrow(
      'softmax: axis 2 is out of range for a tensor of 2 dimensions (valid: -2 to 1)',
    );
    expect(() => logSoftmax(x, -3)).toThrow('logSoftmax: axis -3 is out of range');
  });

  it('methods match the functions; float64 output gradients flow into float32 inputs', () => {
    const x = tensor(
      [
        [1, 2],
        [0, 5],
      ],
      { requiresGrad: true },
    );
    expect(x.softmax(0).toArray()).toEqual(softmax(x, 0).toArray());
    expect(x.logSoftmax().toArray()).toEqual(logSoftmax(x, -1).toArray());
    x.logSoftmax().backward(
      tensor(
        [
          [1, 0],
          [0, 1],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(x.grad?.dtype).toBe('float32');
  });
});
