/**
 * JS reference convolution kernels (see kernels/conv.ts): plain loops, tight enough to train the
 * LeNet-sized networks of the examples. For each (channel, kernel tap) the range of output columns
 * whose input column lies inside the image is computed once, so the inner loop has no bounds test
 * and no call; the columns outside it stay 0 (fresh arrays are zero-filled), which is the padding.
 */
import type { TypedArray } from '../../dtype.js';
import type { ConvGeometry, ConvKernels } from '../kernels/conv.js';
import { like } from './broadcast.js';

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
  for (let c = 0; c < channels; c++) {
    let s = 0; // a JS number: the float64 sum, rounded once when stored
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * size;
      for (let i = base; i < base + size; i++) s += g[i] as number;
    }
    out[c] = s;
  }
  return out;
}

export const jsConv: ConvKernels = { im2col, col2im, addChannelBias, channelSum };
