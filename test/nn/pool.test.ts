/**
 * Pooling layers: shapes, same results as the ops, hyperparameters checked in the constructor,
 * errors that name the layer, printing and summary().
 */
import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  adaptiveAvgPool2d,
  avgPool2d,
  BatchNorm2d,
  Flatten,
  Linear,
  MaxPool1d,
  MaxPool2d,
  maxPool2d,
  ReLU,
  Rng,
  Sequential,
  ShapeError,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';

const rng = new Rng(2);
const image = tensor(
  Float32Array.from({ length: 2 * 3 * 9 * 8 }, () => rng.normal(0, 1)),
  { shape: [2, 3, 9, 8] },
);

describe('pooling layers', () => {
  it('give the ops’ results and shapes', () => {
    expect(new MaxPool2d(2).forward(image).data).toEqual(maxPool2d(image, 2).data);
    const m = new MaxPool2d([3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2], ceilMode: true });
    expect(m.forward(image).data).toEqual(
      maxPool2d(image, [3, 2], [2, 1], 1, { dilation: [1, 2], ceilMode: true }).data,
    );
    const a = new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false });
    expect(a.forward(image).data).toEqual(avgPool2d(image, 3, 2, 1, { countIncludePad: false }).data);
    expect(new AvgPool2d(2, { divisorOverride: 3 }).forward(image).data).toEqual(
      avgPool2d(image, 2, 2, 0, { divisorOverride: 3 }).data,
    );
    expect(new AdaptiveAvgPool2d([4, null]).forward(image).data).toEqual(adaptiveAvgPool2d(image, [4, null]).data);
    expect(new MaxPool2d(2).forward(zeros([64, 8, 28, 28])).shape).toEqual([64, 8, 14, 14]);
    expect(new AdaptiveAvgPool2d(1).forward(image).shape).toEqual([2, 3, 1, 1]);
    expect(new MaxPool1d(2).forward(zeros([4, 3, 10])).shape).toEqual([4, 3, 5]);
    expect(new AvgPool1d(3, { stride: 1, padding: 1 }).forward(zeros([3, 10])).shape).toEqual([3, 10]);
    expect(new AdaptiveAvgPool1d(4).forward(zeros([2, 3, 10])).shape).toEqual([2, 3, 4]);
  });

  it('pass gradients and hold no parameters', () => {
    const x = zeros([1, 1, 4, 4]).add(tensor([1, 2, 3, 4]));
    x.requiresGrad = true;
    const pool = new MaxPool2d(2);
    pool.forward(x).sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    expect(pool.parameters()).toEqual([]);
    expect(Object.keys(pool.stateDict())).toEqual([]);
  });

  it('check hyperparameters in the constructor', () => {
    expect(() => new MaxPool2d(0)).toThrow('MaxPool2d: kernelSize must be an integer >= 1');
    expect(() => new MaxPool2d(3, { padding: 2 })).toThrow(
      'MaxPool2d: padding [2, 2] must be at most half the kernel size [3, 3]',
    );
    expect(() => new MaxPool2d(2, { stride: [1, 0] })).toThrow(ValueError);
    expect(() => new MaxPool2d(2, { dilation: 0 })).toThrow(ValueError);
    expect(() => new AvgPool2d(2, { divisorOverride: 0 })).toThrow(
      'AvgPool2d: divisorOverride must be a non-zero number',
    );
    expect(() => new MaxPool1d([2, 2] as unknown as number)).toThrow(ValueError);
    expect(() => new AdaptiveAvgPool2d(0)).toThrow(ValueError);
    expect(() => new AdaptiveAvgPool2d([1, 2, 3] as unknown as [number, number])).toThrow(ValueError);
    expect(() => new AdaptiveAvgPool1d(1.5)).toThrow('AdaptiveAvgPool1d: outputSize must be a positive integer');
  });

  it('name the layer, the shapes and the fix for a wrong input', () => {
    expect(() => new MaxPool2d(2).forward(zeros([28, 28]))).toThrow(
      'MaxPool2d(2×2): input shape [28, 28] has 2 dims, expected [N, C, H, W] or [C, H, W]; add the missing axes, e.g. x.reshape([1, 1, 28, 28])',
    );
    expect(() => new AvgPool2d(3).forward(zeros([1, 1, 2, 2]))).toThrow(
      /^AvgPool2d\(3×3\): input shape \[1, 1, 2, 2\] is too small/,
    );
    expect(() => new MaxPool1d(2).forward(zeros([1, 2, 3, 4]))).toThrow(ShapeError);
    expect(() => new AdaptiveAvgPool2d(2).forward(zeros([5]))).toThrow(/^AdaptiveAvgPool2d\(2\): input shape \[5\]/);
  });

  it('print their configuration and work in summary()', () => {
    expect(String(new MaxPool2d(2))).toBe('MaxPool2d(kernelSize=2, stride=2, padding=0, dilation=1, ceilMode=false)');
    expect(String(new AvgPool2d([2, 3], { stride: 1 }))).toBe(
      'AvgPool2d(kernelSize=[2, 3], stride=1, padding=0, ceilMode=false, countIncludePad=true)',
    );
    expect(String(new AdaptiveAvgPool2d([3, null]))).toBe('AdaptiveAvgPool2d(outputSize=[3,null])');
    const model = new Sequential(
      new BatchNorm2d(3),
      new ReLU(),
      new MaxPool2d(2),
      new AdaptiveAvgPool2d(1),
      new Flatten(),
      new Linear(3, 2),
    );
    const rows = model.summary([1, 3, 8, 8]).split('\n').slice(4, 10);
    expect(rows.map((l) => l.split(/ {3,}/))).toEqual([
      ['0 (BatchNorm2d)', '[1, 3, 8, 8]', '6'],
      ['1 (ReLU)', '[1, 3, 8, 8]', '0'],
      ['2 (MaxPool2d)', '[1, 3, 4, 4]', '0'],
      ['3 (AdaptiveAvgPool2d)', '[1, 3, 1, 1]', '0'],
      ['4 (Flatten)', '[1, 3]', '0'],
      ['5 (Linear)', '[1, 2]', '8'],
    ]);
  });
});
