/**
 * JS reference convolution kernels (see kernels/conv.ts): plain loops, tight enough to train the
 * LeNet-sized networks of the examples. For each (channel, kernel tap) the range of output columns
 * whose input column lies inside the image is computed once, so the inner loop has no bounds test
 * and no call; the columns outside it stay 0 (fresh arrays are zero-filled), which is the padding.
 * The three products of a convolution compose im2col / col2im with the reference GEMM, the batch n
 * and group g being batch dimensions of one GEMM call with strides into the operands.
 */
import type { FloatArray, TypedArray } from '../../dtype.js';
import type { ConvGemm, ConvGeometry, ConvKernels } from '../kernels/conv.js';
import type { GemmBatch, GemmSpec } from '../kernels/matmul.js';
import { jsActivation } from './activation.js';
import { like } from './broadcast.js';
import { jsMatmul } from './matmul.js';
import { jsPool } from './pool.js';

/** First output column ox with 0 ≤ ox·stride + offset (offset = kj·dilation − padLeft). */
function firstInside(offset: number, stride: number): number {
  return offset >= 0 ? 0 : Math.ceil(-offset / stride);
}

/** One past the last output column ox (≤ outW) with ox·stride + offset < width. */
function endInside(offset: number, stride: number, width: number, outW: number): number {
  if (offset > width - 1) return 0;
  return Math.min(outW, Math.floor((width - 1 - offset) / stride) + 1);
}

function im2col(x: TypedArray, geo: ConvGeometry): TypedArray {
  const { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft } = geo;
  const { dilationH, dilationW, outH, outW } = geo;
  const taps = kernelH * kernelW;
  const positions = outH * outW;
  const plane = height * width;
  const cols = like(x, batch * channels * taps * positions);
  for (let nc = 0; nc < batch * channels; nc++) {
    const xBase = nc * plane; // image (n, c); its rows of cols start at row nc·taps
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++) {
        const rowBase = (nc * taps + ki * kernelW + kj) * positions;
        const xOff = kj * dilationW - padLeft;
        const ox0 = firstInside(xOff, strideW);
        const ox1 = endInside(xOff, strideW, width, outW);
        if (ox1 <= ox0) continue;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * strideH - padTop + ki * dilationH;
          if (iy < 0 || iy >= height) continue;
          const src = xBase + iy * width + xOff;
          const dst = rowBase + oy * outW;
          if (strideW === 1) for (let ox = ox0; ox < ox1; ox++) cols[dst + ox] = x[src + ox] as number;
          else for (let ox = ox0; ox < ox1; ox++) cols[dst + ox] = x[src + ox * strideW] as number;
        }
      }
    }
  }
  return cols;
}

/** The same walk as im2col with the copy reversed into a sum (kept as its own loop: no call per row). */
function col2im(cols: TypedArray, geo: ConvGeometry): TypedArray {
  const { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft } = geo;
  const { dilationH, dilationW, outH, outW } = geo;
  const taps = kernelH * kernelW;
  const positions = outH * outW;
  const plane = height * width;
  const x = like(cols, batch * channels * plane);
  for (let nc = 0; nc < batch * channels; nc++) {
    const xBase = nc * plane;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++) {
        const rowBase = (nc * taps + ki * kernelW + kj) * positions;
        const xOff = kj * dilationW - padLeft;
        const ox0 = firstInside(xOff, strideW);
        const ox1 = endInside(xOff, strideW, width, outW);
        if (ox1 <= ox0) continue;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * strideH - padTop + ki * dilationH;
          if (iy < 0 || iy >= height) continue;
          const dst = xBase + iy * width + xOff;
          const src = rowBase + oy * outW;
          if (strideW === 1) {
            for (let ox = ox0; ox < ox1; ox++) x[dst + ox] = (x[dst + ox] as number) + (cols[src + ox] as number);
          } else {
            for (let ox = ox0; ox < ox1; ox++) {
              const at = dst + ox * strideW;
              x[at] = (x[at] as number) + (cols[src + ox] as number);
            }
          }
        }
      }
    }
  }
  return x;
}

function addChannelBias(y: TypedArray, bias: TypedArray, batch: number, channels: number, size: number): TypedArray {
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c] as number;
      const base = (n * channels + c) * size;
      for (let i = base; i < base + size; i++) y[i] = (y[i] as number) + b;
    }
  }
  return y;
}

function channelSum(g: TypedArray, batch: number, channels: number, size: number): TypedArray {
  const out = like(g, channels);
  // Each channel's sum is one chain of float64 additions (n, then i, ascending), rounded once when
  // stored. Four channels at a time: four independent chains, so the CPU overlaps their additions
  // (one chain waits ~4 cycles per add); each channel's order, so its bits, are unchanged.
  let c = 0;
  for (; c + 4 <= channels; c += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let n = 0; n < batch; n++) {
      const b0 = (n * channels + c) * size;
      for (let i = 0; i < size; i++) {
        s0 += g[b0 + i] as number;
        s1 += g[b0 + size + i] as number;
        s2 += g[b0 + 2 * size + i] as number;
        s3 += g[b0 + 3 * size + i] as number;
      }
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < channels; c++) {
    let s = 0;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * size;
      for (let i = base; i < base + size; i++) s += g[i] as number;
    }
    out[c] = s;
  }
  return out;
}

/** The GEMM shapes per (sample, group): R weight rows, K = image channels · taps, L positions. */
interface Blocks {
  n: number;
  g: number;
  r: number;
  k: number;
  l: number;
}

function blocksOf({ geo, groups, rows }: ConvGemm): Blocks {
  const k = (geo.channels / groups) * geo.kernelH * geo.kernelW;
  return { n: geo.batch, g: groups, r: rows, k, l: geo.outH * geo.outW };
}

/** Batch dims [N, G] with the element strides of A, B and C along each; size-1 dims left out. */
function batch(bl: Blocks, a: [number, number], b: [number, number], c: [number, number]): GemmBatch {
  const out: GemmBatch = { shape: [], aStrides: [], bStrides: [], cStrides: [] };
  const sizes = [bl.n, bl.g];
  for (let d = 0; d < 2; d++) {
    if (sizes[d] === 1) continue;
    (out.shape as number[]).push(sizes[d] as number);
    (out.aStrides as number[]).push(a[d] as number);
    (out.bStrides as number[]).push(b[d] as number);
    (out.cStrides as number[]).push(c[d] as number);
  }
  return out;
}

/**
 * [N, G·R, L] = W[g] [R, K] · cols[n, g] [K, L] (A: the weight, B: the columns).
 * @example convProductSpec({ geo, groups: 1, rows: 8 }) // m 8, n L, k K, batch [N]
 */
export function convProductSpec(spec: ConvGemm): GemmSpec {
  const bl = blocksOf(spec);
  const { g, r, k, l } = bl;
  const b = batch(bl, [0, r * k], [g * k * l, k * l], [g * r * l, r * l]);
  return { m: r, n: l, k, transA: false, transB: false, batch: b };
}

/**
 * cols [N, G·K, L] = W[g]ᵀ [K, R] · dy[n, g] [R, L] (A: the weight, B: [N, G·R, L]).
 * @example convColumnsSpec({ geo, groups: 1, rows: 8 }) // m K, n L, k 8, transA
 */
export function convColumnsSpec(spec: ConvGemm): GemmSpec {
  const bl = blocksOf(spec);
  const { g, r, k, l } = bl;
  const b = batch(bl, [0, r * k], [g * r * l, r * l], [g * k * l, k * l]);
  return { m: k, n: l, k: r, transA: true, transB: false, batch: b };
}

/**
 * W [G, R, K] = Σₙ dy[n, g] [R, L] · cols[n, g]ᵀ [L, K] (A: [N, G·R, L], B: the columns).
 * @example convWeightSpec({ geo, groups: 1, rows: 8 }) // m 8, n K, k L, transB, summed over N
 */
export function convWeightSpec(spec: ConvGemm): GemmSpec {
  const bl = blocksOf(spec);
  const { g, r, k, l } = bl;
  const b = batch(bl, [g * r * l, r * l], [g * k * l, k * l], [0, r * k]);
  return { m: r, n: k, k: l, transA: false, transB: true, batch: b };
}

function convForward(x: TypedArray, w: TypedArray, bias: TypedArray | null, spec: ConvGemm, relu = false): TypedArray {
  const y = jsMatmul.gemm(w, im2col(x, spec.geo), convProductSpec(spec));
  const { n, g, r, l } = blocksOf(spec);
  const biased = bias === null ? y : addChannelBias(y, bias, n, g * r, l);
  return relu ? jsActivation.relu(biased as FloatArray, undefined) : biased;
}

function convInputGrad(w: TypedArray, dy: TypedArray, spec: ConvGemm): TypedArray {
  return col2im(jsMatmul.gemm(w, dy, convColumnsSpec(spec)), spec.geo);
}

function convWeightGrad(dy: TypedArray, x: TypedArray, spec: ConvGemm): TypedArray {
  return jsMatmul.gemm(dy, im2col(x, spec.geo), convWeightSpec(spec));
}

export const jsConv: ConvKernels = {
  im2col,
  col2im,
  addChannelBias,
  channelSum,
  convForward,
  convReluMaxPool: (x, w, bias, spec, pool) =>
    jsPool.maxPool2d(convForward(x, w, bias, spec, true) as FloatArray, pool),
  convInputGrad,
  convWeightGrad,
};
