/**
 * batchNorm and layerNorm: checkOp (float32 vs float64, a naive reference, gradcheck through the
 * batch statistics, backends), running-statistic updates, eval mode, errors.
 */
import { describe, expect, it } from 'vitest';
import {
  batchNorm,
  DTypeError,
  layerNorm,
  ones,
  Rng,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';

/** Per-channel mean and biased variance of x [N, C, …], by the definition. */
function channelStats(x: Tensor): { mean: number[]; variance: number[]; count: number } {
  const c = x.shape[1] as number;
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const groups: number[][] = Array.from({ length: c }, () => []);
  for (let i = 0; i < x.numel(); i++) groups[Math.floor(i / inner) % c]?.push(x.data[i] as number);
  const mean = groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
  const variance = groups.map((g, j) => g.reduce((a, b) => a + (b - (mean[j] as number)) ** 2, 0) / g.length);
  return { mean, variance, count: groups[0]?.length ?? 0 };
}

/** y = (x − mean_c)/√(var_c + eps)·w_c + b_c elementwise. */
function refBatchNorm(x: Tensor, mean: number[], variance: number[], w?: Tensor, b?: Tensor, eps = 1e-5) {
  const c = x.shape[1] as number;
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const values = Array.from(x.data, (v, i) => {
    const ch = Math.floor(i / inner) % c;
    const xhat = ((v as number) - (mean[ch] as number)) / Math.sqrt((variance[ch] as number) + eps);
    return xhat * (w ? (w.data[ch] as number) : 1) + (b ? (b.data[ch] as number) : 0);
  });
  return { values, shape: x.shape };
}

function randomTensor(shape: number[], rng: Rng, lo: number, hi: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: n }, () => rng.uniform(lo, hi)),
    { shape },
  );
}

describe('batchNorm: checkOp', () => {
  const shapes = [
    [[4, 3], [3], [3]],
    [[2, 3, 5], [3], [3]],
    [[3, 2, 2, 3], [2], [2]],
    [[2, 1, 1, 1], [1], [1]],
  ];
  it('training: batch statistics, gradients through them (weight and bias)', () =>
    checkOp('batchNorm training', (x, w, b) => batchNorm(x, null, null, w, b, { training: true }), {
      shapes,
      referenceTensor: (x, w, b) => {
        const { mean, variance } = channelStats(x);
        return refBatchNorm(x, mean, variance, w, b);
      },
    }));

  it('training without affine, custom eps', () =>
    checkOp('batchNorm plain', (x) => batchNorm(x, null, null, null, null, { training: true, eps: 0.1 }), {
      shapes: [[[5, 2]], [[2, 4, 3]]],
      referenceTensor: (x) => {
        const { mean, variance } = channelStats(x);
        return refBatchNorm(x, mean, variance, undefined, undefined, 0.1);
      },
    }));

  it('eval: running statistics are constants', () => {
    const rng = new Rng(3);
    const mean = randomTensor([3], rng, -1, 1);
    const variance = randomTensor([3], rng, 0.5, 2);
    checkOp('batchNorm eval', (x, w, b) => batchNorm(x, mean, variance, w, b), {
      shapes: [
        [[4, 3], [3], [3]],
        [[2, 3, 2, 2], [3], [3]],
      ],
      referenceTensor: (x, w, b) => refBatchNorm(x, Array.from(mean.data), Array.from(variance.data), w, b),
    });
  });
});

describe('batchNorm: running statistics', () => {
  it('updates them in place with momentum and the unbiased variance, outside autograd', () => {
    const rng = new Rng(4);
    const x = randomTensor([4, 2, 3], rng, -2, 2).to('float32');
    const runMean = tensor([0.5, -0.5]);
    const runVar = tensor([2, 1]);
    const before = [Array.from(runMean.data), Array.from(runVar.data)];
    const { mean, variance, count } = channelStats(x);
    batchNorm(x, runMean, runVar, null, null, { training: true, momentum: 0.3 });
    const m = mean.map((v, c) => 0.7 * (before[0]?.[c] as number) + 0.3 * v);
    const v = variance.map((s, c) => 0.7 * (before[1]?.[c] as number) + 0.3 * s * (count / (count - 1)));
    expectClose(runMean, m, { rtol: 1e-6 });
    expectClose(runVar, v, { rtol: 1e-6 });
    expect(runMean.requiresGrad).toBe(false);
    expect(runMean.gradFn).toBeNull();
  });

  it('eval mode leaves them unchanged; momentum 0 keeps them', () => {
    const runMean = tensor([1, 2]);
    const runVar = tensor([3, 4]);
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    batchNorm(x, runMean, runVar);
    batchNorm(x, runMean, runVar, null, null, { training: true, momentum: 0 });
    expect(Array.from(runMean.data)).toEqual([1, 2]);
    expect(Array.from(runVar.data)).toEqual([3, 4]);
  });

  it('a backward after a later training step uses the statistics of its own forward', () => {
    const runMean = zeros([2]);
    const runVar = ones([2]);
    const w = tensor([2, 3], { requiresGrad: true });
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    const y = batchNorm(x, runMean, runVar, w, null); // eval: mean 0, var 1
    batchNorm(x, runMean, runVar, null, null, { training: true, momentum: 1 });
    y.sum().backward();
    // dw = Σ x̂ with x̂ = x / √(1 + 1e-5)
    expectClose(w.grad as Tensor, [4 / Math.sqrt(1 + 1e-5), 7 / Math.sqrt(1 + 1e-5)], { rtol: 1e-6 });
  });
});

describe('layerNorm: checkOp', () => {
  it('over the last axis and the last two, with and without affine', () => {
    const ref = (x: Tensor, d: number, w?: Tensor, b?: Tensor) => {
      const values: number[] = [];
      for (let r = 0; r < x.numel() / d; r++) {
        const row = Array.from(x.data.slice(r * d, (r + 1) * d) as ArrayLike<number>);
        const mean = row.reduce((a, v) => a + v, 0) / d;
        const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / d;
        row.forEach((v, j) => {
          const xhat = (v - mean) / Math.sqrt(variance + 1e-5);
          values.push(xhat * (w ? (w.data[j] as number) : 1) + (b ? (b.data[j] as number) : 0));
        });
      }
      return { values, shape: x.shape };
    };
    checkOp('layerNorm [5]', (x, w, b) => layerNorm(x, 5, w, b), {
      shapes: [
        [[4, 5], [5], [5]],
        [[5], [5], [5]],
      ],
      referenceTensor: (x, w, b) => ref(x, 5, w, b),
    });
    checkOp('layerNorm [3, 4]', (x, w, b) => layerNorm(x, [3, 4], w, b), {
      shapes: [
        [
          [2, 3, 4],
          [3, 4],
          [3, 4],
        ],
      ],
      referenceTensor: (x, w, b) => ref(x, 12, w, b),
    });
    checkOp('layerNorm no affine', (x) => layerNorm(x, [2, 3]), {
      shapes: [[[3, 2, 2, 3]]],
      referenceTensor: (x) => ref(x, 6),
    });
  });

  it('a weight alone or a bias alone', () => {
    checkOp('layerNorm weight only', (x, w) => layerNorm(x, 3, w), { shapes: [[[2, 3], [3]]] });
    checkOp('layerNorm bias only', (x, b) => layerNorm(x, 3, null, b), { shapes: [[[2, 3], [3]]] });
    checkOp('batchNorm bias only', (x, b) => batchNorm(x, null, null, null, b, { training: true }), {
      shapes: [[[3, 2], [2]]],
    });
  });
});

describe('normalization: errors', () => {
  it('batchNorm names the wrong shape and the fix', () => {
    expect(() => batchNorm(zeros([3]), null, null, null, null, { training: true })).toThrow(
      'batchNorm: input shape [3] has 1 dims, expected [N, C] or [N, C, …] (channels in dim 1)',
    );
    expect(() => batchNorm(zeros([2, 3]), zeros([4]), ones([3]))).toThrow(
      'batchNorm: runningMean has shape [4], expected [3] (one value per channel of input [2, 3], whose channels are dim 1)',
    );
    expect(() => batchNorm(zeros([2, 3]), null, null, zeros([2]), null, { training: true })).toThrow(ShapeError);
    expect(() => batchNorm(zeros([1, 3]), null, null, null, null, { training: true })).toThrow(
      /expected more than 1 value per channel when training, got input \[1, 3\]/,
    );
    expect(() => batchNorm(zeros([2, 3]), null, null)).toThrow(ValueError);
    expect(() => batchNorm(zeros([2, 3], { dtype: 'int32' }), null, null)).toThrow(DTypeError);
    expect(() => batchNorm(zeros([2, 3]), null, null, null, null, { training: true, eps: -1 })).toThrow(ValueError);
  });

  it('layerNorm checks the trailing axes and the affine shapes', () => {
    expect(() => layerNorm(zeros([4, 10]), 16)).toThrow(
      'layerNorm: input shape [4, 10] does not end with normalizedShape [16]; expected [..., 16]',
    );
    expect(() => layerNorm(zeros([4]), [2, 4])).toThrow(ShapeError);
    expect(() => layerNorm(zeros([4, 3]), 3, zeros([4]))).toThrow(
      'layerNorm: weight has shape [4], expected normalizedShape [3]',
    );
    expect(() => layerNorm(zeros([4, 3]), [])).toThrow(ShapeError);
  });
});
