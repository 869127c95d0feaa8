/**
 * JS reference normalization kernels: batch norm walks x as [outer, channels, inner] and
 * accumulates per channel; layer norm walks rows of `cols` values. Statistics and sums are
 * float64 (JS numbers); one plain loop per pass, nothing allocated per element.
 */
import type { FloatArray } from '../../dtype.js';
import type { ChannelLayout, NormGrads, NormKernels, NormStats } from '../kernels/norm.js';
import { like } from './broadcast.js';

function channelMoments(x: FloatArray, { outer, channels, inner }: ChannelLayout): NormStats {
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  const count = outer * inner;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner;
      let s = 0;
      for (let i = 0; i < inner; i++) s += x[base + i] as number;
      mean[c] = (mean[c] as number) + s;
    }
  }
  for (let c = 0; c < channels; c++) mean[c] = (mean[c] as number) / count;
  // Second pass over the deviations: no cancellation for data far from 0.
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner;
      const mu = mean[c] as number;
      let s = 0;
      for (let i = 0; i < inner; i++) {
        const d = (x[base + i] as number) - mu;
        s += d * d;
      }
      variance[c] = (variance[c] as number) + s;
    }
  }
  for (let c = 0; c < channels; c++) variance[c] = (variance[c] as number) / count;
  return { mean, variance };
}

function invStd(variance: FloatArray, eps: number): Float64Array {
  const out = new Float64Array(variance.length);
  for (let c = 0; c < variance.length; c++) out[c] = 1 / Math.sqrt((variance[c] as number) + eps);
  return out;
}

function batchNorm(
  x: FloatArray,
  { outer, channels, inner }: ChannelLayout,
  mean: FloatArray,
  invstd: Float64Array,
  weight: FloatArray | null,
  bias: FloatArray | null,
): FloatArray {
  const y = like(x, x.length);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner;
      const mu = mean[c] as number;
      const scale = (invstd[c] as number) * (weight === null ? 1 : (weight[c] as number));
      const shift = bias === null ? 0 : (bias[c] as number);
      for (let i = base; i < base + inner; i++) y[i] = ((x[i] as number) - mu) * scale + shift;
    }
  }
  return y;
}

function batchNormBackward(
  x: FloatArray,
  grad: FloatArray,
  { outer, channels, inner }: ChannelLayout,
  mean: FloatArray,
  invstd: Float64Array,
  weight: FloatArray | null,
  batchStats: boolean,
): NormGrads {
  const sumG = new Float64Array(channels);
  const sumGD = new Float64Array(channels); // Σ g·(x − mean)
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner;
      const mu = mean[c] as number;
      let sg = 0;
      let sgd = 0;
      for (let i = base; i < base + inner; i++) {
        const g = grad[i] as number;
        sg += g;
        sgd += g * ((x[i] as number) - mu);
      }
      sumG[c] = (sumG[c] as number) + sg;
      sumGD[c] = (sumGD[c] as number) + sgd;
    }
  }
  const m = outer * inner;
  const input = like(x, x.length);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner;
      const mu = mean[c] as number;
      const is = invstd[c] as number;
      const k = is * (weight === null ? 1 : (weight[c] as number));
      if (batchStats) {
        const gMean = (sumG[c] as number) / m;
        const proj = ((sumGD[c] as number) * is * is) / m; // Σ(g·x̂)/m · invstd, applied to x − mean
        for (let i = base; i < base + inner; i++) {
          input[i] = k * ((grad[i] as number) - gMean - ((x[i] as number) - mu) * proj);
        }
      } else {
        for (let i = base; i < base + inner; i++) input[i] = k * (grad[i] as number);
      }
    }
  }
  const dWeight = like(x, channels);
  const dBias = like(x, channels);
  for (let c = 0; c < channels; c++) {
    dWeight[c] = (sumGD[c] as number) * (invstd[c] as number);
    dBias[c] = sumG[c] as number;
  }
  return { input, weight: dWeight, bias: dBias };
}

function updateRunningStat(running: FloatArray, batch: Float64Array, momentum: number, scale: number): void {
  for (let c = 0; c < running.length; c++) {
    running[c] = momentum * (batch[c] as number) * scale + (1 - momentum) * (running[c] as number);
  }
}

function layerNorm(
  x: FloatArray,
  rows: number,
  cols: number,
  weight: FloatArray | null,
  bias: FloatArray | null,
  eps: number,
): { out: FloatArray; mean: Float64Array; rstd: Float64Array } {
  const out = like(x, x.length);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += x[base + j] as number;
    const mu = s / cols;
    let v = 0;
    for (let j = 0; j < cols; j++) {
      const d = (x[base + j] as number) - mu;
      v += d * d;
    }
    const is = 1 / Math.sqrt(v / cols + eps);
    mean[r] = mu;
    rstd[r] = is;
    for (let j = 0; j < cols; j++) {
      const xhat = ((x[base + j] as number) - mu) * is;
      const w = weight === null ? 1 : (weight[j] as number);
      const b = bias === null ? 0 : (bias[j] as number);
      out[base + j] = xhat * w + b;
    }
  }
  return { out, mean, rstd };
}

function layerNormBackward(
  x: FloatArray,
  grad: FloatArray,
  rows: number,
  cols: number,
  mean: Float64Array,
  rstd: Float64Array,
  weight: FloatArray | null,
): NormGrads {
  const input = like(x, x.length);
  const dWeight = new Float64Array(cols);
  const dBias = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const mu = mean[r] as number;
    const is = rstd[r] as number;
    let sumG = 0; // Σ ĝ with ĝ = g·weight
    let sumGX = 0; // Σ ĝ·x̂
    for (let j = 0; j < cols; j++) {
      const g = grad[base + j] as number;
      const xhat = ((x[base + j] as number) - mu) * is;
      const gw = g * (weight === null ? 1 : (weight[j] as number));
      sumG += gw;
      sumGX += gw * xhat;
      dWeight[j] = (dWeight[j] as number) + g * xhat;
      dBias[j] = (dBias[j] as number) + g;
    }
    const gMean = sumG / cols;
    const proj = sumGX / cols;
    for (let j = 0; j < cols; j++) {
      const xhat = ((x[base + j] as number) - mu) * is;
      const gw = (grad[base + j] as number) * (weight === null ? 1 : (weight[j] as number));
      input[base + j] = is * (gw - gMean - xhat * proj);
    }
  }
  const w = like(x, cols);
  const b = like(x, cols);
  w.set(dWeight);
  b.set(dBias);
  return { input, weight: w, bias: b };
}

export const jsNorm: NormKernels = {
  channelMoments,
  invStd,
  batchNorm,
  batchNormBackward,
  updateRunningStat,
  layerNorm,
  layerNormBackward,
};
