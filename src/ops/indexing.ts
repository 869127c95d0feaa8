/**
 * Indexing ops: pick elements by position. `slice` / `narrow` take a range along one axis,
 * `indexSelect` whole slices by a list of positions, `gather` one element per index entry.
 * Indices are int32 tensors. Each forward kernel has an adjoint scatter kernel (sliceScatter,
 * indexAdd, scatterAdd) that is its backward, and vice versa.
 */
import { kernels } from '../backend/backend.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { normalizeAxis, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp } from './define.js';

// ---- shared checks ----------------------------------------------------------------------------

function expectIndex(op: string, index: Tensor): Int32Array {
  if (!(index instanceof Tensor) || index.dtype !== 'int32') {
    const got = index instanceof Tensor ? `a ${index.dtype} tensor` : typeof index;
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${got}. Convert it with .to('int32').`);
  }
  return index.data as Int32Array;
}

function expectDims(op: string, x: Tensor): void {
  if (x.ndim === 0) throw new ShapeError(`${op}: input must have at least 1 dimension, got a scalar (shape [])`);
}

/** Throw a ShapeError naming the first index outside [0, size). */
function checkRange(op: string, x: Tensor, axis: number, index: Int32Array): void {
  const size = x.shape[axis] as number;
  const bad = kernels().firstOutOfRange(index, size);
  if (bad >= 0) {
    const valid = size === 0 ? 'the axis is empty, so no index is valid' : `valid: 0 to ${size - 1}`;
    throw new ShapeError(
      `${op}: index ${index[bad]} (at position ${bad}) is out of range for axis ${axis} of size ${size} ` +
        `in input ${fmtShape(x.shape)} (${valid})`,
    );
  }
}

function expectInt(op: string, name: string, v: number): void {
  if (!Number.isInteger(v)) throw new ValueError(`${op}: ${name} must be an integer, got ${v}`);
}

/** A one-input primitive (annotated: the adjoint pairs below refer to each other). */
type UnaryOp<P> = (inputs: [Tensor], params: P) => Tensor;
/** Params of a scatter op: its forward partner's, plus the shape to scatter into. */
type Into<P> = P & { shape: Shape };

const withSize = (shape: Shape, axis: number, size: number): number[] => shape.map((d, i) => (i === axis ? size : d));

// ---- indexSelect ------------------------------------------------------------------------------

interface IndexParams {
  axis: number;
  index: Int32Array;
}

const indexSelectOp: UnaryOp<IndexParams> = defineOp<[Tensor], IndexParams>({
  name: 'indexSelect',
  forward: (k, [x], { axis, index }) => ({
    data: k.indexSelect(x.data, x.shape, axis, index),
    shape: withSize(x.shape, axis, index.length),
  }),
  backward: (g, { inputs: [x], params }) => [indexAddOp([g], { ...params, shape: x.shape })],
});

// out = zeros(shape); out[…, index[j], …] += src[…, j, …]: the gradient of indexSelect.
const indexAddOp: UnaryOp<Into<IndexParams>> = defineOp<[Tensor], Into<IndexParams>>({
  name: 'indexAdd',
  forward: (k, [src], { axis, index, shape }) => ({ data: k.indexAdd(src.data, shape, axis, index), shape }),
  backward: (g, { params }) => [indexSelectOp([g], params)],
});

/**
 * Select whole slices of `x` along `axis` at the positions in `index` (torch.index_select).
 * Positions may repeat (their gradients add up) and come in any order.
 *
 * Shapes: x [d₀, …, n, …], index [m] (int32, values in 0 … n−1) → [d₀, …, m, …].
 * @throws ShapeError when an index is out of range: `indexSelect: index 5 (at position 1) is out of range for axis 0 of size 3 …`
 * @example indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([2, 0], { dtype: 'int32' })) // [[5, 6], [1, 2]]
 * @example x.indexSelect(1, idx) // columns of x
 */
export function indexSelect(x: Tensor, axis: number, index: Tensor): Tensor {
  const idx = expectIndex('indexSelect', index);
  expectDims('indexSelect', x);
  if (index.ndim > 1) {
    throw new ShapeError(`indexSelect: index must be 1-D, got shape ${fmtShape(index.shape)}; flatten it first`);
  }
  const a = normalizeAxis(axis, x.ndim, 'indexSelect');
  checkRange('indexSelect', x, a, idx);
  return indexSelectOp([x], { axis: a, index: idx });
}

// ---- gather -----------------------------------------------------------------------------------

interface GatherParams {
  axis: number;
  index: Int32Array;
  indexShape: Shape;
}

const gatherOp: UnaryOp<GatherParams> = defineOp<[Tensor], GatherParams>({
  name: 'gather',
  forward: (k, [x], { axis, index, indexShape }) => ({
    data: k.gather(x.data, x.shape, axis, index, indexShape),
    shape: indexShape,
  }),
  backward: (g, { inputs: [x], params }) => [scatterAddOp([g], { ...params, shape: x.shape })],
});

// out = zeros(shape); out[c with c[axis] = index[c]] += src[c]: the gradient of gather.
const scatterAddOp: UnaryOp<Into<GatherParams>> = defineOp<[Tensor], Into<GatherParams>>({
  name: 'scatterAdd',
  forward: (k, [src], { axis, index, indexShape, shape }) => ({
    data: k.scatterAdd(src.data, index, indexShape, axis, shape),
    shape,
  }),
  backward: (g, { params }) => [gatherOp([g], params)],
});

/**
 * Pick one element of `x` along `axis` per entry of `index` (torch.gather). For a 3-D input
 * and axis 1: out[i][j][k] = x[i][index[i][j][k]][k]. Typical use: the score of each sample's
 * class, `gather(logits, 1, labels.unsqueeze(1))`.
 *
 * Shapes: index has x's number of dimensions and a size ≤ x's in every dimension but `axis`;
 * the output has index's shape.
 * @throws ShapeError for an index out of range, or an index shape that does not fit x.
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]], { dtype: 'int32' })) // [[1, 1], [4, 3]]
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const idx = expectIndex('gather', index);
  expectDims('gather', x);
  const a = normalizeAxis(axis, x.ndim, 'gather');
  const fits = index.ndim === x.ndim && index.shape.every((d, i) => i === a || d <= (x.shape[i] as number));
  if (!fits) {
    throw new ShapeError(
      `gather: index shape ${fmtShape(index.shape)} does not fit input ${fmtShape(x.shape)} along axis ${a}: ` +
        'the index needs the same number of dimensions and sizes no larger than the input in every other dimension',
    );
  }
  checkRange('gather', x, a, idx);
  return gatherOp([x], { axis: a, index: idx, indexShape: index.shape });
}

// ---- slice and narrow -------------------------------------------------------------------------

interface SliceParams {
  axis: number;
  start: number;
  step: number;
  length: number;
}

const sliceOp: UnaryOp<SliceParams> = defineOp<[Tensor], SliceParams>({
  name: 'slice',
  forward: (k, [x], { axis, start, step, length }) => ({
    data: k.slice(x.data, x.shape, axis, start, step, length),
    shape: withSize(x.shape, axis, length),
  }),
  backward: (g, { inputs: [x], params }) => [sliceScatterOp([g], { ...params, shape: x.shape })],
});

// zeros(shape) with src written at the sliced positions: the gradient of slice.
const sliceScatterOp: UnaryOp<Into<SliceParams>> = defineOp<[Tensor], Into<SliceParams>>({
  name: 'sliceScatter',
  forward: (k, [src], { axis, start, step, shape }) => ({
    data: k.sliceScatter(src.data, shape, axis, start, step),
    shape,
  }),
  backward: (g, { params }) => [sliceOp([g], params)],
});

/** Python's rule for one slice bound: negative counts from the end, then clamp to [0, n]. */
function clampBound(i: number, n: number): number {
  return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
}

/**
 * `x[..., start:end:step, ...]` along `axis`, with Python slicing semantics: negative bounds
 * count from the end, out-of-range bounds are clamped, `end` defaults to the end; step > 0.
 *
 * Shapes: [.., n, ..] → [.., max(0, ⌈(end − start) / step⌉), ..] after normalizing the bounds.
 * @throws ValueError for a non-integer bound or a step ≤ 0.
 * @example slice(arange(6), 0, 1, -1) // [1, 2, 3, 4]
 * @example slice(arange(6), 0, 0, undefined, 2) // [0, 2, 4]
 * @example x.slice(-1, -2) // the last two columns
 */
export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  expectDims('slice', x);
  expectInt('slice', 'start', start);
  if (end !== undefined) expectInt('slice', 'end', end);
  if (!Number.isInteger(step) || step <= 0) {
    throw new ValueError(`slice: step must be a positive integer, got ${step} (negative steps are not supported)`);
  }
  const a = normalizeAxis(axis, x.ndim, 'slice');
  const n = x.shape[a] as number;
  const lo = clampBound(start, n);
  const hi = clampBound(end ?? n, n);
  const length = Math.max(0, Math.ceil((hi - lo) / step));
  if (length === n) return x; // the whole axis: nothing to copy (as a PyTorch view)
  return sliceOp([x], { axis: a, start: lo, step, length });
}

/**
 * The `length` elements of `x` along `axis` starting at `start` (torch.narrow); a negative
 * start counts from the end. Unlike `slice`, the range must lie inside the axis.
 * @throws ShapeError `narrow: start 2 + length 3 exceeds size 4 of axis 0 in input [4]`
 * @example narrow(arange(5), 0, 1, 3) // [1, 2, 3]
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  expectDims('narrow', x);
  expectInt('narrow', 'start', start);
  expectInt('narrow', 'length', length);
  const a = normalizeAxis(axis, x.ndim, 'narrow');
  const n = x.shape[a] as number;
  if (start < -n || start > n) {
    throw new ShapeError(
      `narrow: start ${start} is out of range for axis ${a} of size ${n} in input ${fmtShape(x.shape)} (valid: ${-n} to ${n})`,
    );
  }
  const s = start < 0 ? start + n : start;
  if (length < 0 || s + length > n) {
    throw new ShapeError(
      `narrow: start ${s} + length ${length} exceeds size ${n} of axis ${a} in input ${fmtShape(x.shape)}` +
        ' (length must be ≥ 0 and start + length ≤ size)',
    );
  }
  return slice(x, a, s, s + length);
}

// ---- methods ----------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /** See `indexSelect()`. */ indexSelect(axis: number, index: Tensor): Tensor;
    /** See `gather()`. */ gather(axis: number, index: Tensor): Tensor;
    /** See `slice()`. */ slice(axis: number, start: number, end?: number, step?: number): Tensor;
    /** See `narrow()`. */ narrow(axis: number, start: number, length: number): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  indexSelect(this: Tensor, axis: number, index: Tensor) {
    return indexSelect(this, axis, index);
  },
  gather(this: Tensor, axis: number, index: Tensor) {
    return gather(this, axis, index);
  },
  slice(this: Tensor, axis: number, start: number, end?: number, step?: number) {
    return slice(this, axis, start, end, step);
  },
  narrow(this: Tensor, axis: number, start: number, length: number) {
    return narrow(this, axis, start, length);
  },
});
