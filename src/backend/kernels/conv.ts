/**
 * Convolution kernels of a 2-D convolution (1-D is the case H = 1). A convolution is im2col
 * (unfold every receptive field into a column) followed by a GEMM with the weights; its input
 * gradient is a GEMM followed by col2im (fold the columns back, adding where fields overlap); the
 * transposed convolution runs the same two steps the other way round. Ops call the three
 * products whole (`convForward`, `convInputGrad`, `convWeightGrad`), so that a backend can unfold
 * one sample at a time next to its GEMM instead of materializing the columns of the whole batch;
 * the JS reference composes `im2col`, `col2im` and `gemm`.
 *
 * Reference: K. Chellapilla, S. Puri, P. Simard, "High Performance Convolutional Neural Networks
 * for Document Processing" (2006), the unfold-and-multiply formulation.
 */
import type { TypedArray } from '../../dtype.js';
import type { MaxPoolResult, WindowGeometry } from './pool.js';

/**
 * The sliding window of one 2-D convolution over NCHW images, all sizes in elements. Output
 * position (oy, ox) of kernel tap (ki, kj) reads image row iy = oy·strideH − padTop + ki·dilationH
 * and column ix = ox·strideW − padLeft + kj·dilationW; reads outside the image are zeros (the
 * padding). The bottom and right padding follow from `outH` and `outW`, so asymmetric padding
 * (PyTorch's 'same' with an even kernel) needs nothing more.
 */
export interface ConvGeometry {
  /** N, the number of images */
  batch: number;
  /** C, the channels of the image side (the input of a convolution, the output of a transposed one) */
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  dilationH: number;
  dilationW: number;
  /** the number of window positions down and across */
  outH: number;
  outW: number;
}

/**
 * The GEMMs of a convolution with G groups: per sample n and group g, the weight W[g] [R, K]
 * (K = (C / G)·kH·kW) times the columns cols[n, g] = im2col(images)[n, g] [K, L] (L = outH·outW).
 * Weights are [G·R, K], matrices on the output side [N, G·R, L], images as `geo` says.
 */
export interface ConvGemm {
  geo: ConvGeometry;
  groups: number;
  /** R, the weight rows per group (a convolution's output channels / G) */
  rows: number;
}

export interface ConvKernels {
  /**
   * Unfold images x [N, C, H, W] into columns [N, C·kH·kW, outH·outW]:
   * cols[n, (c·kH + ki)·kW + kj, oy·outW + ox] = x[n, c, iy, ix] (0 outside the image).
   * A new array of x's type.
   */
  im2col(x: TypedArray, geo: ConvGeometry): TypedArray;
  /**
   * The adjoint of im2col: fold columns [N, C·kH·kW, outH·outW] back into images [N, C, H, W],
   * adding every column entry into the pixel it was read from (entries that fall in the padding
   * are dropped). A new array of cols' type.
   */
  col2im(cols: TypedArray, geo: ConvGeometry): TypedArray;
  /**
   * Add bias[c] to every y[n, c, :] of y [batch, channels, size], IN PLACE (y is a fresh GEMM
   * result the caller owns), and return y.
   */
  addChannelBias(y: TypedArray, bias: TypedArray, batch: number, channels: number, size: number): TypedArray;
  /**
   * Per-channel sums of g [batch, channels, size] over the batch and the positions: the bias
   * gradient, a new array [channels] of g's type (summed in float64, rounded once).
   */
  channelSum(g: TypedArray, batch: number, channels: number, size: number): TypedArray;
  /**
   * y[n, g] = W[g] · cols[n, g], plus bias[g·R + r] on row r when a bias is given (added after the
   * product, as `addChannelBias`): a convolution's output, a transposed convolution's input
   * gradient. x: images [N, C, H, W], w: [G·R, K]; returns [N, G·R, L], a new array of x's type.
   * With `relu`, max(·, 0) is applied to that output (NaN kept, −0 → +0), as the `relu` kernel
   * after it would: the same values, one output array.
   */
  convForward(x: TypedArray, w: TypedArray, bias: TypedArray | null, spec: ConvGemm, relu?: boolean): TypedArray;
  /**
   * maxPool2d(convForward(x, w, bias, spec, true), pool): a convolution, ReLU and max-pooling block
   * whose convolution output is never handed over (the WASM backend pools it where it was
   * computed). `pool`: the pooling's windows over the convolution output's N·G·R planes. The same
   * values and indices as the two kernels in turn.
   */
  convReluMaxPool(
    x: TypedArray,
    w: TypedArray,
    bias: TypedArray | null,
    spec: ConvGemm,
    pool: WindowGeometry,
  ): MaxPoolResult;
  /**
   * dx[n] = col2im(W[g]ᵀ · dy[n, g]) over the groups: a convolution's input gradient, a transposed
   * convolution's output. w: [G·R, K], dy: [N, G·R, L]; returns images [N, C, H, W].
   */
  convInputGrad(w: TypedArray, dy: TypedArray, spec: ConvGemm): TypedArray;
  /**
   * dW[g] = Σₙ dy[n, g] · cols[n, g]ᵀ: the weight gradient of a convolution (dy: the output
   * gradient) and of a transposed one (dy: its input, x: its output gradient). dy: [N, G·R, L],
   * x: images; returns [G·R, K]. The order of the float32 sums over n is the backend's.
   */
  convWeightGrad(dy: TypedArray, x: TypedArray, spec: ConvGemm): TypedArray;
}
