/**
 * Fused primitives must give exactly the numbers of the ops they replace: `linear` (one GEMM +
 * bias op instead of a GEMM and an `add`) and the losses that reduce inside their own op
 * (`crossEntropy`, `nllLoss` with 'mean' / 'sum', instead of the unreduced loss then `sum` / `div`).
 * Forward values and every gradient are compared bit for bit.
 */
import { describe, expect, it } from 'vitest';
import {
  crossEntropy,
  div,
  linear,
  logSoftmax,
  matmul,
  nllLoss,
  Rng,
  type Shape,
  sum,
  type Tensor,
  tensor,
  transpose,
} from '../../src/index.js';

const rng = new Rng(5);
function rand(shape: Shape, dtype: 'float32' | 'float64' = 'float32', requiresGrad = true): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const t = tensor(
    Float64Array.from({ length: n }, () => rng.uniform(-2, 2)),
    { shape },
  ).to(dtype);
  t.requiresGrad = requiresGrad;
  return t;
}
const bits = (t: Tensor | null) => Array.from(t?.data ?? []);

/** Run `f` on fresh copies of `inputs`, backpropagate a fixed random cotangent; output and grads. */
function run(inputs: Tensor[], f: (...xs: Tensor[]) => Tensor, seed = 3) {
  const xs = inputs.map((t) => {
    const c = tensor(t.data.slice(), { shape: t.shape });
    c.requiresGrad = t.requiresGrad;
    return c;
  });
  const out = f(...xs);
  const r = new Rng(seed);
  const cot = tensor(
    Float64Array.from({ length: out.numel() }, () => r.uniform(-1, 1)),
    { shape: out.shape },
  ).to(out.dtype);
  out.mul(cot).sum().backward();
  return { out: bits(out), shape: out.shape, grads: xs.map((x) => bits(x.grad)) };
}

describe('linear, fused', () => {
  const cases: Array<[Shape, number]> = [
    [[20, 4], 16],
    [[20, 16], 3],
    [[4], 3], // one sample
    [[2, 3, 5], 4], // leading dims folded into rows
    [[1, 1], 1],
    [[0, 3], 2], // empty batch
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [xShape, outF] of cases) {
      it(`${dtype} ${JSON.stringify(xShape)} → ${outF} equals matmul(x, Wᵀ) + b`, () => {
        const inF = xShape[xShape.length - 1] as number;
        const inputs = [rand(xShape, dtype), rand([outF, inF], dtype), rand([outF], dtype)];
        const fused = run(inputs, (x, w, b) => linear(x, w, b));
        const composed = run(inputs, (x, w, b) => matmul(x, transpose(w, 0, 1)).add(b));
        expect(fused).toEqual(composed);
      });
    }
  }

  it('only computes the gradients that are needed, and matches with a constant input or bias', () => {
    const inputs = [rand([6, 4], 'float32', false), rand([3, 4]), rand([3], 'float32', false)];
    const fused = run(inputs, (x, w, b) => linear(x, w, b));
    expect(fused.grads[0]).toEqual([]); // x and b take no gradient
    expect(fused.grads[2]).toEqual([]);
    expect(fused).toEqual(run(inputs, (x, w, b) => matmul(x, transpose(w, 0, 1)).add(b)));
  });

  it('a float64 gradient seed for a float32 output flows like the unfused chain', () => {
    const inputs = [rand([5, 4]), rand([3, 4]), rand([3])];
    const seed = tensor(
      Float64Array.from({ length: 15 }, (_, i) => Math.sin(i)),
      { shape: [5, 3] },
    );
    const grads = (f: (x: Tensor, w: Tensor, b: Tensor) => Tensor) => {
      const [x, w, b] = inputs.map((t) => tensor(t.data.slice(), { shape: t.shape, requiresGrad: true })) as [
        Tensor,
        Tensor,
        Tensor,
      ];
      f(x, w, b).backward(seed);
      return [x, w, b].map((t) => bits(t.grad));
    };
    expect(grads((x, w, b) => linear(x, w, b))).toEqual(grads((x, w, b) => matmul(x, transpose(w, 0, 1)).add(b)));
  });

  it('a bias of another dtype is promoted, as add() does', () => {
    const y = linear(rand([2, 3]), rand([4, 3]), rand([4], 'float64'));
    expect(y.dtype).toBe('float64');
  });
});

describe('losses reduced inside the op', () => {
  const labels = (n: number, c: number) =>
    tensor(
      Array.from({ length: n }, (_, i) => (i * 7) % c),
      { dtype: 'int32' },
    );

  for (const reduction of ['mean', 'sum'] as const) {
    it(`crossEntropy '${reduction}' equals the unreduced losses then ${reduction === 'mean' ? 'sum / N' : 'sum'}`, () => {
      for (const [shape, target] of [
        [[20, 3], labels(20, 3)],
        [[1, 5], labels(1, 5)],
        [[5], tensor(2, { dtype: 'int32' })], // one sample: scalar target
      ] as const) {
        const n = target.numel();
        const inputs = [rand(shape)];
        const fused = run(inputs, (x) => crossEntropy(x, target, { reduction }));
        const composed = run(inputs, (x) => {
          const total = sum(crossEntropy(x, target, { reduction: 'none' }));
          return reduction === 'mean' ? div(total, n) : total;
        });
        expect(fused).toEqual(composed);
      }
    });
  }

  it('crossEntropy with class weights and ignored samples divides by the weights of the others', () => {
    const target = tensor([0, 2, -100, 1, 2, 0], { dtype: 'int32' });
    const weight = tensor([0.3, 1.7, 0.9]);
    const inputs = [rand([6, 3])];
    const fused = run(inputs, (x) => crossEntropy(x, target, { weight, labelSmoothing: 0.1 }));
    const composed = run(inputs, (x) => {
      const total = sum(crossEntropy(x, target, { weight, labelSmoothing: 0.1, reduction: 'none' }));
      return div(total, 0.3 + 0.9 + 1.7 + 0.9 + 0.3); // Σ w_y over the samples not ignored
    });
    expect(fused.grads).toEqual(composed.grads);
    expect(fused.out[0]).toBeCloseTo(composed.out[0] as number, 6); // the float32 sum of weights may round differently
  });

  it('crossEntropy with probability targets and nllLoss reduce the same way', () => {
    const probs = tensor([0.2, 0.5, 0.3, 1, 0, 0]).reshape([2, 3]);
    const inputs = [rand([2, 3]), rand([2, 3], 'float32', false)];
    for (const reduction of ['mean', 'sum'] as const) {
      const fused = run(inputs, (x) => crossEntropy(x, probs, { reduction }));
      const composed = run(inputs, (x) => {
        const total = sum(crossEntropy(x, probs, { reduction: 'none' }));
        return reduction === 'mean' ? div(total, 2) : total;
      });
      expect(fused).toEqual(composed);
      const target = labels(2, 3);
      const nll = run(inputs, (x) => nllLoss(logSoftmax(x, 1), target, { reduction }));
      const nllComposed = run(inputs, (x) => {
        const total = sum(nllLoss(logSoftmax(x, 1), target, { reduction: 'none' }));
        return reduction === 'mean' ? div(total, 2) : total;
      });
      expect(nll).toEqual(nllComposed);
    }
  });

  it('a float64 gradient seed for a float32 loss is rounded like the unfused chain', () => {
    const target = labels(4, 3);
    const values = rand([4, 3]).data;
    const grads = (fused: boolean) => {
      const x = tensor(values.slice(), { shape: [4, 3], requiresGrad: true });
      const loss = fused ? crossEntropy(x, target) : div(sum(crossEntropy(x, target, { reduction: 'none' })), 4);
      loss.backward(tensor(0.3, { dtype: 'float64' }));
      return bits(x.grad);
    };
    expect(grads(true)).toEqual(grads(false));
  });
});
