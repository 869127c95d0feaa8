/**
 * Creating tensors: from JS data (`tensor`), filled (`zeros`, `ones`, `full`, `eye`), ranges
 * (`arange`, `linspace`) and random (`rand`, `randn`, `randint`, drawn from the seeded Rng).
 */
import { ARRAY_TYPES, allocate, castArray, type DType, dtypeOf, type TypedArray } from './dtype.js';
import { fmtShape, ShapeError, ValueError } from './errors.js';
import { globalRng, type Rng } from './random.js';
import { numel, type Shape } from './shape.js';
import { type NestedArray, Tensor } from './tensor.js';

/** Options shared by the factories. */
export interface TensorOptions {
  /** Element type; default 'float32' (random integers: 'int32'). */
  dtype?: DType;
  /** Track gradients for this tensor (float dtypes only). */
  requiresGrad?: boolean;
}

/** Options of random factories: the generator to draw from (default: the global one). */
export interface RandomOptions extends TensorOptions {
  rng?: Rng;
}

/**
 * A tensor from nested arrays of numbers/booleans or from a typed array.
 * Nested numbers give float32, booleans 'bool'; a typed array keeps its type
 * (Float64Array → float64, Int32Array → int32, Uint8Array → bool) unless `dtype` says otherwise.
 * The data is copied.
 * @param data nested arrays (shape inferred) or a typed array (shape `[length]` unless `shape`).
 * @example
 * import { tensor } from 'neurite';
 * tensor([[1, 2], [3, 4]]).shape;                        // [2, 2]
 * tensor(new Float32Array(6), { shape: [2, 3] }).shape;  // [2, 3]
 * tensor([0, 2, 1], { dtype: 'int32' });                 // class labels
 */
export function tensor(data: NestedArray | TypedArray, options: TensorOptions & { shape?: Shape } = {}): Tensor {
  let flat: TypedArray;
  let shape: Shape;
  if (ArrayBuffer.isView(data)) {
    flat = castArray(data, options.dtype ?? dtypeOf(data));
    shape = options.shape ?? [data.length];
  } else {
    const inferred = inferShape(data);
    const values: Array<number | boolean> = [];
    flatten(data, inferred, 0, values);
    const dtype = options.dtype ?? (typeof values[0] === 'boolean' ? 'bool' : 'float32');
    const tmp = Float64Array.from(values, Number);
    flat = castArray(tmp, dtype);
    shape = options.shape ?? inferred;
  }
  if (numel(shape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values do not fit shape ${fmtShape(shape)} (${numel(shape)} needed)`);
  }
  return new Tensor(flat, shape, options.requiresGrad ?? false);
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  return shape;
}

function flatten(data: NestedArray, shape: Shape, dim: number, out: Array<number | boolean>): void {
  if (dim === shape.length) {
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      throw new ShapeError(`tensor: ragged nested array: expected a number at depth ${dim}, found an array`);
    }
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    const got = Array.isArray(data) ? `length ${data.length}` : 'a number';
    throw new ShapeError(`tensor: ragged nested array: expected length ${shape[dim]} at depth ${dim}, found ${got}`);
  }
  for (const item of data) flatten(item, shape, dim + 1, out);
}

function checkShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

/**
 * A tensor filled with `value`.
 * @example full([2, 2], 7) // [[7, 7], [7, 7]]
 */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  checkShape('full', shape);
  const data = allocate(options.dtype ?? 'float32', numel(shape));
  data.fill(value);
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

/** A tensor of zeros. @example zeros([2, 3]).shape // [2, 3] */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A tensor of ones. @example ones([3]) // [1, 1, 1] */
export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * Values from `start` to `end` (exclusive) by `step`; `arange(n)` is 0..n-1. float32 unless
 * `dtype` is given.
 * @example arange(5) // [0, 1, 2, 3, 4]
 * @example arange(1, 2, 0.25) // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError(`arange: step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = allocate(options.dtype ?? 'float32', n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n], options.requiresGrad ?? false);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included.
 * @example linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const data = allocate(options.dtype ?? 'float32', steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill the second half from the end, as PyTorch does, so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return new Tensor(data, [steps], options.requiresGrad ?? false);
}

/**
 * The identity matrix `[n, m]` (m defaults to n).
 * @example eye(2) // [[1, 0], [0, 1]]
 */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  checkShape('eye', [n, m]);
  const data = allocate(options.dtype ?? 'float32', n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m], options.requiresGrad ?? false);
}

function random(op: string, shape: Shape, options: RandomOptions, draw: (rng: Rng) => number): Tensor {
  checkShape(op, shape);
  const dtype = options.dtype ?? 'float32';
  const rng = options.rng ?? globalRng;
  const data = new ARRAY_TYPES[dtype](numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw(rng);
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

/**
 * Uniform samples in [0, 1), from the global seeded generator or `options.rng`.
 * @example manualSeed(0); rand([2, 2]);
 */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return random('rand', shape, options, (r) => r.uniform());
}

/**
 * Standard normal samples (mean 0, std 1), seeded.
 * @example randn([3], { rng: new Rng(1) });
 */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return random('randn', shape, options, (r) => r.normal());
}

/**
 * Uniform integers in [low, high), int32 by default, seeded.
 * @example randint(0, 10, [5]) // five digits
 */
export function randint(low: number, high: number, shape: Shape, options: RandomOptions = {}): Tensor {
  if (!(Number.isInteger(low) && Number.isInteger(high) && high > low)) {
    throw new ValueError(`randint: need integers low < high, got low=${low}, high=${high}`);
  }
  return random('randint', shape, { dtype: 'int32', ...options }, (r) => r.int(low, high));
}
