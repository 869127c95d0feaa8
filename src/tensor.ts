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
  readonly backward: (grad: Tensor) => ReadonlyArray<Tensor | null>;
}

/** Nested JS arrays of numbers or booleans, as accepted by `tensor()`. */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * An n-dimensional array with autograd. Create one with `tensor()`, `zeros()`, `randn()`, …
 *
 * `data` is always exactly `numel` contiguous row-major values of the dtype's typed array
 * (no strides); `reshape` may share it with its input, as PyTorch's views do. Small arrays are
 * windows on a shared buffer (see `allocate`), so code that reads `data.buffer` must use
 * `data.byteOffset` and `data.byteLength` too.
 *
 * @example
 * import { tensor } from 'neurite';
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  /** Dimensions, outermost first; `[]` for a scalar. */
  readonly shape: Shape;
  /** Element type; selects the typed array of `data`. */
  readonly dtype: DType;
  /** Row-major storage: exactly `numel()` values. */
  readonly data: TypedArray;
  /** Gradient accumulated by `backward()` (leaves only), or null. */
  grad: Tensor | null = null;
  /** The op that produced this tensor (null for leaves created by the user). */
  gradFn: GradNode | null = null;
  private _requiresGrad = false;

  constructor(data: TypedArray, shape: Shape, requiresGrad = false) {
    if (data.length !== numel(shape)) {
      throw new ShapeError(
        `Tensor: ${data.length} values do not fill shape ${fmtShape(shape)} (${numel(shape)} needed)`,
      );
    }
    this.data = data;
    // A frozen shape (another tensor's, or one an op froze) can be shared; any other is copied so
    // that the caller's array stays theirs to change.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.dtype = dtypeOf(data);
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

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
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
    const values: number[] | boolean[] =
      this.dtype === 'bool' ? Array.from(this.data, (v) => v !== 0) : Array.from(this.data as ArrayLike<number>);
    if (this.shape.length === 0) return values[0] as number | boolean;
    let pos = 0;
    const build = (dim: number): NestedArray[] => {
      const n = this.shape[dim] as number;
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = dim === this.shape.length - 1 ? (values[pos++] as number) : build(dim + 1);
      return out;
    };
    return build(0);
  }

  /** Prints like PyTorch: `tensor([[1., 2.], [3., 4.]], requiresGrad=true)`. */
  toString(): string {
    return formatTensor(this);
  }
}
