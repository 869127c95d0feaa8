/**
 * Pooling kernels over NCHW images. The ops flatten N·C into `planes`: each plane is an independent
 * row-major [inH, inW] image and gives an [outH, outW] output plane. Contract:
 * - float inputs; outputs (gradients included) are new arrays of the input's (or grad's) type;
 * - the geometry is valid (ops check it): outH, outW ≥ 1, every window overlaps the input;
 * - window sums run in float64.
 */
import type { FloatArray } from '../../dtype.js';

/** `planes` independent [inH, inW] planes, each pooled to [outH, outW]. */
export interface PlaneGeometry {
  planes: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
}

/**
 * A sliding window: output (oh, ow) covers rows oh·sH − pH + i·dH (i < kH) and columns
 * ow·sW − pW + j·dW (j < kW); positions outside the plane are padding.
 */
export interface WindowGeometry extends PlaneGeometry {
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  pH: number;
  pW: number;
  /** Dilation: the gap between window taps (1 = adjacent). avgPool2d always uses 1. */
  dH: number;
  dW: number;
}

/** avgPool2d's divisor rule, as PyTorch's `count_include_pad` and `divisor_override`. */
export interface AvgPoolOptions {
  /** Divide by the window's size including padding (clipped at pH/pW beyond the edge, as PyTorch). */
  countIncludePad: boolean;
  /** Divide every window by this instead (null: the rule above). */
  divisorOverride: number | null;
}

/** Max-pooling output and, per output, the flat position (h·inW + w) of its max within its plane. */
export interface MaxPoolResult {
  out: FloatArray;
  indices: Int32Array;
}

export interface PoolKernels {
  /**
   * Max over each window, padding excluded. The first max wins ties; a NaN counts as the max (the
   * last NaN of the window, as PyTorch's `val > max || isnan(val)` scan).
   */
  maxPool2d(x: FloatArray, geo: WindowGeometry): MaxPoolResult;
  /** dx: each output's gradient added at its argmax (`indices`); [planes, inH, inW], grad's type. */
  maxPool2dBackward(grad: FloatArray, indices: Int32Array, geo: WindowGeometry): FloatArray;
  /**
   * Mean over each window (dilation 1): Σ x / divisor, with rows [hs, he) = [oh·sH − pH, that + kH)
   * clipped to [−pH, inH + pH) for the padded count and to [0, inH) for the summed values.
   */
  avgPool2d(x: FloatArray, geo: WindowGeometry, options: AvgPoolOptions): FloatArray;
  /** dx: each output's gradient / divisor added over its window; [planes, inH, inW], grad's type. */
  avgPool2dBackward(grad: FloatArray, geo: WindowGeometry, options: AvgPoolOptions): FloatArray;
  /**
   * Mean over rows [⌊oh·inH/outH⌋, ⌈(oh+1)·inH/outH⌉) and the same for columns (PyTorch's adaptive
   * windows: they cover the plane and may overlap).
   */
  adaptiveAvgPool2d(x: FloatArray, geo: PlaneGeometry): FloatArray;
  /** dx: each output's gradient / window size added over its window; grad's type. */
  adaptiveAvgPool2dBackward(grad: FloatArray, geo: PlaneGeometry): FloatArray;
}
