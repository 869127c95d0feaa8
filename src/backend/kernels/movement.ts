/**
 * Data-movement kernels: copies that rearrange elements. Contract for every kernel here:
 * - arrays are contiguous row-major; arguments are already validated by the op (axes
 *   non-negative and in range, indices in range, sizes consistent);
 * - the output is a new array of the input's type (of `src`'s type for the scatter kernels);
 * - a kernel and its `…Add` / `…Scatter` / `…Backward` partner are adjoint linear maps, so each
 *   is the other's gradient.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

/** How `pad` fills the new border (as torch.nn.functional.pad). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

export interface MovementKernels {
  /** Copy `x` (shape `shape`) broadcast to `outShape` (NumPy rules). */
  broadcastTo(x: TypedArray, shape: Shape, outShape: Shape): TypedArray;

  /** out[i₀…] = x at the permuted position; the output shape is `dims.map((d) => shape[d])`. */
  permute(x: TypedArray, shape: Shape, dims: readonly number[]): TypedArray;

  /** Along `axis`: out[…, j, …] = x[…, start + j·step, …] for j < length (step > 0). */
  slice(x: TypedArray, shape: Shape, axis: number, start: number, step: number, length: number): TypedArray;
  /**
   * The adjoint of `slice`: zeros of `shape` with `src` (the slice's shape) written at
   * positions start + j·step along `axis`.
   */
  sliceScatter(src: TypedArray, shape: Shape, axis: number, start: number, step: number): TypedArray;

  /** Join arrays of the same type along `axis`; shapes agree except along `axis`. */
  concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number): TypedArray;

  /**
   * Pad (or, with negative amounts, crop) every dimension: output coordinate o reads input
   * coordinate o − before[d], mapped back inside by `mode` when it falls outside
   * (constant: `value`; reflect: mirror without repeating the edge; replicate: the edge;
   * circular: wrap around).
   */
  pad(
    x: TypedArray,
    shape: Shape,
    before: readonly number[],
    outShape: Shape,
    mode: PadMode,
    value: number,
  ): TypedArray;
  /** The adjoint of `pad`: every element of `g` (shape `outShape`) added to the input position it was read from. */
  padBackward(g: TypedArray, outShape: Shape, shape: Shape, before: readonly number[], mode: PadMode): TypedArray;

  /** Along `axis`: out[…, j, …] = x[…, index[j], …]; the output has index.length there. */
  indexSelect(x: TypedArray, shape: Shape, axis: number, index: Int32Array): TypedArray;
  /**
   * The adjoint of `indexSelect`: zeros of `shape`, then out[…, index[j], …] += src[…, j, …];
   * repeated indices accumulate.
   */
  indexAdd(src: TypedArray, shape: Shape, axis: number, index: Int32Array): TypedArray;

  /** torch.gather: out[c] = x[c with c[axis] replaced by index[c]], for every c in indexShape. */
  gather(x: TypedArray, shape: Shape, axis: number, index: Int32Array, indexShape: Shape): TypedArray;
  /**
   * The adjoint of `gather`: zeros of `shape`, then out[c with c[axis] = index[c]] += src[c]
   * for every c in indexShape (repeated targets accumulate).
   */
  scatterAdd(src: TypedArray, index: Int32Array, indexShape: Shape, axis: number, shape: Shape): TypedArray;

  /** Position of the first value of `index` outside [0, size), or −1 when all are inside. */
  firstOutOfRange(index: Int32Array, size: number): number;
}
