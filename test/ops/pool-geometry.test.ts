/**
 * Pooling geometry: PyTorch's output-size formula (examples and fast-check properties: the windows
 * it counts are exactly those that fit), the ops' output shapes, adaptive windows, argument checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool1d,
  avgPool2d,
  maxPool2d,
  poolOutputSize,
  ShapeError,
  type Tensor,
  tensor,
  zeros,
} from '../../src/index.js';
import { checkOutputSize, windowArgs } from '../../src/ops/pool-geometry.js';

describe('pooling: output size', () => {
  it('matches the examples of the formula', () => {
    expect(poolOutputSize(28, 2)).toBe(14);
    expect(poolOutputSize(5, 2, { stride: 2, ceilMode: true })).toBe(3);
    expect(poolOutputSize(5, 2)).toBe(2);
    expect(poolOutputSize(6, 3, { stride: 2, padding: 1, ceilMode: true })).toBe(4);
    // ceil mode drops a window that would start in the right padding (PyTorch's rule): 3 → 2
    expect(poolOutputSize(4, 2, { stride: 3, padding: 1, ceilMode: true })).toBe(2);
  });

  const geometry = fc
    .record({
      size: fc.integer({ min: 1, max: 30 }),
      kernel: fc.integer({ min: 1, max: 6 }),
      stride: fc.integer({ min: 1, max: 4 }),
      dilation: fc.integer({ min: 1, max: 3 }),
      padFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      ceilMode: fc.boolean(),
    })
    .map((g) => ({ ...g, padding: Math.floor(g.padFrac * Math.floor(g.kernel / 2) + 1e-9) }));

  it('windows: every window starts inside the input or its left padding and reaches into the input', () => {
    fc.assert(
      fc.property(geometry, ({ size, kernel, stride, dilation, padding, ceilMode }) => {
        const out = poolOutputSize(size, kernel, { stride, padding, dilation, ceilMode });
        const reach = dilation * (kernel - 1) + 1;
        const floorOut = Math.floor((size + 2 * padding - reach) / stride) + 1;
        if (!ceilMode) {
          expect(out).toBe(floorOut);
          if (out >= 1) {
            // the last window fits in the padded input, one more would not
            expect((out - 1) * stride + reach).toBeLessThanOrEqual(size + 2 * padding);
            expect(out * stride + reach).toBeGreaterThan(size + 2 * padding);
          }
        } else if (floorOut >= 1) {
          expect(out - floorOut).toBeGreaterThanOrEqual(0);
          expect(out - floorOut).toBeLessThanOrEqual(1);
          expect((out - 1) * stride).toBeLessThan(size + padding); // the last window starts before the right padding
        }
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('the ops give the shape the formula says, or a ShapeError when it is < 1', () => {
    fc.assert(
      fc.property(geometry, fc.integer({ min: 1, max: 12 }), (g, w) => {
        const { size, kernel, stride, dilation, padding, ceilMode } = g;
        const expectedH = poolOutputSize(size, kernel, { stride, padding, dilation, ceilMode });
        const expectedW = poolOutputSize(w, 1, { stride: 1 });
        const x = zeros([1, 2, size, w]);
        const run = () => maxPool2d(x, [kernel, 1], [stride, 1], [padding, 0], { dilation: [dilation, 1], ceilMode });
        if (expectedH < 1) expect(run).toThrow(ShapeError);
        else expect(run().shape).toEqual([1, 2, expectedH, expectedW]);
        if (dilation === 1 && expectedH >= 1) {
          expect(avgPool2d(x, [kernel, 1], [stride, 1], [padding, 0], { ceilMode }).shape).toEqual([
            1,
            2,
            expectedH,
            w,
          ]);
        }
      }),
      { seed: 4, numRuns: 200 },
    );
  });

  it('adaptive windows cover every input position and give the requested size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (size, out) => {
        const x = tensor(
          Float64Array.from({ length: size }, (_, i) => i),
          { shape: [1, 1, size] },
        );
        const y = adaptiveAvgPool1d(x, out);
        expect(y.shape).toEqual([1, 1, out]);
        const leaf = tensor(x.data.slice(), { shape: x.shape, requiresGrad: true });
        adaptiveAvgPool1d(leaf, out).sum().backward();
        for (const g of (leaf.grad as Tensor).data) expect(g).toBeGreaterThan(0);
      }),
      { seed: 5, numRuns: 100 },
    );
  });
});

describe('pooling: argument checks', () => {
  it('windowArgs gives one value per axis, stride defaulting to the kernel', () => {
    expect(windowArgs('op', 2, { kernelSize: 3 })).toEqual({
      kernel: [3, 3],
      stride: [3, 3],
      padding: [0, 0],
      dilation: [1, 1],
    });
    expect(windowArgs('op', 1, { kernelSize: 4, stride: 2, padding: 2, dilation: 3 })).toEqual({
      kernel: [4],
      stride: [2],
      padding: [2],
      dilation: [3],
    });
    expect(() => windowArgs('op', 2, { kernelSize: [2, 5], padding: [1, 3] })).toThrow(
      'op: padding [1, 3] must be at most half the kernel size [2, 5] (as in PyTorch)',
    );
  });

  it("checkOutputSize accepts PyTorch's forms", () => {
    expect(() => checkOutputSize('op', 2, 3)).not.toThrow();
    expect(() => checkOutputSize('op', 2, [3, null])).not.toThrow();
    expect(() => checkOutputSize('op', 1, [3, 3])).toThrow('op: outputSize must be a positive integer, got [3,3]');
    expect(() => checkOutputSize('op', 2, [0, 1])).toThrow(/or \[h, w\]/);
  });
});
