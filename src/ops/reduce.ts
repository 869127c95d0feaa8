/**
 * Reductions over one or more axes (`axis`: a number, a list, or undefined for all) with
 * `keepDims`, as NumPy / TensorFlow.js name them (PyTorch's `dim` / `keepdim`).
 */
import { normalizeAxes, numel, reducedShape, type Shape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';
import { div, to } from './elementwise.js';
import { broadcastTo, reshape } from './movement.js';

/** Axis argument of reductions: one axis, several, or undefined for all. */
export type Axis = number | readonly number[];

interface ReduceParams {
  axes: number[];
  keepDims: boolean;
}

const sumOp = defineOp<[Tensor], ReduceParams>({
  name: 'sum',
  forward: (k, [x], { axes, keepDims }) => ({
    data: k.sum(x.data, x.shape, axes),
    shape: reducedShape(x.shape, axes, keepDims),
  }),
  // Every input element contributed once: spread the gradient back over the reduced axes.
  backward: (g, { inputs: [x], params: { axes } }) => [
    broadcastTo(reshape(g, reducedShape(x.shape, axes, true)), x.shape),
  ],
});

/**
 * Sum over `axis` (all axes when omitted). Bool sums count trues (as int32).
 * @example sum(tensor([[1, 2], [3, 4]]), 0) // [4, 6]
 * @example tensor([[1, 2], [3, 4]]).sum(1, true) // [[3], [7]]
 */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'sum');
  return sumOp([x.dtype === 'bool' ? to(x, 'int32') : x], { axes, keepDims });
}

/**
 * Arithmetic mean over `axis` (all axes when omitted). Float tensors only, as PyTorch.
 * @example mean(tensor([[1, 2], [3, 4]]), 1) // [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  expectFloat('mean', x);
  const axes = normalizeAxes(axis, x.ndim, 'mean');
  const count = numel(axes.map((a) => x.shape[a] as number));
  return div(sum(x, axes, keepDims), count);
}

/**
 * Sum `g` down to `shape`: the gradient of broadcasting `shape` up to `g.shape`. Used by the
 * backward of every broadcasting op.
 * @example sumTo(ones([2, 3]), [1, 3]) // [[2, 2, 2]]
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(sum(g, axes, false), shape);
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `sum()`. */ sum(axis?: Axis, keepDims?: boolean): Tensor;
    /** See `mean()`. */ mean(axis?: Axis, keepDims?: boolean): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  sum(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return sum(this, axis, keepDims);
  },
  mean(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return mean(this, axis, keepDims);
  },
});
