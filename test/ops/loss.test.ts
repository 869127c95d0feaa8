import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  DTypeError,
  huberLoss,
  klDiv,
  type LossReduction,
  l1Loss,
  mseLoss,
  type Shape,
  ShapeError,
  smoothL1Loss,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';

const REDUCTIONS: LossReduction[] = ['none', 'sum', 'mean'];

/** Same-shape pairs: matrices, vectors, a scalar, size-1 dims. */
const PAIRS: Shape[][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[5], [5]],
  [[], []],
  [
    [2, 1, 3],
    [2, 1, 3],
  ],
];

/** Expected values of an elementwise loss: ℓᵢ = f(inputs at i), then reduced. */
function elementwiseReference(f: (...xs: number[]) => number, reduction: string, divisor?: (x: Tensor) => number) {
  return (...xs: Tensor[]) => {
    const first = xs[0] as Tensor;
    const values = Array.from({ length: first.numel() }, (_, i) => f(...xs.map((t) => t.data[i] as number)));
    if (reduction === 'none') return { values, shape: first.shape };
    const total = values.reduce((a, b) => a + b, 0);
    const n = divisor ? divisor(first) : values.length;
    return { values: [reduction === 'sum' ? total : total / n], shape: [] };
  };
}

describe('regression losses', () => {
  for (const reduction of REDUCTIONS) {
    it(`mseLoss (${reduction})`, () =>
      checkOp('mseLoss', (x, y) => mseLoss(x, y, { reduction }), {
        shapes: PAIRS,
        referenceTensor: elementwiseReference((x, y) => (x - y) ** 2, reduction),
      }));
    it(`l1Loss (${reduction})`, () =>
      checkOp('l1Loss', (x, y) => l1Loss(x, y, { reduction }), {
        shapes: PAIRS,
        referenceTensor: elementwiseReference((x, y) => Math.abs(x - y), reduction),
      }));
    for (const beta of [0.5, 1, 0]) {
      it(`smoothL1Loss beta ${beta} (${reduction})`, () =>
        checkOp('smoothL1Loss', (x, y) => smoothL1Loss(x, y, { beta, reduction }), {
          shapes: PAIRS,
          referenceTensor: elementwiseReference((x, y) => {
            const d = Math.abs(x - y);
            return d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
          }, reduction),
        }));
    }
    for (const delta of [0.5, 2]) {
      it(`huberLoss delta ${delta} (${reduction})`, () =>
        checkOp('huberLoss', (x, y) => huberLoss(x, y, { delta, reduction }), {
          shapes: PAIRS,
          referenceTensor: elementwiseReference((x, y) => {
            const d = Math.abs(x - y);
            return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
          }, reduction),
        }));
    }
  }

  it('hand-computed values', () => {
    expect(mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5])).item()).toBeCloseTo(4 / 3, 6);
    expect(mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5]), { reduction: 'sum' }).item()).toBe(4);
    expect(l1Loss(tensor([1, 2, 3]), tensor([1, 2, 5])).item()).toBeCloseTo(2 / 3, 6);
    expect(smoothL1Loss(tensor([0, 3]), tensor([0.5, 0])).item()).toBeCloseTo((0.125 + 2.5) / 2, 6);
    expect(huberLoss(tensor([0, 3]), tensor([0.5, 0]), { delta: 2 }).item()).toBeCloseTo((0.125 + 4) / 2, 6);
    expect(l1Loss(tensor([[1, -1]]), tensor([[0, 0]]), { reduction: 'none' }).toArray()).toEqual([[1, 1]]);
  });

  it('l1 gradient is sign(d), 0 where input equals target (as PyTorch)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    l1Loss(x, tensor([0, 2, 5]), { reduction: 'sum' }).backward();
    expect(x.grad?.toArray()).toEqual([1, 0, -1]);
  });

  it('the target gets gradients too', () => {
    const y = tensor([1, 2], { requiresGrad: true });
    mseLoss(tensor([0, 0]), y, { reduction: 'sum' }).backward();
    expect(y.grad?.toArray()).toEqual([2, 4]);
  });

  it('errors: shapes, reduction, hyperparameters, dtype', () => {
    expect(() => mseLoss(tensor([[1], [2]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => mseLoss(tensor([[1], [2]]), tensor([1, 2]))).toThrow(
      'mseLoss: input shape [2, 1] and target shape [2] differ',
    );
    expect(() => mseLoss(tensor([1]), tensor([1]), { reduction: 'avg' as LossReduction })).toThrow(
      "mseLoss: unknown reduction 'avg'; use 'mean', 'sum' or 'none'",
    );
    expect(() => smoothL1Loss(tensor([1]), tensor([1]), { beta: -1 })).toThrow('smoothL1Loss: beta must be >= 0');
    expect(() => huberLoss(tensor([1]), tensor([1]), { delta: 0 })).toThrow('huberLoss: delta must be > 0');
    expect(() => l1Loss(tensor([1], { dtype: 'int32' }), tensor([1]))).toThrow(DTypeError);
    // an integer target is converted to the input's float dtype
    expect(mseLoss(tensor([1.5]), tensor([1], { dtype: 'int32' })).item()).toBeCloseTo(0.25, 6);
  });
});

describe('binaryCrossEntropy', () => {
  const probs = (r: { uniform: (a: number, b: number) => number }, i: number) =>
    i === 0 ? r.uniform(0.02, 0.98) : i === 1 ? r.uniform(0, 1) : r.uniform(0.2, 2);
  const bce = (p: number, y: number) => -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log(1 - p), -100));
  for (const reduction of REDUCTIONS) {
    it(`matches −(y ln p + (1 − y) ln(1 − p)) (${reduction})`, () =>
      checkOp('binaryCrossEntropy', (p, y) => binaryCrossEntropy(p, y, { reduction }), {
        shapes: PAIRS,
        domain: probs,
        referenceTensor: elementwiseReference(bce, reduction),
      }));
    it(`with a broadcast weight (${reduction})`, () =>
      checkOp('binaryCrossEntropy', (p, y, w) => binaryCrossEntropy(p, y, { weight: w as Tensor, reduction }), {
        shapes: [
          [[3, 4], [3, 4], [4]],
          [
            [2, 3],
            [2, 3],
            [2, 1],
          ],
        ],
        domain: probs,
      }));
  }

  it('finite loss and gradient at p = 0 and 1 (log clamped at −100, PyTorch backward)', () => {
    const p = tensor([0, 1, 0, 1], { requiresGrad: true });
    const loss = binaryCrossEntropy(p, tensor([0, 0, 1, 1]), { reduction: 'sum' });
    expect(loss.item()).toBe(200);
    loss.backward();
    expect(p.grad?.toArray()).toEqual([0, Math.fround(1e12), Math.fround(-1e12), 0]);
  });

  it('hand value and input validation', () => {
    expect(binaryCrossEntropy(tensor([0.8, 0.2]), tensor([1, 0])).item()).toBeCloseTo(-Math.log(0.8), 6);
    expect(() => binaryCrossEntropy(tensor([0.5, 1.2]), tensor([1, 0]))).toThrow(ValueError);
    expect(() => binaryCrossEntropy(tensor([0.5, 1.2]), tensor([1, 0]))).toThrow(
      'binaryCrossEntropy: input values must be probabilities in [0, 1], but element 1 is',
    );
    expect(() => binaryCrossEntropy(tensor([0.5, Number.NaN]), tensor([1, 0]))).toThrow(ValueError);
    expect(() => binaryCrossEntropy(tensor([0.5]), tensor([1]), { weight: tensor([1, 2]) })).toThrow(
      'binaryCrossEntropy: weight shape [2] cannot broadcast to the input shape [1]',
    );
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  const domain = (r: { uniform: (a: number, b: number) => number }, i: number) =>
    i === 0 ? r.uniform(-4, 4) : i === 1 ? r.uniform(0, 1) : r.uniform(0.2, 3);
  const softplusNeg = (x: number) => Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  for (const reduction of REDUCTIONS) {
    it(`max(x, 0) − x·y + ln(1 + e^−|x|) (${reduction})`, () =>
      checkOp('bceWithLogits', (x, y) => binaryCrossEntropyWithLogits(x, y, { reduction }), {
        shapes: PAIRS,
        domain,
        referenceTensor: elementwiseReference(
          (x, y) => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))),
          reduction,
        ),
      }));
    it(`posWeight [C] and weight (${reduction})`, () =>
      checkOp(
        'bceWithLogits',
        (x, y, pw, w) => binaryCrossEntropyWithLogits(x, y, { posWeight: pw, weight: w, reduction }),
        {
          shapes: [
            [[3, 4], [3, 4], [4], [3, 1]],
            [[5], [5], [5], [1]],
          ],
          domain,
        },
      ));
  }

  it('posWeight scales the positive term: (1 − y)x + (1 + (pw − 1)y)·softplus(−x)', () => {
    const x = [0.3, -1.2, 2];
    const y = [1, 0.25, 0];
    const pw = 3;
    const got = binaryCrossEntropyWithLogits(tensor(x), tensor(y), { posWeight: tensor([pw]), reduction: 'none' });
    expectClose(
      got,
      x.map((xi, i) => (1 - (y[i] as number)) * xi + (1 + (pw - 1) * (y[i] as number)) * softplusNeg(xi)),
      { rtol: 1e-6 },
    );
    // and equals the probability form where sigmoid does not saturate
    const sig = x.map((v) => 1 / (1 + Math.exp(-v)));
    expectClose(binaryCrossEntropyWithLogits(tensor(x), tensor(y)), binaryCrossEntropy(tensor(sig), tensor(y)), {
      rtol: 1e-5,
    });
  });

  it('logits of ±1000 give finite losses and exact gradients', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor([1000, -1000, 1000, -1000], { dtype, requiresGrad: true });
      const loss = binaryCrossEntropyWithLogits(x, tensor([1, 0, 0, 1], { dtype }), { reduction: 'none' });
      expect(loss.toArray()).toEqual([0, 0, 1000, 1000]);
      loss.sum().backward();
      expect(x.grad?.toArray()).toEqual([0, 0, 1, -1]);
    }
  });
});

describe('klDiv', () => {
  const domain = (r: { uniform: (a: number, b: number) => number }, i: number) =>
    i === 0 ? r.uniform(-3, 0) : r.uniform(0.05, 1);
  for (const reduction of ['none', 'sum', 'mean', 'batchmean'] as const) {
    const red = reduction === 'batchmean' ? 'mean' : reduction;
    const divisor = reduction === 'batchmean' ? (x: Tensor) => (x.ndim === 0 ? 1 : (x.shape[0] as number)) : undefined;
    it(`t·(ln t − x) (${reduction})`, () =>
      checkOp('klDiv', (x, t) => klDiv(x, t, { reduction }), {
        shapes: PAIRS,
        domain,
        referenceTensor: elementwiseReference((x, t) => t * (Math.log(t) - x), red, divisor),
      }));
    it(`logTarget: eᵗ·(t − x) (${reduction})`, () =>
      checkOp('klDiv', (x, t) => klDiv(x, t, { reduction, logTarget: true }), {
        shapes: PAIRS,
        domain: (r) => r.uniform(-3, 0),
        referenceTensor: elementwiseReference((x, t) => Math.exp(t) * (t - x), red, divisor),
      }));
  }

  it('hand value; zero targets contribute 0 with finite gradients', () => {
    const input = tensor([[Math.log(0.5), Math.log(0.5)]]);
    const got = klDiv(input, tensor([[0.9, 0.1]]), { reduction: 'batchmean' }).item();
    expect(got).toBeCloseTo(0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5), 6);
    const x = tensor([-1, -2], { requiresGrad: true });
    const t = tensor([0, 1], { requiresGrad: true });
    const loss = klDiv(x, t, { reduction: 'sum' });
    expect(loss.item()).toBeCloseTo(2, 6);
    loss.backward();
    expect(x.grad?.toArray()).toEqual([-0, -1]);
    expect(t.grad?.toArray()).toEqual([1, 3]); // d/dt: (ln t + 1 − x), with t·ln t's part 0 at t = 0
  });

  it('errors', () => {
    expect(() => klDiv(tensor([1]), tensor([1]), { reduction: 'max' as 'sum' })).toThrow(
      "klDiv: unknown reduction 'max'; use 'mean', 'batchmean', 'sum' or 'none'",
    );
    expect(() => klDiv(tensor([1, 2]), tensor([1]))).toThrow(ShapeError);
  });
});
