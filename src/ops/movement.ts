/**
 * Movement ops: change the shape or the order of elements without arithmetic. `reshape` and its
 * friends (flatten, squeeze, unsqueeze) share storage; `permute` / `transpose` copy with one
 * strided kernel. Joining and splitting (concat, stack, split, pad) live in `concat.ts`,
 * picking by position (slice, gather, indexSelect) in `indexing.ts`.
 */
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, normalizeAxes, normalizeAxis, numel, type Shape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp } from './define.js';
import { sumTo } from './reduce.js';

const reshapeOp = defineOp<[Tensor], Shape>({
  name: 'reshape',
  // Shares storage with the input, like a PyTorch view (data is contiguous by construction).
  forward: (_k, [x], shape) => ({ data: x.data, shape }),
  backward: (g, { inputs: [x] }) => [reshape(g, x.shape)],
});

/**
 * Same data, new shape; one dimension may be −1 (inferred). Shares storage with `x`.
 * @throws ShapeError `reshape: cannot reshape [2, 3] (6 elements) to [4, -1]`
 * @example reshape(arange(6), [2, 3]) // [[0, 1, 2], [3, 4, 5]]
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(shape, x.shape)) return x; // nothing to do (and nothing to check: x's shape is valid)
  const target = inferShape(x, shape);
  return shapesEqual(target, x.shape) ? x : reshapeOp([x], target);
}

function reshapeError(x: Tensor, shape: Shape, why: string): ShapeError {
  return new ShapeError(
    `reshape: cannot reshape ${fmtShape(x.shape)} (${x.numel()} elements) to ${fmtShape(shape)}: ${why}`,
  );
}

function inferShape(x: Tensor, shape: Shape): number[] {
  const n = x.numel();
  let free = 0;
  let known = 1;
  let invalid = false;
  for (const d of shape) {
    if (d === -1) free++;
    else if (!Number.isInteger(d) || d < -1) invalid = true;
    else known *= d;
  }
  if (free > 1) throw reshapeError(x, shape, 'only one dimension can be -1');
  if (invalid) throw reshapeError(x, shape, 'dimensions must be non-negative integers or -1');
  if (free === 1) {
    if (known === 0 || n % known !== 0) throw reshapeError(x, shape, `${n} is not divisible by ${known}`);
    return shape.map((d) => (d === -1 ? n / known : d));
  }
  if (known !== n) throw reshapeError(x, shape, `that shape holds ${known} elements`);
  return shape.slice();
}

const broadcastToOp = defineOp<[Tensor], Shape>({
  name: 'broadcastTo',
  forward: (k, [x], shape) => ({ data: k.broadcastTo(x.data, x.shape, shape), shape }),
  backward: (g, { inputs: [x] }) => [sumTo(g, x.shape)],
});

/**
 * Repeat `x` along size-1 (or missing leading) dimensions to reach `shape` (NumPy rules).
 * @throws ShapeError `broadcastTo: cannot broadcast [3] to [2, 4]`
 * @example broadcastTo(tensor([1, 2]), [2, 2]) // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const out = broadcastShapes(x.shape, shape, 'broadcastTo');
  if (!shapesEqual(out, shape)) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  }
  return broadcastToOp([x], [...shape]);
}

// ---- reshape-based ----------------------------------------------------------------------------

/**
 * Merge dimensions `startDim` … `endDim` (inclusive; negative counts from the end) into one.
 * A scalar becomes shape [1], as in PyTorch. Shares storage with `x`.
 *
 * Shapes: [d₀, …, d_s, …, d_e, …] → [d₀, …, d_s·…·d_e, …].
 * @throws ValueError when startDim comes after endDim.
 * @example flatten(zeros([2, 3, 4])).shape // [24]
 * @example zeros([2, 3, 4]).flatten(1).shape // [2, 12]
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis(startDim, x.ndim, 'flatten');
  const e = normalizeAxis(endDim, x.ndim, 'flatten');
  if (s > e) {
    throw new ValueError(
      `flatten: startDim ${startDim} comes after endDim ${endDim} for a tensor of ${x.ndim} dimensions`,
    );
  }
  const merged = numel(x.shape.slice(s, e + 1));
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/**
 * Remove dimensions of size 1: all of them, or only those listed in `axis` (a listed dimension
 * whose size is not 1 is left alone, as in PyTorch). Shares storage with `x`.
 * @example squeeze(zeros([2, 1, 3, 1])).shape // [2, 3]
 * @example zeros([2, 1, 3, 1]).squeeze(1).shape // [2, 3, 1]
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const axes = axis === undefined ? undefined : normalizeAxes(axis, x.ndim, 'squeeze');
  return reshape(
    x,
    x.shape.filter((d, i) => d !== 1 || (axes !== undefined && !axes.includes(i))),
  );
}

/**
 * Insert a dimension of size 1 at position `axis` (−ndim−1 … ndim; negative counts from the
 * end of the result). Shares storage with `x`.
 * @example unsqueeze(zeros([2, 3]), 0).shape // [1, 2, 3]
 * @example zeros([2, 3]).unsqueeze(-1).shape // [2, 3, 1]
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis(axis, x.ndim + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

// ---- permute ----------------------------------------------------------------------------------

const permuteOp = defineOp<[Tensor], number[]>({
  name: 'permute',
  forward: (k, [x], dims) => ({ data: k.permute(x.data, x.shape, dims), shape: dims.map((d) => x.shape[d] as number) }),
  // Output dimension i is input dimension dims[i]; the inverse permutation sends it back.
  backward: (g, { params: dims }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => {
      inverse[d] = i;
    });
    return [permute(g, inverse)];
  },
});

/**
 * Reorder the dimensions: output dimension i is input dimension `dims[i]` (negative counts
 * from the end). A copy.
 *
 * Shapes: [d₀, …, dₙ₋₁] → [d_dims[0], …, d_dims[n−1]].
 * @throws ValueError unless `dims` is a permutation of the input's dimensions.
 * @example permute(zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 * @example images.permute([0, 2, 3, 1]) // NCHW → NHWC
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const bad = () =>
    new ValueError(
      `permute: dims [${dims.join(', ')}] must list each of the ${x.ndim} dimensions of input ${fmtShape(x.shape)} exactly once`,
    );
  if (dims.length !== x.ndim) throw bad();
  const norm = dims.map((d) => normalizeAxis(d, x.ndim, 'permute'));
  if (new Set(norm).size !== norm.length) throw bad();
  if (norm.every((d, i) => d === i)) return x;
  return permuteOp([x], norm);
}

/**
 * Swap two dimensions (negative counts from the end). A copy; `x.transpose(0, 1)` of a matrix
 * is its transpose.
 * @example transpose(tensor([[1, 2, 3], [4, 5, 6]]), 0, 1) // [[1, 4], [2, 5], [3, 6]]
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeAxis(dim0, x.ndim, 'transpose');
  const b = normalizeAxis(dim1, x.ndim, 'transpose');
  if (a === b) return x;
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permuteOp([x], dims);
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `reshape()`. */ reshape(shape: Shape): Tensor;
    /** See `broadcastTo()`. */ broadcastTo(shape: Shape): Tensor;
    /** See `flatten()`. */ flatten(startDim?: number, endDim?: number): Tensor;
    /** See `squeeze()`. */ squeeze(axis?: number | readonly number[]): Tensor;
    /** See `unsqueeze()`. */ unsqueeze(axis: number): Tensor;
    /** See `permute()`. */ permute(dims: readonly number[]): Tensor;
    /** See `transpose()`. */ transpose(dim0: number, dim1: number): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  reshape(this: Tensor, shape: Shape) {
    return reshape(this, shape);
  },
  broadcastTo(this: Tensor, shape: Shape) {
    return broadcastTo(this, shape);
  },
  flatten(this: Tensor, startDim?: number, endDim?: number) {
    return flatten(this, startDim, endDim);
  },
  squeeze(this: Tensor, axis?: number | readonly number[]) {
    return squeeze(this, axis);
  },
  unsqueeze(this: Tensor, axis: number) {
    return unsqueeze(this, axis);
  },
  permute(this: Tensor, dims: readonly number[]) {
    return permute(this, dims);
  },
  transpose(this: Tensor, dim0: number, dim1: number) {
    return transpose(this, dim0, dim1);
  },
});
