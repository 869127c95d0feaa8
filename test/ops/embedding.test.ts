/**
 * embedding: lookup values, the scatter-add gradient (repeats add up, paddingIdx gets none),
 * checkOp (float32 vs float64, gradcheck, backends), PyTorch parity (test/fixtures/embedding.json,
 * written by scripts/fixtures/embedding.py) and errors.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, embedding, noGrad, ShapeError, type Tensor, tensor, ValueError } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';
import { loadCases, specTensor } from '../helpers/fixture-cases.js';

const int = (v: number[] | number[][], shape?: number[]) =>
  tensor(v, { dtype: 'int32', ...(shape === undefined ? {} : { shape }) });

describe('embedding', () => {
  const weight = tensor([
    [0, 0],
    [1, 2],
    [3, 4],
  ]);

  it('picks rows: input [...S] → [...S, dim], a scalar index gives one row', () => {
    expect(
      embedding(
        int([
          [2, 1],
          [0, 2],
        ]),
        weight,
      ).toArray(),
    ).toEqual([
      [
        [3, 4],
        [1, 2],
      ],
      [
        [0, 0],
        [3, 4],
      ],
    ]);
    expect(embedding(int([1], []), weight).toArray()).toEqual([1, 2]);
    expect(embedding(int([], [2, 0]), weight).shape).toEqual([2, 0, 2]);
  });

  it('backward is a scatter-add: an index used k times gets k gradients; paddingIdx gets none', () => {
    const w = tensor(weight.data.slice(), { shape: [3, 2], requiresGrad: true });
    embedding(int([1, 2, 1, 1, 0]), w)
      .sum()
      .backward();
    expect((w.grad as Tensor).toArray()).toEqual([
      [1, 1],
      [3, 3],
      [1, 1],
    ]);
    const wp = tensor(weight.data.slice(), { shape: [3, 2], requiresGrad: true });
    const out = embedding(int([1, 2, 1, 1, 0]), wp, { paddingIdx: 1 });
    expect((out.toArray() as number[][])[0]).toEqual([1, 2]); // the padding row's values are returned as they are
    out.sum().backward();
    expect((wp.grad as Tensor).toArray()).toEqual([
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
  });

  it('checkOp: float32 vs float64, gradcheck, every backend', () => {
    const idx = int([4, 0, 4, 2, 1, 4], [2, 3]);
    checkOp('embedding', (w) => embedding(idx, w), { shapes: [[[5, 3]], [[5, 1]]] });
    // No finite-difference check with paddingIdx: its zero gradient is a rule, not the derivative.
  });

  it('needs no gradient bookkeeping under noGrad or for a frozen weight', () => {
    const w = tensor([[1], [2]], { requiresGrad: true });
    expect(noGrad(() => embedding(int([0, 1]), w, { paddingIdx: 0 })).requiresGrad).toBe(false);
    expect(embedding(int([0, 1]), tensor([[1], [2]]), { paddingIdx: 0 }).requiresGrad).toBe(false);
  });

  it('errors name the bad index and the valid range, and bad dtypes, shapes and paddingIdx', () => {
    expect(() => embedding(int([0, 2, 3, 12, 1], [5]), weight)).toThrow(ShapeError);
    expect(() => embedding(int([[0, 3]]), weight)).toThrow(
      'embedding: index 3 (at flat position 1 of indices [1, 2]) is out of range: valid indices are 0 to 2',
    );
    expect(() => embedding(int([-1]), weight)).toThrow(/index -1 .* valid indices are 0 to 2/);
    expect(() => embedding(tensor([0, 1]), weight)).toThrow(DTypeError);
    expect(() => embedding(tensor([0, 1]), weight)).toThrow(/int32 .* got a float32 tensor/);
    expect(() => embedding(int([0]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => embedding(int([0]), int([[1, 2]]))).toThrow(DTypeError);
    expect(() => embedding(int([0]), weight, { paddingIdx: 3 })).toThrow(ValueError);
    expect(() => embedding(int([0]), weight, { paddingIdx: -4 })).toThrow(/paddingIdx must be an integer in \[-3, 2\]/);
  });
});

describe('embedding: PyTorch parity (F.embedding)', () => {
  for (const c of loadCases('embedding').filter((c) => c.op === 'embedding')) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`case ${c.k} ${JSON.stringify(c.options)} in ${dtype}: output and weight gradient`, () => {
        const weight = specTensor(c.inputs.weight!, dtype, true);
        const paddingIdx = c.options.paddingIdx as number | undefined;
        const out = embedding(specTensor(c.inputs.input!), weight, paddingIdx === undefined ? {} : { paddingIdx });
        expectClose(out, specTensor(c.outputs[0]!), { label: 'output' });
        out.backward(specTensor(c.upstream[0]!, dtype));
        expectClose(weight.grad as Tensor, specTensor(c.grads.weight!), { label: 'grad weight' });
      });
    }
  }
});
