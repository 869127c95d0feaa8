/**
 * Shape arithmetic shared by ops, kernels and layers: element counts, row-major strides,
 * NumPy broadcasting and axis normalization. Pure functions on `readonly number[]`.
 */
import { fmtShape, ShapeError, ValueError } from './errors.js';

/** A tensor shape, outermost dimension first. `[]` is a scalar. */
export type Shape = readonly number[];

/**
 * Number of elements of a shape (1 for a scalar).
 * @example numel([2, 3]) // 6
 */
export function numel(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i] as number; // indexed: this runs for every tensor
  return n;
}

/**
 * Row-major (C order) strides, in elements.
 * @example stridesOf([2, 3, 4]) // [12, 4, 1]
 */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}

/** True when both shapes have the same dimensions. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The NumPy broadcast of two shapes: align from the right; each pair of dimensions must be
 * equal or one of them 1.
 * @throws ShapeError `add: cannot broadcast [32, 10] with [32, 5]`
 * @example broadcastShapes([3, 1], [4], 'add') // [3, 4]
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: cannot broadcast ${fmtShape(a)} with ${fmtShape(b)} ` +
          `(dimension ${i - n} is ${da} vs ${db}; sizes must match or one must be 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides for reading `shape` as if broadcast to `outShape`: 0 along broadcast dimensions.
 * @example broadcastStrides([3, 1], [2, 3, 4]) // [0, 1, 0]
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const off = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[i + off] = shape[i] === 1 ? 0 : (own[i] as number);
  return out;
}

/**
 * Resolve a possibly negative axis against `ndim`.
 * @throws ValueError `sum: axis 3 is out of range for a tensor of 2 dimensions`
 */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  // A scalar accepts axis 0 and -1, as PyTorch does.
  const a = axis < 0 ? axis + Math.max(ndim, 1) : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= Math.max(ndim, 1)) {
    throw new ValueError(
      `${op}: axis ${axis} is out of range for a tensor of ${ndim} dimensions ` +
        `(valid: ${-Math.max(ndim, 1)} to ${Math.max(ndim, 1) - 1})`,
    );
  }
  return a;
}

/**
 * Resolve `axis` (one, several, or undefined meaning all) to sorted unique non-negative axes.
 * @example normalizeAxes(-1, 3, 'sum') // [2]
 */
export function normalizeAxes(axis: number | readonly number[] | undefined, ndim: number, op: string): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axis === 'number') return [normalizeAxis(axis, ndim, op)]; // the common case, without the Set
  const list = axis;
  const out = [...new Set(list.map((a) => normalizeAxis(a, ndim, op)))].sort((x, y) => x - y);
  if (out.length !== list.length) throw new ValueError(`${op}: repeated axis in [${list.join(', ')}]`);
  return out;
}

/**
 * Shape after reducing `axes` (sorted, non-negative): kept as 1 with keepDims, else removed.
 * @example reducedShape([2, 3, 4], [1], false) // [2, 4]
 */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}
