/**
 * Movement ops: change shape or order of elements without arithmetic.
 */
import { fmtShape, ShapeError } from '../errors.js';
import { broadcastShapes, numel, type Shape, shapesEqual } from '../shape.js';
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
  const target = inferShape(x, shape);
  return shapesEqual(target, x.shape) ? x : reshapeOp([x], target);
}

function inferShape(x: Tensor, shape: Shape): number[] {
  const n = x.numel();
  const fail = (why: string) =>
    new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${n} elements) to ${fmtShape(shape)}: ${why}`);
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw fail('only one dimension can be -1');
  if (shape.some((d) => !Number.isInteger(d) || d < -1)) throw fail('dimensions must be non-negative integers or -1');
  const known = numel(shape.filter((d) => d !== -1));
  if (free === 1) {
    if (known === 0 || n % known !== 0) throw fail(`${n} is not divisible by ${known}`);
    return shape.map((d) => (d === -1 ? n / known : d));
  }
  if (known !== n) throw fail(`that shape holds ${known} elements`);
  return [...shape];
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

declare module '../tensor.js' {
  interface Tensor {
    /** See `reshape()`. */ reshape(shape: Shape): Tensor;
    /** See `broadcastTo()`. */ broadcastTo(shape: Shape): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  reshape(this: Tensor, shape: Shape) {
    return reshape(this, shape);
  },
  broadcastTo(this: Tensor, shape: Shape) {
    return broadcastTo(this, shape);
  },
});
