/**
 * Embedding: PyTorch's init (N(0, 1), padding row zero), state-dict key, shapes, padding that stays
 * zero through training, fromPretrained, errors naming the layer, PyTorch parity through the layer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DTypeError,
  Embedding,
  manualSeed,
  Rng,
  SGD,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { loadCases, specTensor } from '../helpers/fixture-cases.js';

beforeEach(() => manualSeed(0));

const int = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });

describe('Embedding', () => {
  it('initializes weight [num, dim] from N(0, 1) with the padding row zero', () => {
    const emb = new Embedding(200, 50, { paddingIdx: 3 });
    expect(emb.weight.shape).toEqual([200, 50]);
    expect(emb.weight.requiresGrad).toBe(true);
    const v = Array.from(emb.weight.data as Float32Array);
    expect(v.slice(150, 200)).toEqual(new Array(50).fill(0));
    const rest = v.filter((_, i) => i < 150 || i >= 200);
    const mean = rest.reduce((a, b) => a + b, 0) / rest.length;
    const std = Math.sqrt(rest.reduce((a, b) => a + (b - mean) ** 2, 0) / rest.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    expect(new Embedding(4, 2, { paddingIdx: -1 }).paddingIdx).toBe(3);
    expect(new Embedding(4, 2, { dtype: 'float64' }).weight.dtype).toBe('float64');
  });

  it('draws from rng, so the same seed gives the same weights', () => {
    const a = new Embedding(5, 3, { rng: new Rng(7) });
    const b = new Embedding(5, 3, { rng: new Rng(7) });
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
  });

  it("has PyTorch's state-dict key and repr", () => {
    const emb = new Embedding(10, 4, { paddingIdx: 0 });
    expect(Object.keys(emb.stateDict())).toEqual(['weight']);
    expect(emb.toString()).toContain('Embedding(10, 4, paddingIdx=0)');
  });

  it('maps int32 [N, T] to [N, T, dim]; the padding row stays zero while training', () => {
    const emb = new Embedding(6, 3, { paddingIdx: 0 });
    const tokens = int([
      [5, 2, 0],
      [1, 0, 0],
    ]);
    expect(emb.forward(tokens).shape).toEqual([2, 3, 3]);
    const before = Array.from(emb.weight.data.slice(3, 6));
    const opt = new SGD(emb.parameters(), { lr: 0.1 });
    for (let step = 0; step < 3; step++) {
      opt.zeroGrad();
      const out = emb.forward(tokens);
      out.mul(out).sum().backward();
      opt.step();
    }
    expect(Array.from(emb.weight.data.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(emb.weight.data.slice(3, 6))).not.toEqual(before); // row 1 was trained
  });

  it('fromPretrained shares the weights, frozen unless freeze: false', () => {
    const w = tensor([
      [1, 2],
      [3, 4],
    ]);
    const emb = Embedding.fromPretrained(w);
    expect(emb.weight.data).toBe(w.data);
    expect(emb.weight.requiresGrad).toBe(false);
    expect(emb.forward(int([1])).toArray()).toEqual([[3, 4]]);
    expect(Embedding.fromPretrained(w, { freeze: false, paddingIdx: 1 }).weight.requiresGrad).toBe(true);
    expect(
      Embedding.fromPretrained(w, { paddingIdx: 1 })
        .forward(int([1]))
        .toArray(),
    ).toEqual([[3, 4]]);
    expect(() => Embedding.fromPretrained(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => Embedding.fromPretrained(int([[1, 2]]))).toThrow(DTypeError);
    expect(() => new Embedding(3, 2, { weight: w })).toThrow(
      'Embedding(3, 2): weight shape [2, 2] does not match [3, 2]',
    );
  });

  it('fails on bad sizes and paddingIdx in the constructor, on bad indices naming the layer', () => {
    expect(() => new Embedding(0, 4)).toThrow(ValueError);
    expect(() => new Embedding(4, 2.5)).toThrow('Embedding: embeddingDim must be a positive integer, got 2.5');
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(/Embedding\(4, 2\): paddingIdx must be/);
    const emb = new Embedding(65, 32);
    expect(() => emb.forward(int([[3, 70]]))).toThrow(
      'Embedding(65, 32): index 70 (at flat position 1 of indices [1, 2]) is out of range: valid indices are 0 to 64',
    );
    expect(() => emb.forward(tensor([1, 2]))).toThrow(DTypeError);
  });
});

describe('Embedding: PyTorch parity (nn.Embedding with a loaded weight)', () => {
  for (const c of loadCases('embedding').filter((c) => c.op === 'embedding')) {
    it(`case ${c.k} ${JSON.stringify(c.options)}: output and weight gradient`, () => {
      const w = specTensor(c.inputs.weight!);
      const paddingIdx = c.options.paddingIdx as number | undefined;
      const emb = new Embedding(
        w.shape[0] as number,
        w.shape[1] as number,
        paddingIdx === undefined ? {} : { paddingIdx },
      );
      emb.loadStateDict({ weight: w });
      const out = emb.forward(specTensor(c.inputs.input!));
      expectClose(out, specTensor(c.outputs[0]!), { label: 'output' });
      out.backward(specTensor(c.upstream[0]!));
      expectClose(emb.weight.grad as Tensor, specTensor(c.grads.weight!), { label: 'grad weight' });
    });
  }
});
