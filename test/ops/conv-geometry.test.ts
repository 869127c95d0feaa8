/**
 * The shape arithmetic of convolutions: output sizes (property tests against counting window
 * positions), 'same' padding, the transposed size as the inverse of the forward one, and the plans'
 * geometry for 1-D and 2-D.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/index.js';
import {
  convOutputSize,
  convTransposeOutputSize,
  planConv,
  planConvTranspose,
  samePadding,
  spatial,
} from '../../src/ops/conv-geometry.js';

const small = (max: number) => fc.integer({ min: 1, max });

describe('convOutputSize', () => {
  it('counts the window positions that fit in the padded input', () => {
    fc.assert(
      fc.property(small(30), small(7), small(4), small(3), fc.nat(4), fc.nat(4), (size, k, s, d, pb, pa) => {
        const padded = size + pb + pa;
        let count = 0;
        for (let start = 0; start + d * (k - 1) < padded; start += s) count++;
        const out = convOutputSize(size, k, { stride: s, padding: [pb, pa], dilation: d });
        expect(Math.max(out, 0)).toBe(count);
      }),
    );
  });

  it("'same' padding keeps the size at stride 1 (odd total padding: one more after)", () => {
    fc.assert(
      fc.property(small(30), small(8), small(4), (size, k, d) => {
        const [before, after] = samePadding(k, d);
        expect(after - before === 0 || after - before === 1).toBe(true);
        expect(convOutputSize(size, k, { padding: [before, after], dilation: d })).toBe(size);
      }),
    );
    expect(samePadding(4, 1)).toEqual([1, 2]);
    expect(samePadding(5, 1)).toEqual([2, 2]);
  });

  it('the transposed size maps back: conv(convTranspose(size)) = size when outputPadding < stride', () => {
    fc.assert(
      fc.property(small(12), small(5), small(4), small(3), fc.nat(3), fc.nat(3), (size, k, s, d, p, op) => {
        fc.pre(op < s);
        const up = convTransposeOutputSize(size, k, { stride: s, padding: p, dilation: d, outputPadding: op });
        fc.pre(up >= 1);
        expect(convOutputSize(up, k, { stride: s, padding: p, dilation: d })).toBe(size);
      }),
    );
  });
});

describe('planConv / planConvTranspose', () => {
  it('plans 2-D shapes and the kernels geometry (asymmetric same padding in padTop/padLeft)', () => {
    const plan = planConv('conv2d', [2, 4, 9, 8], [6, 2, 4, 3], 2, { padding: 'same', groups: 2 });
    expect(plan.outShape).toEqual([2, 6, 9, 8]);
    expect(plan.groups).toBe(2);
    expect(plan.geo).toMatchObject({
      batch: 2,
      channels: 4,
      height: 9,
      width: 8,
      padTop: 1,
      padLeft: 1,
      outH: 9,
      outW: 8,
    });
  });

  it('plans 1-D convolutions as H = 1', () => {
    const plan = planConv('conv1d', [3, 2, 10], [5, 2, 3], 1, { stride: 2, padding: 1, dilation: 2 });
    expect(plan.outShape).toEqual([3, 5, 4]); // ⌊(10 + 2 − 4 − 1) / 2⌋ + 1
    expect(plan.geo).toMatchObject({ height: 1, kernelH: 1, padTop: 0, outH: 1, width: 10, outW: 4, dilationW: 2 });
  });

  it('plans the transposed geometry on the output image', () => {
    const plan = planConvTranspose('convTranspose2d', [2, 4, 3, 5], [4, 3, 4, 4], 2, {
      stride: 2,
      padding: 1,
      outputPadding: [1, 0],
    });
    expect(plan.outShape).toEqual([2, 3, 7, 10]);
    expect(plan.geo).toMatchObject({ channels: 3, height: 7, width: 10, outH: 3, outW: 5 });
  });

  it('checks spatial options', () => {
    expect(spatial('conv2d', 'stride', [2, 3], 2, 1)).toEqual([2, 3]);
    expect(() => spatial('conv2d', 'stride', [2, 3, 4], 2, 1)).toThrow(ValueError);
    expect(() => spatial('conv1d', 'dilation', 0.5, 1, 1)).toThrow('conv1d: dilation must be an integer >= 1, got 0.5');
  });
});
