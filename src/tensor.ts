/**
 * Tensor: an n-dimensional array with a shape, a dtype, row-major storage and, for autograd,
 * a gradient and the op that produced it. Methods such as `add` or `sum` are thin delegates
 * wired onto this class by the `ops` modules (see `ops/*.ts`), so this file holds only the data.
 */
import { type DType, dtypeOf, isFloat, type TypedArray } from './dtype.js';
import { DTypeError, fmtShape, ShapeError } from './errors.js';
import { formatTensor } from './format.js';
import { numel, type Shape } from './shape.js';

/**
 * One recorded op on the autograd tape: its inputs and the function that maps the gradient of
 * its output to the gradients of its inputs (null where an input needs none).
 */
export interface GradNode {
  /** The op's name, for error messages ("matmul"). */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Absent: one output, the tensor whose `gradFn` this is (see `MultiGradNode`). */
  readonly outputs?: undefined;
  readonly backward: (grad: Tensor) => ReadonlyArray<Tensor | null>;
}

/**
 * The tape node of an op with several outputs (`unbind`, `lstmCell`): every output's `gradFn` is
 * this one node, and backward runs once, with the gradients of all outputs together.
 */
export interface MultiGradNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Every output of the op, in order. */
  readonly outputs: readonly Tensor[];
  /** Input gradients from one gradient per output (null for outputs no gradient reached). */
  readonly backward: (grads: ReadonlyArray<Tensor | null>) => ReadonlyArray<Tensor | null>;
}

/** Nested JS arrays of numbers or booleans, as accepted by `tensor()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * An n-dimensional array with autograd. Create one with `tensor()`, `zeros()`, `randn()`, …
 *
 * `data` is always exactly `numel` contiguous row-major values of the dtype's typed array
 * (no strides, no offsets: `data.buffer` holds exactly these values); `reshape` may share it with
 * its input, as PyTorch's views do.
 *
 * @example
 * import { tensor } from 'neurite';
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  // The fields are declared and set in the constructor, not initialized in the class body: V8
  // runs class-body initializers as a separate function call per object, and a training step
  // makes a dozen tensors, most often before V8 has optimized anything.
  /** Dimensions, outermost first; `[]` for a scalar. */
  declare readonly shape: Shape;
  /** Number of dimensions (`shape.length`). */
  declare readonly ndim: number;
  /** Element type; selects the typed array of `data`. */
  declare readonly dtype: DType;
  /** Row-major storage: exactly `numel()` values. */
  declare readonly data: TypedArray;
  /** Gradient accumulated by `backward()` (leaves only), or null. */
  declare grad: Tensor | null;
  /** The op that produced this tensor (null for leaves created by the user). */
  declare gradFn: GradNode | MultiGradNode | null;
  declare private _requiresGrad: boolean;

  constructor(data: TypedArray, shape: Shape, requiresGrad = false) {
    if (data.length !== numel(shape)) {
      throw new ShapeError(
        `Tensor: ${data.length} values do not fill shape ${fmtShape(shape)} (${numel(shape)} needed)`,
      );
    }
    // A frozen shape (another tensor's, or one an op froze) can be shared; any other is copied so
    // that the caller's array stays theirs to change.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.ndim = this.shape.length;
    this.dtype = dtypeOf(data);
    this.data = data;
    this.grad = null;
    this.gradFn = null;
    this._requiresGrad = false;
    if (requiresGrad) this.requiresGrad = true;
  }

  /** Whether gradients flow to this tensor. Only float tensors can require gradients. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloat(this.dtype)) {
      throw new DTypeError(
        `requiresGrad: only float tensors can require gradients; this one is ${this.dtype}. ` +
          `Convert it first with .to('float32').`,
      );
    }
    this._requiresGrad = value;
  }

  /** Number of elements. */
  numel(): number {
    return this.data.length;
  }

  /** True for tensors created by the user rather than by an op. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The value of a one-element tensor as a JS number (booleans as 0/1).
   * @example tensor([[3]]).item() // 3
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new ShapeError(
        `item: only one-element tensors can be converted to a number; shape is ${fmtShape(this.shape)}`,
      );
    }
    return this.data[0] as number;
  }

  /**
   * The values as nested JS arrays (a number for a scalar; booleans for 'bool').
   * @example tensor([[1, 2], [3, 4]]).toArray() // [[1, 2], [3, 4]]
   */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.dtype === 'bool' ? this.data[0] !== 0 : (this.data[0] as number);
    return nest(this, 0, 0);
  }

  /** Prints like PyTorch: `tensor([[1., 2.], [3., 4.]], requiresGrad=true)`. */
  toString(): string {
    return formatTensor(this);
  }
}

/**
 * Dimension `dim` of `t` from flat position `at` on, as nested arrays: `data` is read in order
 * straight into them (no intermediate copy; a module function rather than a closure per call).
 */
function nest(t: Tensor, dim: number, at: number): NestedArray[] {
  const n = t.shape[dim] as number;
  const out: NestedArray[] = new Array(n);
  if (dim === t.shape.length - 1) {
    const bool = t.dtype === 'bool';
    for (let i = 0; i < n; i++) out[i] = bool ? t.data[at + i] !== 0 : (t.data[at + i] as number);
    return out;
  }
  let size = 1; // elements per entry of this dimension
  for (let d = dim + 1; d < t.shape.length; d++) size *= t.shape[d] as number;
  for (let i = 0; i < n; i++) out[i] = nest(t, dim + 1, at + i * size);
  return out;
}
