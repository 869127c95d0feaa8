/**
 * The JS reference conv kernels: im2col against the index formula, col2im as its exact adjoint
 * (⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩) over random geometries, the per-channel bias kernels, and the
 * three products: convForward against the convolution's sum, convInputGrad and convWeightGrad as
 * its adjoints in x and in w, with groups.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsConv } from '../../../src/backend/js/conv.js';
import type { ConvGemm, ConvGeometry } from '../../../src/backend/kernels/conv.js';

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

/** y[n, o, l] = b[o] + Σ over o's group's channels and the taps of w[o, c, tap]·x at that tap (0 in the padding). */
function naiveConv(x: Float64Array, w: Float64Array, b: Float64Array, spec: ConvGemm): Float64Array {
  const { geo: g, groups, rows } = spec;
  const perGroup = g.channels / groups;
  const L = g.outH * g.outW;
  const cols = naiveIm2col(x, g);
  const K = perGroup * g.kernelH * g.kernelW;
  const y = new Float64Array(g.batch * groups * rows * L);
  for (let n = 0; n < g.batch; n++)
    for (let o = 0; o < groups * rows; o++) {
      const grp = Math.floor(o / rows);
      for (let l = 0; l < L; l++) {
        let s = b[o] as number;
        for (let kk = 0; kk < K; kk++) {
          s +=
            (w[o * K + kk] as number) *
            (cols[(n * g.channels * g.kernelH * g.kernelW + grp * K + kk) * L + l] as number);
        }
        y[(n * groups * rows + o) * L + l] = s;
      }
    }
  return y;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

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

  it('convForward is the convolution; convInputGrad and convWeightGrad are its adjoints in x and w', () => {
    const specArb = fc
      .record({ g: geometryArb, groups: fc.integer({ min: 1, max: 3 }), rows: fc.integer({ min: 1, max: 3 }) })
      .map(({ g, groups, rows }): ConvGemm => ({ geo: { ...g, channels: g.channels * groups }, groups, rows }));
    fc.assert(
      fc.property(specArb, (spec) => {
        const { geo: g, groups, rows } = spec;
        const K = (g.channels / groups) * g.kernelH * g.kernelW;
        const x = values(g.batch * g.channels * g.height * g.width, 4);
        const w = values(groups * rows * K, 5);
        const b = values(groups * rows, 6);
        const y = jsConv.convForward(x, w, b, spec);
        const expected = naiveConv(x, w, b, spec);
        expect(y.length).toBe(expected.length);
        for (let i = 0; i < y.length; i++) expect(y[i]).toBeCloseTo(expected[i] as number, 9);
        // ⟨conv(x, w), dy⟩ = ⟨x, inputGrad(w, dy)⟩ = ⟨w, weightGrad(dy, x)⟩ (no bias: bilinear)
        const dy = values(y.length, 7);
        const lhs = dot(jsConv.convForward(x, w, null, spec), dy);
        expect(dot(x, jsConv.convInputGrad(w, dy, spec))).toBeCloseTo(lhs, 8);
        expect(dot(w, jsConv.convWeightGrad(dy, x, spec))).toBeCloseTo(lhs, 8);
      }),
      { numRuns: 150 },
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
