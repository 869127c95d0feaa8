/**
 * Data types and the typed array each one is stored in.
 *
 * - `float32` (default): Float32Array — the working precision of training.
 * - `float64`: Float64Array — the reference backend and gradient checks.
 * - `int32`: Int32Array — indices and class labels.
 * - `bool`: Uint8Array holding 0 or 1 — results of comparisons, masks for `where`.
 *
 * @example
 * import { tensor } from 'neurite';
 * tensor([1, 2]).dtype; // 'float32'
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array behind each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any storage array a tensor can own. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
/** Storage of a floating-point tensor. */
export type FloatArray = Float32Array | Float64Array;

/** Constructors, indexed by dtype. */
export const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

// ---- allocation ----------------------------------------------------------------------------------
// Every array owns its buffer: `data.buffer` holds exactly the tensor's values (byteOffset 0), so it
// can be posted, transferred or written out as is, and a small tensor never keeps a larger shared
// buffer alive.
/**
 * Allocate a zero-filled array of `n` elements for `dtype`: every kernel output and tensor storage.
 * @example allocate('float32', 3) // Float32Array [0, 0, 0]
 */
export function allocate<D extends DType>(dtype: D, n: number): DTypeArrayMap[D] {
  return new ARRAY_TYPES[dtype](n) as DTypeArrayMap[D];
}

/** The dtype whose array type `data` is. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

/** True for float32 and float64: the dtypes that carry gradients. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * Type promotion for binary ops, as PyTorch does for tensors of the same category:
 * bool < int32 < float32 < float64.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Copy `data` into a new array of `dtype` (bool maps non-zero to 1). */
export function castArray<D extends DType>(data: TypedArray, dtype: D): DTypeArrayMap[D] {
  const out = allocate(dtype, data.length);
  if (dtype === 'bool') {
    for (let i = 0; i < data.length; i++) out[i] = data[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32') {
    // Truncate toward zero, as PyTorch's .to(torch.int32) does.
    for (let i = 0; i < data.length; i++) out[i] = Math.trunc(data[i] as number);
  } else {
    out.set(data);
  }
  return out;
}
