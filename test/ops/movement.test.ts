import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  flatten,
  permute,
  reshape,
  squeeze,
  tensor,
  transpose,
  unsqueeze,
  ValueError,
  zeros,
} from '../../src/index.js';
import { checkOp } from '../helpers/check-op.js';

describe('flatten / squeeze / unsqueeze', () => {
  it('checkOp', () => {
    checkOp('flatten', (x) => flatten(x), { shapes: [[[2, 3, 4]], [[]], [[5]]] });
    checkOp('flatten(1, 2)', (x) => x.flatten(1, 2), { shapes: [[[2, 3, 4, 1]]] });
    checkOp('squeeze', (x) => squeeze(x), { shapes: [[[2, 1, 3, 1]], [[1]], [[]]] });
    checkOp('squeeze(-1)', (x) => x.squeeze(-1), { shapes: [[[2, 1]], [[2, 3]]] });
    checkOp('unsqueeze', (x) => unsqueeze(x, 1), { shapes: [[[2, 3]], [[4]]] });
    checkOp('unsqueeze(-1)', (x) => x.unsqueeze(-1), { shapes: [[[2, 3]], [[]]] });
  });

  it('shapes as PyTorch', () => {
    const x = zeros([2, 1, 3, 1]);
    expect(flatten(x).shape).toEqual([6]);
    expect(flatten(x, 1).shape).toEqual([2, 3]);
    expect(flatten(x, 0, -2).shape).toEqual([6, 1]);
    expect(flatten(tensor(5)).shape).toEqual([1]);
    expect(squeeze(x).shape).toEqual([2, 3]);
    expect(squeeze(x, 1).shape).toEqual([2, 3, 1]);
    expect(squeeze(x, 0).shape).toEqual([2, 1, 3, 1]); // size 2: left alone, as PyTorch
    expect(squeeze(x, [1, -1]).shape).toEqual([2, 3]);
    expect(squeeze(zeros([1, 1])).shape).toEqual([]);
    expect(unsqueeze(zeros([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(zeros([2, 3]), 2).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(zeros([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(zeros([2, 3]), -3).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(tensor(1), 0).shape).toEqual([1]);
  });

  it('errors', () => {
    expect(() => flatten(zeros([2, 3, 4]), 2, 1)).toThrow(ValueError);
    expect(() => flatten(zeros([2, 3, 4]), 2, 1)).toThrow('flatten: startDim 2 comes after endDim 1');
    expect(() => unsqueeze(zeros([2, 3]), 3)).toThrow('unsqueeze: axis 3 is out of range');
    expect(() => squeeze(zeros([2, 3]), 2)).toThrow('squeeze: axis 2 is out of range');
  });
});

describe('permute / transpose', () => {
  it('checkOp', () => {
    checkOp('permute', (x) => permute(x, [2, 0, 1]), { shapes: [[[2, 3, 4]], [[1, 3, 1]]] });
    checkOp('permute negative dims', (x) => x.permute([-1, 0, 2, 1]), { shapes: [[[2, 1, 3, 2]]] });
    checkOp('permute identity / scalar', (x) => permute(x, []), { shapes: [[[]]] });
    checkOp('transpose', (x) => transpose(x, 0, 1), { shapes: [[[3, 4]], [[2, 3, 4]], [[1, 5]]] });
    checkOp('transpose(-1, -3)', (x) => x.transpose(-1, -3), { shapes: [[[2, 3, 4]]] });
  });

  it('exact values', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(transpose(m, 0, 1).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(m.transpose(1, 1)).toBe(m);
    // out[k][0][j] = x[0][j][k]
    expect(permute(reshape(arange(6), [1, 2, 3]), [2, 0, 1]).toArray()).toEqual([[[0, 3]], [[1, 4]], [[2, 5]]]);
    const ints = tensor([[1], [2]], { dtype: 'int32' }).transpose(0, 1);
    expect(ints.dtype).toBe('int32');
    expect(ints.toArray()).toEqual([[1, 2]]);
  });

  it('the gradient is the inverse permutation', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    const y = permute(x, [1, 0]); // [3, 1]
    y.backward(tensor([[10], [20], [30]]));
    expect(x.grad?.toArray()).toEqual([[10, 20, 30]]);
  });

  it('errors', () => {
    expect(() => permute(zeros([2, 3]), [0, 0])).toThrow(ValueError);
    expect(() => permute(zeros([2, 3]), [0, 0])).toThrow(
      'permute: dims [0, 0] must list each of the 2 dimensions of input [2, 3] exactly once',
    );
    expect(() => permute(zeros([2, 3]), [0])).toThrow('permute: dims [0] must list each');
    expect(() => permute(zeros([2, 3]), [0, 2])).toThrow('permute: axis 2 is out of range');
    expect(() => transpose(zeros([2, 3]), 0, 2)).toThrow('transpose: axis 2 is out of range');
  });

  it('property: permute then the inverse permutation is the identity', () => {
    const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 5 }).chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.shuffledSubarray(
          shape.map((_, i) => i),
          { minLength: shape.length, maxLength: shape.length },
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([shape, dims]) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = reshape(arange(n), shape);
        const y = permute(x, dims);
        expect(y.shape).toEqual(dims.map((d) => shape[d]));
        const inverse = dims.map((_, i) => dims.indexOf(i));
        const back = permute(y, inverse);
        expect(back.shape).toEqual(shape);
        expect(Array.from(back.data)).toEqual(Array.from(x.data));
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('property: a permuted element sits at the permuted coordinates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }), (shape) => {
        const x = reshape(arange(shape.reduce((a, b) => a * b, 1)), shape);
        const y = permute(x, [1, 2, 0]).toArray() as number[][][];
        const xs = x.toArray() as number[][][];
        for (let i = 0; i < (shape[0] as number); i++)
          for (let j = 0; j < (shape[1] as number); j++)
            for (let k = 0; k < (shape[2] as number); k++) expect(y[j]?.[k]?.[i]).toBe(xs[i]?.[j]?.[k]);
      }),
      { seed: 12, numRuns: 50 },
    );
  });
});
