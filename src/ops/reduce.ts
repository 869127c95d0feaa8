/**
 * Reductions over one or more axes (`axis`: a number, a list, or undefined for all) with
 * `keepDims`, as NumPy / TensorFlow.js name them (PyTorch's `dim` / `keepdim`): sum, mean, max,
 * min, argmax, argmin here; variance, std and logSumExp in `reduce-stats.ts`.
 */
import { kernels } from '../backend/backend.js';
import { fmtShape, ValueError } from '../errors.js';
import { normalizeAxes, normalizeAxis, numel, reducedShape, type Shape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';
import { div, mul, to } from './elementwise.js';
import { broadcastTo, reshape } from './movement.js';

export * from './reduce-stats.js';

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
 * Sum over `axis` (all axes when omitted): Σᵢ xᵢ. Bool sums count trues (as int32); int32 stays int32.
 * Shapes: [d0, …, dn] → the same with the reduced axes removed (kept as 1 with `keepDims`).
 * @throws ValueError `sum: axis 2 is out of range for a tensor of 2 dimensions (valid: -2 to 1)`
 * @example sum(tensor([[1, 2], [3, 4]]), 0) // [4, 6]
 * @example tensor([[1, 2], [3, 4]]).sum(1, true) // [[3], [7]]
 */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'sum');
  return sumOp([x.dtype === 'bool' ? to(x, 'int32') : x], { axes, keepDims });
}

/**
 * Arithmetic mean over `axis` (all axes when omitted): Σᵢ xᵢ / N. Float tensors only, as PyTorch.
 * @example mean(tensor([[1, 2], [3, 4]]), 1) // [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  expectFloat('mean', x);
  const axes = normalizeAxes(axis, x.ndim, 'mean');
  // A scalar's axis 0 has no size in its shape: it averages one element.
  const count = numel(axes.map((a) => x.shape[a] ?? 1));
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

// ---- max / min ----------------------------------------------------------------------------

/** The extreme of no elements is undefined: refuse to reduce over an empty axis, as PyTorch. */
function expectNonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  for (const a of axes) {
    if (x.shape[a] === 0) {
      throw new ValueError(
        `${op}: cannot reduce over axis ${a} of size 0 (input shape ${fmtShape(x.shape)}); ` +
          `an empty axis has no ${op === 'argmin' || op === 'min' ? 'minimum' : 'maximum'}. Reduce over a non-empty axis.`,
      );
    }
  }
}

function extremeOp(name: 'max' | 'min') {
  return defineOp<[Tensor], ReduceParams>({
    name,
    forward: (k, [x], { axes, keepDims }) => ({
      data: k[name](x.data, x.shape, axes),
      shape: reducedShape(x.shape, axes, keepDims),
    }),
    // The gradient goes to the positions that hold the extreme, split evenly among ties (torch.amax).
    backward: (g, { inputs: [x], params: { axes }, out }) => {
      const weights = new Tensor(kernels().tieWeights(x.data, x.shape, axes, out.data), x.shape);
      return [mul(reshape(g, reducedShape(x.shape, axes, true)), weights)];
    },
  });
}

const maxOp = extremeOp('max');
const minOp = extremeOp('min');

/**
 * Largest value over `axis` (all axes when omitted): maxᵢ xᵢ; values only (see `argmax` for
 * indices). Keeps the dtype. NaN propagates. Gradient: split evenly among tied maxima (torch.amax).
 * @throws ValueError when a reduced axis has size 0.
 * @example max(tensor([[1, 5], [3, 2]]), 1) // [5, 3]
 * @example tensor([[1, 5], [3, 2]]).max() // 5
 */
export function max(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'max');
  expectNonEmpty('max', x, axes);
  return maxOp([x], { axes, keepDims });
}

/**
 * Smallest value over `axis` (all axes when omitted): minᵢ xᵢ; values only (see `argmin`).
 * Keeps the dtype. NaN propagates. Gradient: split evenly among tied minima (torch.amin).
 * @throws ValueError when a reduced axis has size 0.
 * @example min(tensor([[1, 5], [3, 2]]), 0, true) // [[1, 2]]
 */
export function min(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'min');
  expectNonEmpty('min', x, axes);
  return minOp([x], { axes, keepDims });
}

// ---- argmax / argmin ----------------------------------------------------------------------

interface ArgParams {
  axis: number;
  shape: Shape;
}

const argmaxOp = defineOp<[Tensor], ArgParams>({
  name: 'argmax',
  forward: (k, [x], { axis, shape }) => ({ data: k.argmax(x.data, x.shape, axis), shape }),
});

const argminOp = defineOp<[Tensor], ArgParams>({
  name: 'argmin',
  forward: (k, [x], { axis, shape }) => ({ data: k.argmin(x.data, x.shape, axis), shape }),
});

function argReduce(name: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  const op = name === 'argmax' ? argmaxOp : argminOp;
  if (axis === undefined) {
    // Index into the flattened tensor, as PyTorch; keepDims keeps every dimension as 1.
    expectNonEmpty(name, x, normalizeAxes(undefined, x.ndim, name));
    const flat = new Tensor(x.data, [x.numel()]);
    return op([flat], { axis: 0, shape: keepDims ? x.shape.map(() => 1) : [] });
  }
  if (typeof axis !== 'number') {
    throw new ValueError(`${name}: axis must be a single number, got [${axis}]; reduce one axis at a time`);
  }
  const a = normalizeAxis(axis, x.ndim, name);
  expectNonEmpty(name, x, [a]);
  return op([x], { axis: a, shape: reducedShape(x.shape, [a], keepDims) });
}

/**
 * Index of the largest value along `axis` (int32, no gradient); the first one on ties, NaN counts
 * as largest (PyTorch). Without `axis`, the index into the flattened tensor.
 * @throws ValueError when the reduced axis has size 0.
 * @example argmax(tensor([[1, 5], [3, 2]]), 1) // [1, 0]
 * @example tensor([[1, 5], [3, 2]]).argmax() // 1
 */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argReduce('argmax', x, axis, keepDims);
}

/**
 * Index of the smallest value along `axis` (int32, no gradient); the first one on ties, NaN counts
 * as smallest (PyTorch). Without `axis`, the index into the flattened tensor.
 * @example argmin(tensor([[1, 5], [3, 2]]), 0) // [0, 1]
 */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argReduce('argmin', x, axis, keepDims);
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `sum()`. */ sum(axis?: Axis, keepDims?: boolean): Tensor;
    /** See `mean()`. */ mean(axis?: Axis, keepDims?: boolean): Tensor;
    /** See `max()`. */ max(axis?: Axis, keepDims?: boolean): Tensor;
    /** See `min()`. */ min(axis?: Axis, keepDims?: boolean): Tensor;
    /** See `argmax()`. */ argmax(axis?: number, keepDims?: boolean): Tensor;
    /** See `argmin()`. */ argmin(axis?: number, keepDims?: boolean): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  sum(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return sum(this, axis, keepDims);
  },
  mean(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return mean(this, axis, keepDims);
  },
  max(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return max(this, axis, keepDims);
  },
  min(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return min(this, axis, keepDims);
  },
  argmax(this: Tensor, axis?: number, keepDims?: boolean) {
    return argmax(this, axis, keepDims);
  },
  argmin(this: Tensor, axis?: number, keepDims?: boolean) {
    return argmin(this, axis, keepDims);
  },
});
