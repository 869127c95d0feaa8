/**
 * JS reference pooling kernels: plain loops over planes and windows, no closures or allocations per
 * element. Each kernel first computes the clipped window of every output row and column once
 * (small Int32Arrays), then walks the planes.
 */
import type { FloatArray } from '../../dtype.js';
import type { AvgPoolOptions, MaxPoolResult, PlaneGeometry, PoolKernels, WindowGeometry } from '../kernels/pool.js';
import { like } from './broadcast.js';

/**
 * Dilated windows along one axis: for output o, the first in-bounds tap `start[o]` (stepping by `d`
 * over the padding) and the end bound `end[o]` (exclusive; a tap t is in the window while t < end).
 */
function dilatedRanges(outSize: number, inSize: number, k: number, s: number, p: number, d: number) {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    let first = o * s - p;
    end[o] = Math.min(first + (k - 1) * d + 1, inSize);
    while (first < 0) first += d;
    start[o] = first;
  }
  return { start, end };
}

/**
 * The CNN case (2×2 windows, stride 2, no padding, dilation or partial windows) without the window
 * loops: the same taps in the same order and comparisons as the general walk, so the same values
 * and argmaxes.
 */
function maxPool2x2(x: FloatArray, geo: WindowGeometry): MaxPoolResult {
  const { planes, inH, inW, outH, outW } = geo;
  const out = like(x, planes * outH * outW);
  const indices = new Int32Array(out.length);
  const plane = inH * inW;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let oh = 0; oh < outH; oh++) {
      const top = 2 * oh * inW;
      for (let ow = 0; ow < outW; ow++) {
        let at = top + 2 * ow;
        let best = x[base + at] as number;
        let arg = at;
        // Visit order (0,0) (0,1) (1,0) (1,1); NaN wins as in the general loop (−∞ < first tap).
        at += 1;
        let v = x[base + at] as number;
        // biome-ignore lint/suspicious/noSelfCompare: NaN test
        if (v > best || v !== v) {
          best = v;
          arg = at;
        }
        at += inW - 1;
        v = x[base + at] as number;
        // biome-ignore lint/suspicious/noSelfCompare: NaN test
        if (v > best || v !== v) {
          best = v;
          arg = at;
        }
        at += 1;
        v = x[base + at] as number;
        // biome-ignore lint/suspicious/noSelfCompare: NaN test
        if (v > best || v !== v) {
          best = v;
          arg = at;
        }
        out[o] = best;
        indices[o] = arg;
        o++;
      }
    }
  }
  return { out, indices };
}

function maxPool2d(x: FloatArray, geo: WindowGeometry): MaxPoolResult {
  const { planes, inH, inW, outH, outW, kH, kW, sH, sW, pH, pW, dH, dW } = geo;
  const full = 2 * outH <= inH && 2 * outW <= inW; // no partial window (ceil mode) at the edges
  if (kH === 2 && kW === 2 && sH === 2 && sW === 2 && pH === 0 && pW === 0 && dH === 1 && dW === 1 && full) {
    return maxPool2x2(x, geo);
  }
  const rows = dilatedRanges(outH, inH, kH, sH, pH, dH);
  const cols = dilatedRanges(outW, inW, kW, sW, pW, dW);
  const hStart = rows.start;
  const hEnd = rows.end;
  const wStart = cols.start;
  const wEnd = cols.end;
  const out = like(x, planes * outH * outW);
  const indices = new Int32Array(out.length);
  const plane = inH * inW;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = hStart[oh] as number;
      const h1 = hEnd[oh] as number;
      for (let ow = 0; ow < outW; ow++) {
        const w0 = wStart[ow] as number;
        const w1 = wEnd[ow] as number;
        let best = Number.NEGATIVE_INFINITY;
        // PyTorch starts from the window's first tap, so an all −∞ window still routes its gradient.
        let arg = h0 < h1 && w0 < w1 ? h0 * inW + w0 : -1;
        for (let h = h0; h < h1; h += dH) {
          const row = h * inW;
          for (let w = w0; w < w1; w += dW) {
            const v = x[base + row + w] as number;
            // biome-ignore lint/suspicious/noSelfCompare: v !== v is the NaN test of the hot loop
            if (v > best || v !== v) {
              best = v;
              arg = row + w;
            }
          }
        }
        out[o] = best;
        indices[o] = arg;
        o++;
      }
    }
  }
  return { out, indices };
}

function maxPool2dBackward(grad: FloatArray, indices: Int32Array, geo: WindowGeometry): FloatArray {
  const { planes, inH, inW, outH, outW } = geo;
  const plane = inH * inW;
  const outPlane = outH * outW;
  const dx = like(grad, planes * plane);
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    const ob = p * outPlane;
    for (let j = 0; j < outPlane; j++) {
      const at = indices[ob + j] as number;
      if (at >= 0) dx[base + at] = (dx[base + at] as number) + (grad[ob + j] as number);
    }
  }
  return dx;
}

/** Windows of a mean pool: row and column ranges [start, end) and the divisor of each output. */
interface MeanWindows {
  rows: { start: Int32Array; end: Int32Array };
  cols: { start: Int32Array; end: Int32Array };
  /** Per output (oh·outW + ow); 0 marks a window wholly in the padding (its output is 0). */
  divisor: Float64Array;
}

/**
 * avgPool2d's windows along one axis: the padded extent [lo, hi) (for count_include_pad) and its
 * clip to the input [start, end), as PyTorch computes them.
 */
function avgRanges(outSize: number, inSize: number, k: number, s: number, p: number) {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  const padded = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const lo = o * s - p;
    const hi = Math.min(lo + k, inSize + p);
    padded[o] = hi - lo;
    start[o] = Math.max(lo, 0);
    end[o] = Math.min(hi, inSize);
  }
  return { start, end, padded };
}

function avgWindows(geo: WindowGeometry, options: AvgPoolOptions): MeanWindows {
  const { outH, outW, inH, inW, kH, kW, sH, sW, pH, pW } = geo;
  const rows = avgRanges(outH, inH, kH, sH, pH);
  const cols = avgRanges(outW, inW, kW, sW, pW);
  const divisor = new Float64Array(outH * outW);
  for (let oh = 0; oh < outH; oh++) {
    const nh = (rows.end[oh] as number) - (rows.start[oh] as number);
    for (let ow = 0; ow < outW; ow++) {
      const nw = (cols.end[ow] as number) - (cols.start[ow] as number);
      if (nh <= 0 || nw <= 0) continue;
      divisor[oh * outW + ow] =
        options.divisorOverride ??
        (options.countIncludePad ? (rows.padded[oh] as number) * (cols.padded[ow] as number) : nh * nw);
    }
  }
  return { rows, cols, divisor };
}

/** Adaptive windows along one axis: [⌊o·in/out⌋, ⌈(o+1)·in/out⌉) (exact in doubles for any tensor size). */
function adaptiveRanges(outSize: number, inSize: number) {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    start[o] = Math.floor((o * inSize) / outSize);
    end[o] = Math.ceil(((o + 1) * inSize) / outSize);
  }
  return { start, end };
}

function adaptiveWindows({ inH, inW, outH, outW }: PlaneGeometry): MeanWindows {
  const rows = adaptiveRanges(outH, inH);
  const cols = adaptiveRanges(outW, inW);
  const divisor = new Float64Array(outH * outW);
  for (let oh = 0; oh < outH; oh++) {
    for (let ow = 0; ow < outW; ow++) {
      const size =
        ((rows.end[oh] as number) - (rows.start[oh] as number)) *
        ((cols.end[ow] as number) - (cols.start[ow] as number));
      divisor[oh * outW + ow] = size;
    }
  }
  return { rows, cols, divisor };
}

/**
 * Walk the windows of a mean pool over every plane: forward (`backward` false) writes each window's
 * sum / divisor from x; backward adds each output gradient / divisor over its window.
 */
function meanWalk(src: FloatArray, geo: PlaneGeometry, win: MeanWindows, backward: boolean): FloatArray {
  const { planes, inH, inW, outH, outW } = geo;
  const { rows, cols, divisor } = win;
  const plane = inH * inW;
  const dst = like(src, backward ? planes * plane : planes * outH * outW);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = rows.start[oh] as number;
      const h1 = rows.end[oh] as number;
      for (let ow = 0; ow < outW; ow++) {
        const div = divisor[oh * outW + ow] as number;
        const w0 = cols.start[ow] as number;
        const w1 = cols.end[ow] as number;
        // div 0: a window wholly in the padding, whose output is 0 and which takes no gradient
        if (div !== 0 && backward) {
          const share = (src[o] as number) / div;
          for (let h = h0; h < h1; h++) {
            const row = base + h * inW;
            for (let w = w0; w < w1; w++) dst[row + w] = (dst[row + w] as number) + share;
          }
        } else if (div !== 0) {
          let sum = 0;
          for (let h = h0; h < h1; h++) {
            const row = base + h * inW;
            for (let w = w0; w < w1; w++) sum += src[row + w] as number;
          }
          dst[o] = sum / div;
        }
        o++;
      }
    }
  }
  return dst;
}

export const jsPool: PoolKernels = {
  maxPool2d,
  maxPool2dBackward,
  avgPool2d: (x, geo, options) => meanWalk(x, geo, avgWindows(geo, options), false),
  avgPool2dBackward: (grad, geo, options) => meanWalk(grad, geo, avgWindows(geo, options), true),
  adaptiveAvgPool2d: (x, geo) => meanWalk(x, geo, adaptiveWindows(geo), false),
  adaptiveAvgPool2dBackward: (grad, geo) => meanWalk(grad, geo, adaptiveWindows(geo), true),
};
