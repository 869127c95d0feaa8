/**
 * crossEntropy over sequences, the recipe of issue 6: logits [N, T, V] with targets [N, T] →
 * crossEntropy(logits.reshape([-1, V]), targets.reshape([-1]), { ignoreIndex: 0 }), checked against
 * PyTorch's F.cross_entropy after the same reshape (test/fixtures/embedding.json), against the
 * classes-in-dim-1 form, and the error hint for a [N, T, V] input given as is.
 */
import { describe, expect, it } from 'vitest';
import { crossEntropy, Rng, randn, ShapeError, type Tensor, tensor } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { loadCases, specTensor } from '../helpers/fixture-cases.js';

type Options = { ignoreIndex?: number; reduction?: 'mean' | 'sum'; labelSmoothing?: number };

describe('crossEntropy over [N, T, V] logits: PyTorch parity of the reshape recipe', () => {
  for (const c of loadCases('embedding').filter((c) => c.op === 'crossEntropySequence')) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`case ${c.k} ${JSON.stringify(c.options)} in ${dtype}: value and logits gradient`, () => {
        const logits = specTensor(c.inputs.logits!, dtype, true);
        const targets = specTensor(c.inputs.targets!);
        const v = logits.shape[2] as number;
        const loss = crossEntropy(logits.reshape([-1, v]), targets.reshape([-1]), c.options as Options);
        expectClose(loss, specTensor(c.outputs[0]!), { label: 'loss' });
        loss.backward(specTensor(c.upstream[0]!, dtype));
        expectClose(logits.grad as Tensor, specTensor(c.grads.logits!), { label: 'grad logits' });
      });
    }
  }
});

describe('crossEntropy over [N, T, V] logits', () => {
  it("'mean' averages over the positions that are not ignored; all-padding rows give zero gradient", () => {
    const rng = new Rng(3);
    const logits = randn([2, 4, 5], { rng, requiresGrad: true });
    const targets = tensor(
      [
        [1, 4, 2, 0],
        [0, 0, 0, 0],
      ],
      { dtype: 'int32' },
    );
    const loss = crossEntropy(logits.reshape([-1, 5]), targets.reshape([-1]), { ignoreIndex: 0 });
    const perPosition = crossEntropy(logits.reshape([-1, 5]), targets.reshape([-1]), {
      ignoreIndex: 0,
      reduction: 'none',
    });
    const sum = Array.from(perPosition.data as Float32Array).reduce((a, b) => a + b, 0);
    expect(loss.item()).toBeCloseTo(sum / 3, 6);
    loss.backward();
    const g = Array.from((logits.grad as Tensor).data as Float32Array);
    expect(g.slice(15)).toEqual(new Array(25).fill(0)); // position [0, 3] and all of row 1 are padding
    expect(g.slice(0, 5).some((x) => x !== 0)).toBe(true);
  });

  it('equals the classes-in-dim-1 form, crossEntropy(logits.transpose(1, 2), targets)', () => {
    const logits = randn([3, 6, 4], { rng: new Rng(5) });
    const targets = tensor(
      Int32Array.from({ length: 18 }, (_, i) => (i * 7) % 4),
      { shape: [3, 6] },
    );
    const recipe = crossEntropy(logits.reshape([-1, 4]), targets.reshape([-1]), { ignoreIndex: 0 });
    const dim1 = crossEntropy(logits.transpose(1, 2), targets, { ignoreIndex: 0 });
    expectClose(recipe, dim1, { rtol: 1e-6 });
  });

  it('a [N, T, V] input with [N, T] targets fails with the reshape that fits', () => {
    const logits = randn([2, 3, 5]);
    const targets = tensor(
      [
        [1, 2, 0],
        [3, 0, 0],
      ],
      { dtype: 'int32' },
    );
    expect(() => crossEntropy(logits, targets)).toThrow(ShapeError);
    expect(() => crossEntropy(logits, targets)).toThrow(
      'crossEntropy: target shape [2, 3] does not match input [2, 3, 5]: class-index targets must have shape [2, 5] ' +
        "(the input's shape without the class dim 1); for classes in the last dim, flatten both: " +
        'crossEntropy(input.reshape([-1, 5]), target.reshape([-1]))',
    );
    // No hint where the target is not the input's shape without its last dim.
    expect(() => crossEntropy(logits, tensor([1, 2], { dtype: 'int32' }))).toThrow(/class dim 1\)$/);
  });
});
