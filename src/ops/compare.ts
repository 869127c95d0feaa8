/**
 * Comparisons (eq, ne, lt, le, gt, ge → bool, no gradient), selection by a bool mask (`where`,
 * `maskedFill`) and the triangles of matrices (`tril`, `triu`). All broadcast as NumPy.
 */
import type { Kernels } from '../backend/backend.js';
import type { CompareKernel } from '../backend/kernels/elementwise.js';
import { castArray, promoteTypes } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, type TensorLike, toTensor } from './define.js';
import { binaryOperands, to } from './elementwise.js';
import { sumTo } from './reduce.js';

// ---- comparisons --------------------------------------------------------------------------

function compareOp(name: string, kernel: (k: Kernels) => CompareKernel) {
  // No backward: the output is bool, so nothing flows back through a comparison.
  const op = defineOp<[Tensor, Tensor], Shape>({
    name,
    forward: (k, [a, b], shape) => ({ data: kernel(k)(a.data, a.shape, b.data, b.shape, shape), shape }),
  });
  return (a: TensorLike, b: TensorLike): Tensor => {
    // Mixed dtypes compare in the promoted dtype, as PyTorch (int32 vs 0.5 compares as float32).
    const [ta, tb, shape] = binaryOperands(name, a, b);
    return op([ta, tb], shape);
  };
}

/** a = b elementwise, broadcast → bool (NaN ≠ everything). @example eq(tensor([1, 2]), 2) // [false, true] */
export const eq: (a: TensorLike, b: TensorLike) => Tensor = compareOp('eq', (k) => k.eq);
/** a ≠ b elementwise, broadcast → bool. @example ne(tensor([1, 2]), 2) // [true, false] */
export const ne: (a: TensorLike, b: TensorLike) => Tensor = compareOp('ne', (k) => k.ne);
/** a < b elementwise, broadcast → bool. @example lt(tensor([1, 2]), 2) // [true, false] */
export const lt: (a: TensorLike, b: TensorLike) => Tensor = compareOp('lt', (k) => k.lt);
/** a ≤ b elementwise, broadcast → bool. @example le(tensor([1, 3]), 2) // [true, false] */
export const le: (a: TensorLike, b: TensorLike) => Tensor = compareOp('le', (k) => k.le);
/** a > b elementwise, broadcast → bool. @example gt(tensor([[1], [3]]), tensor([2, 0])) // [[false, true], [true, true]] */
export const gt: (a: TensorLike, b: TensorLike) => Tensor = compareOp('gt', (k) => k.gt);
/** a ≥ b elementwise, broadcast → bool. @example ge(tensor([1, 2]), 2) // [false, true] */
export const ge: (a: TensorLike, b: TensorLike) => Tensor = compareOp('ge', (k) => k.ge);

// ---- where / maskedFill -------------------------------------------------------------------

function expectBool(op: string, t: Tensor, what: string): void {
  if (t.dtype !== 'bool') {
    throw new DTypeError(
      `${op}: ${what} must be a bool tensor, got ${t.dtype}. ` +
        `Build it with a comparison (e.g. x.gt(0)) or convert it with .to('bool').`,
    );
  }
}

const whereOp = defineOp<[Tensor, Tensor, Tensor], Shape>({
  name: 'where',
  forward: (k, [c, a, b], shape) => ({
    data: k.where(c.data as Uint8Array, c.shape, a.data, a.shape, b.data, b.shape, shape),
    shape,
  }),
  // Each element came from a or from b: route the gradient to whichever was chosen.
  backward: (g, { inputs: [c, a, b] }) => [
    null,
    a.requiresGrad ? sumTo(where(c, g, 0), a.shape) : null,
    b.requiresGrad ? sumTo(where(c, 0, g), b.shape) : null,
  ],
});

/** The operands of `where` as tensors of one dtype (PyTorch's rules; two integer scalars → int32). */
function whereOperands(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) {
    return [new Tensor(new Int32Array([a]), []), new Tensor(new Int32Array([b]), [])];
  }
  const ta = toTensor(a, b instanceof Tensor ? b : undefined);
  const tb = toTensor(b, ta);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  return [to(ta, dtype), to(tb, dtype)];
}

function broadcast3(op: string, c: Shape, a: Shape, b: Shape): number[] {
  try {
    return broadcastShapes(broadcastShapes(c, a, op), b, op);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError(
      `${op}: cannot broadcast condition ${fmtShape(c)}, input ${fmtShape(a)} and other ${fmtShape(b)} together ` +
        '(aligned from the right, each dimension must match or be 1)',
    );
  }
}

/**
 * Elementwise choice: out = cond ? a : b, with `cond`, `a` and `b` broadcast together (NumPy rules).
 * `a` and `b` promote to a common dtype. Gradient: g where cond for a, g where ¬cond for b.
 * The method form is PyTorch's: `a.where(cond, b)`.
 * @param cond bool tensor (from a comparison, or `.to('bool')`).
 * @throws DTypeError when `cond` is not bool; ShapeError when the three shapes do not broadcast.
 * @example where(tensor([true, false]), tensor([1, 2]), 0) // [1, 0]
 * @example x.where(x.gt(0), 0) // relu
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  expectBool('where', cond, 'condition');
  const [ta, tb] = whereOperands(a, b);
  return whereOp([cond, ta, tb], broadcast3('where', cond.shape, ta.shape, tb.shape));
}

/**
 * `value` where `mask` is true, `x` elsewhere; the result keeps x's dtype (the value is cast to it)
 * and has the broadcast shape of x and mask. No gradient flows to the filled positions.
 * @param mask bool tensor broadcastable with x.
 * @example maskedFill(scores, causalMask, -Infinity) // attention masking
 * @example maskedFill(tensor([1, 2, 3]), tensor([true, false, true]), 0) // [0, 2, 0]
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  expectBool('maskedFill', mask, 'mask');
  const shape = broadcastShapes(x.shape, mask.shape, 'maskedFill');
  const fill = new Tensor(castArray(new Float64Array([value]), x.dtype), []);
  return whereOp([mask, fill, x], shape);
}

// ---- triangles ----------------------------------------------------------------------------

function triangleOp(name: 'tril' | 'triu') {
  const op: (inputs: [Tensor], diagonal: number) => Tensor = defineOp<[Tensor], number>({
    name,
    forward: (k, [x], diagonal) => ({ data: k[name](x.data, x.shape, diagonal), shape: x.shape }),
    // Linear and mask-like: the gradient is the same triangle of the output gradient.
    backward: (g, { params: diagonal }) => [op([g], diagonal)],
  });
  return (x: Tensor, diagonal = 0): Tensor => {
    if (x.ndim < 2) {
      throw new ShapeError(
        `${name}: input must have at least 2 dimensions (a matrix or a batch of them), got shape ${fmtShape(x.shape)}`,
      );
    }
    if (!Number.isInteger(diagonal)) throw new ValueError(`${name}: diagonal must be an integer, got ${diagonal}`);
    return op([x], diagonal);
  };
}

/**
 * Lower triangle of the matrices in the last two dims of `x` ([..., M, N]): keeps x[..., i, j]
 * where j − i ≤ diagonal, zeroes the rest. diagonal > 0 keeps diagonals above the main one.
 * @example tril(ones([3, 3])) // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export const tril: (x: Tensor, diagonal?: number) => Tensor = triangleOp('tril');

/**
 * Upper triangle of the matrices in the last two dims of `x` ([..., M, N]): keeps x[..., i, j]
 * where j − i ≥ diagonal, zeroes the rest.
 * @example triu(ones([3, 3]), 1) // [[0, 1, 1], [0, 0, 1], [0, 0, 0]] (a causal attention mask)
 */
export const triu: (x: Tensor, diagonal?: number) => Tensor = triangleOp('triu');

// ---- methods ------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /** See `eq()`. */ eq(other: TensorLike): Tensor;
    /** See `ne()`. */ ne(other: TensorLike): Tensor;
    /** See `lt()`. */ lt(other: TensorLike): Tensor;
    /** See `le()`. */ le(other: TensorLike): Tensor;
    /** See `gt()`. */ gt(other: TensorLike): Tensor;
    /** See `ge()`. */ ge(other: TensorLike): Tensor;
    /** `where(cond, this, other)`, as PyTorch's `x.where(cond, y)`. */ where(cond: Tensor, other: TensorLike): Tensor;
    /** See `maskedFill()`. */ maskedFill(mask: Tensor, value: number): Tensor;
    /** See `tril()`. */ tril(diagonal?: number): Tensor;
    /** See `triu()`. */ triu(diagonal?: number): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  eq(this: Tensor, o: TensorLike) {
    return eq(this, o);
  },
  ne(this: Tensor, o: TensorLike) {
    return ne(this, o);
  },
  lt(this: Tensor, o: TensorLike) {
    return lt(this, o);
  },
  le(this: Tensor, o: TensorLike) {
    return le(this, o);
  },
  gt(this: Tensor, o: TensorLike) {
    return gt(this, o);
  },
  ge(this: Tensor, o: TensorLike) {
    return ge(this, o);
  },
  where(this: Tensor, cond: Tensor, other: TensorLike) {
    return where(cond, this, other);
  },
  maskedFill(this: Tensor, mask: Tensor, value: number) {
    return maskedFill(this, mask, value);
  },
  tril(this: Tensor, diagonal?: number) {
    return tril(this, diagonal);
  },
  triu(this: Tensor, diagonal?: number) {
    return triu(this, diagonal);
  },
});
