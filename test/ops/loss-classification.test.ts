import { describe, expect, it } from 'vitest';
import {
  crossEntropy,
  DTypeError,
  type LossReduction,
  multiMarginLoss,
  nllLoss,
  noGrad,
  Rng,
  type Shape,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';

const REDUCTIONS: LossReduction[] = ['none', 'sum', 'mean'];
const int = (values: number[], shape?: Shape) => tensor(Int32Array.from(values), { shape: shape ?? [values.length] });

/** Log-softmax over dim 1 (or dim 0 of a [C] input), written out per sample in float64. */
function logSoftmax(x: Tensor): { lp: number[][]; samples: number } {
  const C = (x.ndim === 1 ? x.shape[0] : x.shape[1]) as number;
  const outer = x.ndim === 1 ? 1 : (x.shape[0] as number);
  const inner = x.ndim <= 2 ? 1 : x.shape.slice(2).reduce((a, b) => a * b, 1);
  const lp: number[][] = [];
  for (let n = 0; n < outer; n++) {
    for (let i = 0; i < inner; i++) {
      const z = Array.from({ length: C }, (_, c) => x.data[n * C * inner + c * inner + i] as number);
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
      lp.push(z.map((v) => v - lse));
    }
  }
  return { lp, samples: outer * inner };
}

function reduce(values: number[], reduction: string, denominator: number, shape: Shape) {
  if (reduction === 'none') return { values, shape };
  const total = values.reduce((a, b) => a + b, 0);
  return { values: [reduction === 'sum' ? total : total / denominator], shape: [] };
}

/**
 * PyTorch 1.13's cross_entropy for class indices, transcribed literally: nll_loss_nd with its own
 * reduction, the smoothing term reduced separately, then (1 − ε)·nll + (ε/C)·smooth.
 */
function referenceCE(x: Tensor, y: number[], weight: number[] | null, ignore: number, eps: number, red: string) {
  const { lp } = logSoftmax(x);
  const C = (lp[0] as number[]).length;
  const w = (c: number) => (weight === null ? 1 : (weight[c] as number));
  const kept = y.filter((v) => v !== ignore);
  const weightSum = kept.reduce((s, v) => s + w(v), 0);
  const nll = y.map((v, s) => (v === ignore ? 0 : -w(v) * ((lp[s] as number[])[v] as number)));
  const smooth = y.map((v, s) => (v === ignore ? 0 : -(lp[s] as number[]).reduce((a, l, c) => a + w(c) * l, 0)));
  const shape = x.ndim === 1 ? [] : [x.shape[0] as number, ...x.shape.slice(2)];
  const nllR = reduce(nll, red, weightSum, shape).values;
  const smoothR = reduce(smooth, red, weight === null ? kept.length : weightSum, shape).values;
  return {
    values: nllR.map((v, i) => (1 - eps) * v + (eps / C) * (smoothR[i] as number)),
    shape: red === 'none' ? shape : [],
  };
}

/** PyTorch 1.13's cross_entropy for probability targets: −Σ w·t′·lp, 'mean' over samples. */
function referenceCEProbs(x: Tensor, t: Tensor, weight: number[] | null, eps: number, red: string) {
  const { lp, samples } = logSoftmax(x);
  const C = (lp[0] as number[]).length;
  const inner = samples / (x.ndim === 1 ? 1 : (x.shape[0] as number));
  const values = lp.map((row, s) => {
    const n = Math.floor(s / inner);
    const i = s % inner;
    return -row.reduce((acc, l, c) => {
      const tc = (1 - eps) * (t.data[n * C * inner + c * inner + i] as number) + eps / C;
      return acc + (weight === null ? 1 : (weight[c] as number)) * tc * l;
    }, 0);
  });
  return reduce(values, red, samples, x.ndim === 1 ? [] : [x.shape[0] as number, ...x.shape.slice(2)]);
}

const TARGETS = {
  nc: { shape: [5, 3], y: [0, 2, 1, 2, 0] },
  c: { shape: [4], y: [3] },
  ncd: { shape: [2, 3, 2, 2], y: [0, 1, 2, 2, 1, 0, 0, 1] },
  ignored: { shape: [4, 3], y: [0, -100, 2, 1] },
};

describe('crossEntropy with class indices', () => {
  for (const reduction of REDUCTIONS) {
    for (const [name, { shape, y }] of Object.entries(TARGETS)) {
      const target = int(y, shape.length === 1 ? [] : [shape[0] as number, ...shape.slice(2)]);
      for (const eps of [0, 0.2]) {
        for (const weight of [null, [0.5, 2, 1, 3].slice(0, shape.length === 1 ? 4 : (shape[1] as number))]) {
          it(`${name} ${reduction} ε=${eps} weight=${weight !== null}`, () =>
            checkOp(
              'crossEntropy',
              (x) =>
                crossEntropy(x, target, {
                  reduction,
                  labelSmoothing: eps,
                  weight: weight === null ? undefined : tensor(weight),
                }),
              {
                shapes: [[shape]],
                domain: [-3, 3],
                referenceTensor: (x) => referenceCE(x, y, weight, -100, eps, reduction),
              },
            ));
        }
      }
    }
    it(`probability targets ${reduction}, with smoothing and weight`, () => {
      for (const [shape, eps, weight] of [
        [[4, 3], 0, null],
        [[4, 3], 0.1, [1, 2, 0.5]],
        [[2, 3, 2], 0.3, null],
        [[3], 0, [1, 2, 3]],
      ] as Array<[number[], number, number[] | null]>) {
        checkOp(
          'crossEntropy',
          (x, t) =>
            crossEntropy(x, t, {
              reduction,
              labelSmoothing: eps,
              weight: weight === null ? undefined : tensor(weight),
            }),
          {
            shapes: [[shape, shape]],
            domain: (r, i) => (i === 0 ? r.uniform(-3, 3) : r.uniform(0, 1)),
            referenceTensor: (x, t) => referenceCEProbs(x, t, weight, eps, reduction),
          },
        );
      }
    });
  }

  it('hand-computed values', () => {
    const logits = tensor([
      [2, 0, 0],
      [0, 0, 2],
    ]);
    const lse = Math.log(Math.exp(2) + 2);
    expect(crossEntropy(logits, int([0, 2])).item()).toBeCloseTo(lse - 2, 6);
    // weighted mean: Σ w_y·ℓ / Σ w_y
    const z = tensor([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    const l = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    const expected = (1 * (l - 1) + 3 * (l - 3)) / 4;
    expect(crossEntropy(z, int([0, 2]), { weight: tensor([1, 2, 3]) }).item()).toBeCloseTo(expected, 6);
    // label smoothing ε = 0.3, C = 3: 0.7·(−lp_0) + 0.1·Σ(−lp_c)
    const smoothed = 0.7 * (l - 1) + 0.1 * (l - 1 + l - 2 + l - 3);
    expect(crossEntropy(tensor([[1, 2, 3]]), int([0]), { labelSmoothing: 0.3 }).item()).toBeCloseTo(smoothed, 6);
  });

  it('logits of ±1000 give finite losses and the gradient softmax − onehot', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor([[1000, -1000, 0]], { dtype, requiresGrad: true });
      const loss = crossEntropy(x, int([1]));
      expect(loss.item()).toBe(2000);
      loss.backward();
      expect(x.grad?.toArray()).toEqual([[1, -1, 0]]);
      const xp = tensor([[-1000, 1000]], { dtype, requiresGrad: true });
      const soft = crossEntropy(xp, tensor([[0.5, 0.5]], { dtype }), { labelSmoothing: 0.1 });
      expect(soft.item()).toBe(1000);
      soft.backward();
      expect(xp.grad?.toArray()).toEqual([[-0.5, 0.5]]);
    }
  });

  it('ignored targets give zero loss and gradient; all ignored gives NaN for mean (as PyTorch)', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const loss = crossEntropy(x, int([-1, 1]), { ignoreIndex: -1, reduction: 'none' });
    expect(loss.data[0]).toBe(0);
    loss.sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([0, 0, expect.any(Number), expect.any(Number)]);
    expect(crossEntropy(x, int([-100, -100])).item()).toBeNaN();
    expect(crossEntropy(x, int([-100, -100]), { reduction: 'sum' }).item()).toBe(0);
  });

  it('calls in a row give the same values as alone: arrays the op reuses carry nothing over', () => {
    // crossEntropy reuses its per-sample losses, their gradient and (after a backward) the
    // log-probabilities between calls of one size; calls with other logits and ignored samples
    // in between must not change a result
    const rng = new Rng(5);
    const logits = (scale: number) =>
      tensor(
        Array.from({ length: 12 }, () => scale * (rng.uniform() - 0.5)),
        { shape: [4, 3] },
      );
    const a = logits(4);
    const b = logits(9);
    const targets = int([0, 2, 1, 2]);
    const ignoring = int([1, -100, 0, -100]);
    const run = (x: Tensor, y: Tensor, reduction: LossReduction) => {
      const leaf = x.detach();
      leaf.requiresGrad = true;
      const loss = crossEntropy(leaf, y, { reduction });
      (reduction === 'none' ? loss.sum() : loss).backward();
      return { loss: Array.from(loss.data), grad: Array.from(leaf.grad?.data ?? []) };
    };
    for (const reduction of REDUCTIONS) {
      const alone = run(a, ignoring, reduction);
      run(b, targets, reduction); // fills the reused arrays with other values
      expect(run(a, ignoring, reduction)).toEqual(alone);
      // the sum of the 'none' losses over the two samples kept, divided by 2
      if (reduction === 'mean')
        expect(alone.loss[0]).toBeCloseTo(run(a, ignoring, 'none').loss.reduce((s, v) => s + v) / 2, 6);
    }
  });

  it('a second backward through the same loss gives the same gradient (its log-probabilities recomputed)', () => {
    const x = tensor(
      [
        [0.3, -1.2, 2.0],
        [1.1, 0.4, -0.7],
      ],
      { requiresGrad: true },
    );
    const loss = crossEntropy(x, int([2, 0]));
    loss.backward();
    const first = Array.from(x.grad?.data ?? []);
    crossEntropy(
      tensor(
        [
          [5, 1, 0],
          [0, 0, 9],
        ],
        { requiresGrad: true },
      ),
      int([1, 1]),
    ).backward(); // takes the spare
    loss.backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual(first.map((g) => Math.fround(g + g)));
  });

  it('errors: dtype, shapes, class range, options', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => crossEntropy(x, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => crossEntropy(x, tensor([0, 1]))).toThrow(
      "crossEntropy: class-index target must be int32, got float32. Convert it with target.to('int32')",
    );
    expect(() => crossEntropy(x, int([0, 1], [2, 1]))).toThrow(
      'crossEntropy: target shape [2, 1] does not match input [2, 3]: class-index targets must have shape [2]',
    );
    expect(() => crossEntropy(x, tensor([[0.5, 0.5]]))).toThrow(ShapeError);
    expect(() => crossEntropy(x, int([0, 3]))).toThrow(ValueError);
    expect(() => crossEntropy(x, int([0, 3]))).toThrow(
      'crossEntropy: target element 1 is class 3, out of range for 3 classes; valid classes are 0 to 2 (or ignoreIndex -100)',
    );
    expect(() => crossEntropy(x, int([0, 1]), { reduction: 'avg' as LossReduction })).toThrow(
      "crossEntropy: unknown reduction 'avg'",
    );
    expect(() => crossEntropy(x, int([0, 1]), { weight: tensor([1, 2]) })).toThrow(
      'crossEntropy: weight must have one entry per class, shape [3], got [2]',
    );
    expect(() => crossEntropy(x, int([0, 1]), { labelSmoothing: 1.5 })).toThrow('labelSmoothing must be in [0, 1]');
    expect(() =>
      crossEntropy(
        x,
        tensor([
          [1, 0, 0],
          [0, 1, 0],
        ]),
        { ignoreIndex: 0 },
      ),
    ).toThrow('crossEntropy: ignoreIndex (0) only applies to class-index targets');
    expect(() => crossEntropy(int([1, 2], [1, 2]), int([0]))).toThrow(DTypeError);
    expect(() => crossEntropy(tensor(1), int([], []))).toThrow(ShapeError);
  });
});

describe('nllLoss', () => {
  for (const reduction of REDUCTIONS) {
    for (const [name, { shape, y }] of Object.entries(TARGETS)) {
      const target = int(y, shape.length === 1 ? [] : [shape[0] as number, ...shape.slice(2)]);
      it(`${name} ${reduction} with weight`, () => {
        const weight = [0.5, 2, 1, 3].slice(0, shape.length === 1 ? 4 : (shape[1] as number));
        checkOp('nllLoss', (x) => nllLoss(x, target, { reduction, weight: tensor(weight) }), {
          shapes: [[shape]],
          domain: [-3, 0],
          referenceTensor: (x) => {
            // nllLoss of log-probabilities is crossEntropy of logits whose log-softmax they are:
            // compare against the reference on the raw values, which are read as lp directly.
            const C = weight.length;
            const inner = shape.length <= 2 ? 1 : shape.slice(2).reduce((a, b) => a * b, 1);
            const values = y.map((v, s) => {
              if (v === -100) return 0;
              const n = Math.floor(s / inner);
              return -(weight[v] as number) * (x.data[n * C * inner + v * inner + (s % inner)] as number);
            });
            const wsum = y.filter((v) => v !== -100).reduce((a, v) => a + (weight[v] as number), 0);
            return reduce(values, reduction, wsum, shape.length === 1 ? [] : [shape[0] as number, ...shape.slice(2)]);
          },
        });
      });
    }
  }

  it('nllLoss of log-softmax equals crossEntropy', () => {
    const rng = new Rng(4);
    const x = tensor(
      Float64Array.from({ length: 12 }, () => rng.normal()),
      { shape: [4, 3] },
    );
    const y = int([2, 0, 1, 1]);
    const lp = tensor(Float64Array.from(logSoftmax(x).lp.flat()), { shape: [4, 3] });
    const w = tensor([1, 0.5, 2], { dtype: 'float64' });
    expectClose(
      nllLoss(lp, y, { weight: w }),
      noGrad(() => crossEntropy(x, y, { weight: w })),
      { rtol: 1e-12 },
    );
  });

  it('hand value and errors', () => {
    expect(nllLoss(tensor([[-0.1, -2.3]]), int([1])).item()).toBeCloseTo(2.3, 6);
    expect(() => nllLoss(tensor([[-0.1, -2.3]]), int([2]))).toThrow(
      'nllLoss: target element 0 is class 2, out of range for 2 classes',
    );
    expect(() => nllLoss(tensor([[-0.1, -2.3]]), tensor([1]))).toThrow("target.to('int32')");
  });
});

describe('multiMarginLoss', () => {
  const target = int([1, 0, 3]);
  for (const reduction of REDUCTIONS) {
    for (const p of [1, 2] as const) {
      for (const weight of [undefined, tensor([0.5, 1, 2, 3])]) {
        it(`p=${p} ${reduction} weight=${weight !== undefined}`, () =>
          checkOp('multiMarginLoss', (x) => multiMarginLoss(x, target, { p, margin: 0.7, weight, reduction }), {
            shapes: [[[3, 4]]],
            referenceTensor: (x) => {
              const values = [0, 1, 2].map((n) => {
                const yv = target.data[n] as number;
                const w = weight === undefined ? 1 : (weight.data[yv] as number);
                let s = 0;
                for (let c = 0; c < 4; c++) {
                  const z = 0.7 - (x.data[n * 4 + yv] as number) + (x.data[n * 4 + c] as number);
                  if (c !== yv) s += w * Math.max(0, z) ** p;
                }
                return s / 4;
              });
              return reduce(values, reduction, 3, [3]);
            },
          }));
      }
    }
  }

  it('PyTorch documentation example, p = 2, a [C] input, and errors', () => {
    const x = tensor([[0.1, 0.2, 0.4, 0.8]]);
    expect(multiMarginLoss(x, int([3])).item()).toBeCloseTo(0.325, 6);
    expect(multiMarginLoss(x, int([3]), { p: 2 }).item()).toBeCloseTo((0.09 + 0.16 + 0.36) / 4, 6);
    expect(multiMarginLoss(tensor([0.1, 0.2, 0.4, 0.8]), int([3], [])).item()).toBeCloseTo(0.325, 6);
    expect(() => multiMarginLoss(x, int([3]), { p: 3 as 1 })).toThrow('multiMarginLoss: p must be 1 or 2, got 3');
    expect(() => multiMarginLoss(x, int([4]))).toThrow('out of range for 4 classes; valid classes are 0 to 3');
    expect(() => multiMarginLoss(tensor([[[1]]]), int([0]))).toThrow(ShapeError);
  });
});
