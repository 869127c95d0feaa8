/**
 * BatchNorm1d / BatchNorm2d / LayerNorm: parameters, buffers and keys, train/eval behaviour,
 * momentum (incl. the cumulative average), trackRunningStats, loading PyTorch's int64 counter,
 * errors that name the layer. (Numbers against PyTorch: pool-norm-parity.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  BatchNorm2d,
  batchNorm,
  LayerNorm,
  layerNorm,
  Rng,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

function random(shape: number[], seed: number): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float32Array.from({ length: n }, () => rng.normal(1, 2)),
    { shape },
  );
}

/** Per-channel batch means of x [N, C, …]. */
function channelMeans(x: Tensor): number[] {
  const axes = [0, ...x.shape.slice(2).map((_, i) => i + 2)];
  return Array.from(x.mean(axes).data);
}

describe('BatchNorm1d / BatchNorm2d', () => {
  it('start as PyTorch: weight 1, bias 0, running mean 0, variance 1, no batches (int32)', () => {
    const bn = new BatchNorm2d(3);
    const s = bn.stateDict();
    expect(Object.keys(s)).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(Array.from(s.weight?.data ?? [])).toEqual([1, 1, 1]);
    expect(Array.from(s.bias?.data ?? [])).toEqual([0, 0, 0]);
    expect(Array.from(s.running_mean?.data ?? [])).toEqual([0, 0, 0]);
    expect(Array.from(s.running_var?.data ?? [])).toEqual([1, 1, 1]);
    expect(s.num_batches_tracked?.dtype).toBe('int32');
    expect(s.num_batches_tracked?.shape).toEqual([]);
    expect(bn.namedParameters().map(([k]) => k)).toEqual(['weight', 'bias']);
    expect(String(bn)).toBe(
      'BatchNorm2d(3, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)  # 6 parameters',
    );
  });

  it('training normalizes with the batch and updates the running statistics; eval uses them', () => {
    const bn = new BatchNorm1d(4, { momentum: 0.25 });
    const x = random([8, 4, 3], 1);
    const y = bn.forward(x);
    expectClose(channelMeans(y), [0, 0, 0, 0], { rtol: 1e-5, floor: 1e-2 });
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([1]);
    expectClose(
      bn.runningMean as Tensor,
      channelMeans(x).map((m) => 0.25 * m),
      { rtol: 1e-5 },
    );
    bn.eval();
    const before = (bn.runningMean as Tensor).data.slice();
    const expected = batchNorm(x, bn.runningMean, bn.runningVar, bn.weight, bn.bias);
    expect(bn.forward(x).data).toEqual(expected.data);
    expect((bn.runningMean as Tensor).data).toEqual(before);
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([1]);
  });

  it('momentum null keeps the plain average of all batch statistics', () => {
    const bn = new BatchNorm2d(2, { momentum: null });
    const batches = [random([3, 2, 2, 2], 2), random([3, 2, 2, 2], 3), random([3, 2, 2, 2], 4)];
    for (const b of batches) bn.forward(b);
    const means = batches.map(channelMeans);
    const avg = [0, 1].map((c) => means.reduce((s, m) => s + (m[c] as number), 0) / 3);
    expectClose(bn.runningMean as Tensor, avg, { rtol: 1e-5 });
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([3]);
  });

  it('without trackRunningStats: no buffers, batch statistics in eval too', () => {
    const bn = new BatchNorm2d(2, { trackRunningStats: false });
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias']);
    bn.eval();
    const x = random([2, 2, 3, 3], 5);
    expect(bn.forward(x).data).toEqual(batchNorm(x, null, null, bn.weight, bn.bias, { training: true }).data);
  });

  it('without affine: no parameters', () => {
    const bn = new BatchNorm1d(3, { affine: false, eps: 1e-3 });
    expect(bn.parameters()).toEqual([]);
    expect(Object.keys(bn.stateDict())).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
  });

  it("loads PyTorch's int64 num_batches_tracked and resets the statistics", () => {
    const bn = new BatchNorm1d(2);
    bn.loadStateDict({
      weight: tensor([2, 3]),
      bias: tensor([0, 1]),
      running_mean: tensor([0.5, -0.5]),
      running_var: tensor([2, 4]),
      num_batches_tracked: { shape: [], data: new BigInt64Array([7n]) },
    });
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([7]);
    bn.forward(random([4, 2], 6));
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([8]);
    bn.resetRunningStats();
    expect(Array.from(bn.runningMean?.data ?? [])).toEqual([0, 0]);
    expect(Array.from(bn.runningVar?.data ?? [])).toEqual([1, 1]);
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([0]);
  });

  it('name the layer, the shapes and the fix for a wrong input', () => {
    expect(() => new BatchNorm2d(16).forward(zeros([64, 8, 14, 14]))).toThrow(
      'BatchNorm2d(16): input shape [64, 8, 14, 14] has 8 channels in dim 1, expected [N, 16, H, W]',
    );
    expect(() => new BatchNorm2d(16).forward(zeros([16, 14, 14]))).toThrow(
      'BatchNorm2d(16): input shape [16, 14, 14] has 3 dims, expected [N, 16, H, W]; add a batch axis with x.unsqueeze(0)',
    );
    expect(() => new BatchNorm2d(4).forward(zeros([2, 4]))).toThrow(/use BatchNorm1d/);
    expect(() => new BatchNorm1d(4).forward(zeros([2, 4, 3, 3]))).toThrow(
      'BatchNorm1d(4): input shape [2, 4, 3, 3] has 4 dims, expected [N, 4] or [N, 4, L]; use BatchNorm2d for images [N, C, H, W]',
    );
    const bn = new BatchNorm1d(4);
    expect(() => bn.forward(zeros([1, 4]))).toThrow(/^BatchNorm1d\(4\): expected more than 1 value per channel/);
    expect(Array.from(bn.numBatchesTracked?.data ?? [])).toEqual([0]); // nothing changed
    expect(bn.eval().forward(zeros([1, 4])).shape).toEqual([1, 4]);
  });

  it('check hyperparameters in the constructor', () => {
    expect(() => new BatchNorm2d(0)).toThrow('BatchNorm2d: numFeatures must be a positive integer');
    expect(() => new BatchNorm1d(3, { momentum: 1.5 })).toThrow(ValueError);
    expect(() => new BatchNorm1d(3, { eps: -1 })).toThrow(ValueError);
  });
});

describe('LayerNorm', () => {
  it('has weight and bias of normalizedShape, PyTorch keys, and is the same in train and eval', () => {
    const ln = new LayerNorm([3, 4]);
    expect(Object.keys(ln.stateDict())).toEqual(['weight', 'bias']);
    expect(ln.weight?.shape).toEqual([3, 4]);
    const x = random([2, 5, 3, 4], 7);
    const y = ln.forward(x);
    expect(y.data).toEqual(layerNorm(x, [3, 4], ln.weight, ln.bias).data);
    expect(ln.eval().forward(x).data).toEqual(y.data);
    expect(String(new LayerNorm(8, { elementwiseAffine: false }))).toBe(
      'LayerNorm([8], eps=0.00001, elementwiseAffine=false)',
    );
    expect(new LayerNorm(8, { elementwiseAffine: false }).parameters()).toEqual([]);
  });

  it('errors name the layer, the shapes and the fix', () => {
    expect(() => new LayerNorm(16).forward(zeros([4, 10]))).toThrow(
      "LayerNorm([16]): input shape [4, 10] does not end with [16], expected [..., 16]; normalizedShape must be the input's trailing axes",
    );
    expect(() => new LayerNorm([2, 3]).forward(zeros([3]))).toThrow(ShapeError);
    expect(() => new LayerNorm(0)).toThrow(ValueError);
    expect(() => new LayerNorm([])).toThrow(ValueError);
    expect(() => new LayerNorm(4, { eps: Number.NaN })).toThrow(ValueError);
  });
});
