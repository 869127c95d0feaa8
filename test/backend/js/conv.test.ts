/**
 * The JS reference conv kernels: im2col against the index formula, col2im as its exact adjoint
 * (⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩) over random geometries, and the per-channel bias kernels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsConv } from '../../../src/backend/js/conv.js';
import type { ConvGeometry } from '../../../src/backend/kernels/conv.js';

const geometryArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 7 }),
    width: fc.integer({ min: 1, max: 7 }),
    kernelH: fc.integer({ min: 1, max: 4 }),
    kernelW: fc.integer({ min: 1, max: 4 }),
    strideH: fc.integer({ min: 1, max: 3 }),
    strideW: fc.integer({ min: 1, max: 3 }),
    padTop: fc.nat(3),
    padLeft: fc.nat(3),
    dilationH: fc.integer({ min: 1, max: 3 }),
    dilationW: fc.integer({ min: 1, max: 3 }),
    outH: fc.integer({ min: 1, max: 6 }),
    outW: fc.integer({ min: 1, max: 6 }),
  })
  .map((g): ConvGeometry => g);

/** im2col from its definition, one element at a time. */
function naiveIm2col(x: Float64Array, g: ConvGeometry): Float64Array {
  const L = g.outH * g.outW;
  const rows = g.channels * g.kernelH * g.kernelW;
  const out = new Float64Array(g.batch * rows * L);
  for (let n = 0; n < g.batch; n++)
    for (let c = 0; c < g.channels; c++)
      for (let p = 0; p < g.kernelH; p++)
        for (let q = 0; q < g.kernelW; q++)
          for (let i = 0; i < g.outH; i++)
            for (let j = 0; j < g.outW; j++) {
              const y = i * g.strideH - g.padTop + p * g.dilationH;
              const z = j * g.strideW - g.padLeft + q * g.dilationW;
              if (y < 0 || y >= g.height || z < 0 || z >= g.width) continue;
              const row = (c * g.kernelH + p) * g.kernelW + q;
              out[(n * rows + row) * L + i * g.outW + j] = x[
                ((n * g.channels + c) * g.height + y) * g.width + z
              ] as number;
            }
  return out;
}

const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(seed + 1.7 * i));

describe('JS conv kernels', () => {
  it('im2col reads every tap from its pixel, zeros in the padding, for any geometry', () => {
    fc.assert(
      fc.property(geometryArb, (g) => {
        const x = values(g.batch * g.channels * g.height * g.width, 1);
        expect(Array.from(jsConv.im2col(x, g))).toEqual(Array.from(naiveIm2col(x, g)));
      }),
      { numRuns: 200 },
    );
  });

  it('col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩', () => {
    fc.assert(
      fc.property(geometryArb, (g) => {
        const x = values(g.batch * g.channels * g.height * g.width, 2);
        const cols = jsConv.im2col(x, g);
        const c = values(cols.length, 3);
        const back = jsConv.col2im(c, g);
        let lhs = 0;
        let rhs = 0;
        for (let i = 0; i < cols.length; i++) lhs += (cols[i] as number) * (c[i] as number);
        for (let i = 0; i < x.length; i++) rhs += (x[i] as number) * (back[i] as number);
        expect(back.length).toBe(x.length);
        expect(lhs).toBeCloseTo(rhs, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the array type (float32 in, float32 out)', () => {
    const g: ConvGeometry = {
      batch: 1,
      channels: 1,
      height: 2,
      width: 2,
      kernelH: 1,
      kernelW: 1,
      strideH: 1,
      strideW: 1,
      padTop: 0,
      padLeft: 0,
      dilationH: 1,
      dilationW: 1,
      outH: 2,
      outW: 2,
    };
    expect(jsConv.im2col(new Float32Array([1, 2, 3, 4]), g)).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(jsConv.col2im(new Float32Array([1, 2, 3, 4]), g)).toBeInstanceOf(Float32Array);
  });

  it('adds a bias per channel in place and sums per channel', () => {
    const y = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]); // [batch 2, channels 2, size 2]
    expect(jsConv.addChannelBias(y, new Float32Array([10, 20]), 2, 2, 2)).toBe(y);
    expect(Array.from(y)).toEqual([11, 12, 23, 24, 15, 16, 27, 28]);
    expect(Array.from(jsConv.channelSum(y, 2, 2, 2))).toEqual([11 + 12 + 15 + 16, 23 + 24 + 27 + 28]);
  });
});
