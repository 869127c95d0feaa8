/**
 * Normalization kernels: batch norm over the channel axis of [N, C, *] and layer norm over the
 * trailing axes. Contract:
 * - float inputs; outputs and gradients are new arrays of x's type (weight and bias share it);
 * - statistics (mean, 1/σ) are Float64Arrays, sums run in float64;
 * - `weight` / `bias` null mean 1 / 0 (no affine transform).
 */
import type { FloatArray } from '../../dtype.js';

/** x viewed as [outer, channels, inner]: batch norm's [N, C, d1·d2·…]. */
export interface ChannelLayout {
  outer: number;
  channels: number;
  inner: number;
}

/** Per-channel (batch norm) or per-row (layer norm) statistics. */
export interface NormStats {
  mean: Float64Array;
  /** Biased variance: Σ (x − mean)² / count (two passes). */
  variance: Float64Array;
}

/** Gradients of a normalization: input, and weight / bias (computed even without affine: cheap). */
export interface NormGrads {
  input: FloatArray;
  weight: FloatArray;
  bias: FloatArray;
}

export interface NormKernels {
  /** Mean and biased variance of each channel over its outer·inner values. */
  channelMoments(x: FloatArray, layout: ChannelLayout): NormStats;
  /** 1/√(variance + eps), elementwise, in float64. */
  invStd(variance: FloatArray, eps: number): Float64Array;
  /** y = (x − mean_c) · invstd_c · weight_c + bias_c. */
  batchNorm(
    x: FloatArray,
    layout: ChannelLayout,
    mean: FloatArray,
    invstd: Float64Array,
    weight: FloatArray | null,
    bias: FloatArray | null,
  ): FloatArray;
  /**
   * With x̂ = (x − mean)·invstd and m = outer·inner values per channel: dbias_c = Σ g,
   * dweight_c = Σ g·x̂; dx = weight·invstd·(g − Σg/m − x̂·Σ(g·x̂)/m) when the statistics came from
   * this batch (`batchStats`), else weight·invstd·g (running statistics are constants).
   */
  batchNormBackward(
    x: FloatArray,
    grad: FloatArray,
    layout: ChannelLayout,
    mean: FloatArray,
    invstd: Float64Array,
    weight: FloatArray | null,
    batchStats: boolean,
  ): NormGrads;
  /**
   * In place: running_c = momentum·batch_c·scale + (1 − momentum)·running_c (scale: m/(m − 1)
   * turns a biased variance into the unbiased one, 1 for the mean).
   */
  updateRunningStat(running: FloatArray, batch: Float64Array, momentum: number, scale: number): void;
  /**
   * Layer norm of x viewed as [rows, cols]: y = (x − mean_r)·rstd_r·weight_j + bias_j with
   * rstd = 1/√(variance + eps); returns y and the statistics backward needs.
   */
  layerNorm(
    x: FloatArray,
    rows: number,
    cols: number,
    weight: FloatArray | null,
    bias: FloatArray | null,
    eps: number,
  ): { out: FloatArray; mean: Float64Array; rstd: Float64Array };
  /**
   * With x̂ = (x − mean)·rstd and ĝ = g·weight per row of D = cols values:
   * dx = rstd·(ĝ − Σĝ/D − x̂·Σ(ĝ·x̂)/D); dweight_j = Σ_rows g·x̂; dbias_j = Σ_rows g.
   */
  layerNormBackward(
    x: FloatArray,
    grad: FloatArray,
    rows: number,
    cols: number,
    mean: Float64Array,
    rstd: Float64Array,
    weight: FloatArray | null,
  ): NormGrads;
}
