import { describe, expect, it } from 'vitest';
import { abs, add, DTypeError, div, exp, log, mul, neg, ShapeError, sign, sqrt, sub, tensor } from '../../src/index.js';
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

describe('binary arithmetic', () => {
  it('add', () => checkOp('add', add, { shapes: BROADCAST, reference: (x, y) => x + y }));
  it('sub', () => checkOp('sub', sub, { shapes: BROADCAST, reference: (x, y) => x - y }));
  it('mul', () => checkOp('mul', mul, { shapes: BROADCAST, reference: (x, y) => x * y }));
  it('div', () =>
    checkOp('div', div, {
      shapes: BROADCAST,
      domain: (r, i) => (i === 1 ? r.uniform(0.5, 2) * (r.uniform() < 0.5 ? -1 : 1) : r.uniform(-2, 2)),
      reference: (x, y) => x / y,
    }));

  it('broadcast errors name the op and both shapes', () => {
    expect(() => add(tensor([[1, 2]]), tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => add(tensor([[1, 2]]), tensor([[1, 2, 3]]))).toThrow('add: cannot broadcast [1, 2] with [1, 3]');
  });

  it('scalars adopt the tensor dtype; ints promote to float', () => {
    expect(tensor([1, 2], { dtype: 'float64' }).add(1).dtype).toBe('float64');
    expect(tensor([1, 2], { dtype: 'int32' }).add(1).dtype).toBe('int32');
    expect(tensor([1, 2], { dtype: 'int32' }).add(0.5).dtype).toBe('float32');
    expect(tensor([1, 2], { dtype: 'int32' }).div(2).toArray()).toEqual([0.5, 1]);
  });
});

describe('unary math', () => {
  it('neg', () => checkOp('neg', neg, { shapes: [[[3, 4]], [[]]], reference: (x) => -x }));
  it('exp', () => checkOp('exp', exp, { shapes: [[[3, 4]], [[2, 1, 3]]], reference: Math.exp }));
  it('log', () => checkOp('log', log, { shapes: [[[3, 4]], [[5]]], domain: [0.1, 3], reference: Math.log }));
  it('sqrt', () =>
    checkOp('sqrt', sqrt, { shapes: [[[3, 4]], [[2, 1, 3]], [[]]], domain: [0.1, 3], reference: Math.sqrt }));
  // Away from the kink at 0, so finite differences see a smooth function.
  const awayFromZero = (r: { uniform(a: number, b: number): number }) =>
    r.uniform(0.05, 2) * (r.uniform(0, 1) < 0.5 ? -1 : 1);
  it('abs', () =>
    checkOp('abs', abs, { shapes: [[[3, 4]], [[1, 5]], [[]]], domain: awayFromZero, reference: Math.abs }));
  it('sign', () =>
    checkOp('sign', sign, { shapes: [[[3, 4]], [[2, 1]], [[]]], domain: awayFromZero, reference: Math.sign }));

  it('abs has gradient sign(x), 0 at 0; sign has a zero gradient', () => {
    const x = tensor([-2, 0, 3], { requiresGrad: true });
    x.abs().sum().backward();
    expect(x.grad?.toArray()).toEqual([-1, 0, 1]);
    const y = tensor([-2, 0, 3], { requiresGrad: true });
    y.sign().mul(5).sum().backward();
    expect(y.grad?.toArray()).toEqual([0, 0, 0]);
  });

  it('sign and abs keep NaN and integer dtypes; sqrt needs floats', () => {
    expect(sign(tensor([Number.NaN, -0, 0.5])).toArray()).toEqual([Number.NaN, 0, 1]);
    const i = tensor([-3, 0, 4], { dtype: 'int32' });
    expect(abs(i).dtype).toBe('int32');
    expect(abs(i).toArray()).toEqual([3, 0, 4]);
    expect(sign(i).toArray()).toEqual([-1, 0, 1]);
    expect(sqrt(tensor([-1, 0])).toArray()).toEqual([Number.NaN, 0]);
    expect(() => sqrt(i)).toThrow(DTypeError);
    expect(() => sqrt(i)).toThrow("sqrt: input must be float32 or float64, got int32. Convert it with .to('float32').");
  });

  it('methods delegate', () => {
    const x = tensor([-4, 9]);
    expect(x.abs().sqrt().toArray()).toEqual([2, 3]);
    expect(x.sign().toArray()).toEqual([-1, 1]);
  });
});

describe('gradients accumulate like PyTorch', () => {
  it('a tensor used twice gets the sum of both paths', () => {
    const x = tensor([2, 3], { requiresGrad: true });
    x.mul(x).add(x).sum().backward(); // d(x² + x) = 2x + 1
    expect(x.grad?.toArray()).toEqual([5, 7]);
    x.mul(2).sum().backward(); // accumulates: + 2
    expect(x.grad?.toArray()).toEqual([7, 9]);
  });

  it('10,000 chained ops backpropagate without a stack overflow', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expect(x.grad?.item()).toBeCloseTo(1.0001 ** 10_000, 1);
  });
});

describe('bool arithmetic follows PyTorch', () => {
  it('add is logical or, mul is logical and, sub is an error', () => {
    const a = tensor([true, true, false, false]);
    const b = tensor([true, false, true, false]);
    expect(add(a, b).dtype).toBe('bool');
    expect(add(a, b).toArray()).toEqual([true, true, true, false]);
    expect(mul(a, b).toArray()).toEqual([true, false, false, false]);
    expect(() => sub(a, b)).toThrow(/subtracting bool tensors is not supported/);
  });
});
